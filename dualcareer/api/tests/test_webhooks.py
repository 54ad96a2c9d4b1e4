"""Webhooks: audit events, scoped, signed, retried and logged; against a local receiver."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from dualcareer.api.models import Webhook, WebhookDelivery
from dualcareer.api.webhooks import delivery as delivery_module
from dualcareer.api.webhooks import services
from dualcareer.api.webhooks.delivery import ReceiverRefused, check_receiver, verify
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.services import introduction_answer, introduction_create
from dualcareer.openings import services as opening_services
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.jobs import DATABASE_TASKS, make_jobs_due, run_worker


class Receiver:
    """A local HTTP receiver on an ephemeral port; answers with the given status codes."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                receiver.requests.append((dict(self.headers), self.rfile.read(length)))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


OPENING = {
    "title_de": "Laborleitung",
    "description_de": "Leitung des Labors.",
    "occupation_field": "research",
    "contract_type": "permanent",
    "places": [{"postcode": "45127"}],
    "visibility": "network",
    "is_published": True,
}


@override_settings(WEBHOOK_ALLOW_PRIVATE_HOSTS=True)
class WebhookDeliveryTests(BaseTestCase):
    def setUp(self):
        cache.clear()

    def register(self, user, institution, url, events):
        return services.webhook_create(user=user, institution=institution, url=url, events=events)

    def post_opening(self):
        api = APIClient()
        api.force_authenticate(self.emil)
        with self.captureOnCommitCallbacks(execute=True):
            response = api.post(
                reverse("api_v1:opening_list"),
                {**OPENING, "employer": self.employer_inst.slug},
                format="json",
            )
        self.assertEqual(response.status_code, 201, response.content)
        return response.json()

    def test_a_published_opening_is_delivered_signed_to_its_institution_only(self):
        with Receiver() as mine, Receiver() as theirs:
            _hook, secret = self.register(
                self.emil, self.employer_inst, mine.url, ["opening.published"]
            )
            self.register(self.alice, self.inst, theirs.url, ["opening.published"])
            opening = self.post_opening()
        self.assertEqual(len(mine.requests), 1)
        self.assertEqual(theirs.requests, [])  # another institution's opening: not theirs
        headers, body = mine.requests[0]
        self.assertEqual(headers["X-Dualcareer-Event"], "opening.published")
        self.assertTrue(
            verify(
                secret,
                headers["X-Dualcareer-Timestamp"],
                body,
                headers["X-Dualcareer-Signature"],
            )
        )
        self.assertFalse(
            verify(
                secret,
                headers["X-Dualcareer-Timestamp"],
                body + b" ",
                headers["X-Dualcareer-Signature"],
            )
        )
        self.assertFalse(
            verify(
                "0" * 64, headers["X-Dualcareer-Timestamp"], body, headers["X-Dualcareer-Signature"]
            )
        )
        payload = json.loads(body)
        self.assertEqual(payload["event"], "opening.published")
        self.assertEqual(payload["data"]["opening"]["id"], opening["id"])
        delivery = WebhookDelivery.objects.get(webhook__institution=self.employer_inst)
        self.assertEqual(
            (delivery.status, delivery.attempts, delivery.response_code), ("delivered", 1, 200)
        )

    def test_an_unsubscribed_event_is_not_sent(self):
        with Receiver() as receiver:
            self.register(self.emil, self.employer_inst, receiver.url, ["opening.closed"])
            self.post_opening()
        self.assertEqual(receiver.requests, [])
        self.assertFalse(WebhookDelivery.objects.exists())

    @override_settings(TASKS=DATABASE_TASKS, WEBHOOK_MAX_ATTEMPTS=3)
    def test_failures_are_retried_with_backoff_then_delivered(self):
        with Receiver(statuses=[500, 503]) as receiver:
            self.register(self.emil, self.employer_inst, receiver.url, ["opening.published"])
            self.post_opening()
            run_worker()
            delivery = WebhookDelivery.objects.get()
            self.assertEqual((delivery.status, delivery.attempts), ("retrying", 1))
            self.assertEqual(delivery.response_code, 500)
            assert delivery.next_attempt_at is not None
            first_wait = delivery.next_attempt_at - delivery.created_at
            make_jobs_due()
            run_worker()
            delivery.refresh_from_db()
            self.assertEqual((delivery.status, delivery.attempts), ("retrying", 2))
            make_jobs_due()
            run_worker()
        delivery.refresh_from_db()
        self.assertEqual(
            (delivery.status, delivery.attempts, delivery.response_code), ("delivered", 3, 200)
        )
        self.assertEqual(len(receiver.requests), 3)
        # the same delivery id each time, so that the receiver can drop duplicates
        self.assertEqual(len({h["X-Dualcareer-Delivery"] for h, _b in receiver.requests}), 1)
        self.assertEqual(delivery_module.retry_delay(2), 2 * delivery_module.retry_delay(1))
        self.assertGreater(first_wait.total_seconds(), 50)

    @override_settings(TASKS=DATABASE_TASKS, WEBHOOK_MAX_ATTEMPTS=2)
    def test_after_the_last_attempt_the_delivery_fails(self):
        with Receiver(statuses=[500, 500, 500]) as receiver:
            self.register(self.emil, self.employer_inst, receiver.url, ["opening.published"])
            self.post_opening()
            run_worker()
            make_jobs_due()
            run_worker()
        delivery = WebhookDelivery.objects.get()
        self.assertEqual((delivery.status, delivery.attempts), ("failed", 2))
        self.assertEqual(len(receiver.requests), 2)

    def test_an_answered_introduction_goes_to_the_introducing_institution_without_the_partner(self):
        case = make_case(self.inst, self.paula, scopes=("employers",))
        opening = OpeningFactory(institution=self.employer_inst)
        introduction = introduction_create(user=self.alice, case=case, opening=opening)
        with Receiver() as inst_receiver, Receiver() as employer_receiver:
            self.register(self.alice, self.inst, inst_receiver.url, ["introduction.answered"])
            self.register(
                self.emil, self.employer_inst, employer_receiver.url, ["introduction.answered"]
            )
            with self.captureOnCommitCallbacks(execute=True):
                introduction_answer(
                    user=self.emil, introduction=introduction, answer="interested", reason=""
                )
        self.assertEqual(employer_receiver.requests, [])
        self.assertEqual(len(inst_receiver.requests), 1)
        body = inst_receiver.requests[0][1].decode()
        data = json.loads(body)["data"]["introduction"]
        self.assertEqual(data["answer"], "interested")
        self.assertEqual(data["id"], str(introduction.public_id))
        for secret in ("Paula", "paula@example.org"):
            self.assertNotIn(secret, body)

    def test_a_rolled_back_change_sends_nothing(self):
        with Receiver() as receiver:
            self.register(self.emil, self.employer_inst, receiver.url, ["opening.closed"])
            opening = OpeningFactory(institution=self.employer_inst, is_published=True)
            with (
                self.captureOnCommitCallbacks(execute=True),
                self.assertRaises(RuntimeError),
                transaction.atomic(),
            ):
                opening_services.opening_set_published(
                    user=self.emil, opening=opening, published=False
                )
                raise RuntimeError("the change fails after the audit entry")
        self.assertEqual(receiver.requests, [])
        self.assertFalse(WebhookDelivery.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action="opening.unpublished").exists())


class WebhookRegistrationTests(BaseTestCase):
    def test_private_and_non_http_addresses_are_refused(self):
        for url in (
            "http://127.0.0.1/hook",
            "http://10.0.0.1/hook",
            "http://[::1]/hook",
            "http://169.254.169.254/latest/meta-data",
            "ftp://93.184.216.34/x",
            "http://user:pw@93.184.216.34/x",
            "file:///etc/passwd",
        ):
            with self.subTest(url=url), self.assertRaises(ReceiverRefused):
                check_receiver(url)
        check_receiver("https://93.184.216.34/hook")  # a public address literal

    def test_delivery_to_a_private_address_is_refused_at_send_time(self):
        with self.assertRaises(ReceiverRefused):
            delivery_module.post("http://127.0.0.1:9/hook", b"{}", {})

    def test_only_the_institution_s_staff_register(self):
        for user in (self.charlie, self.cora, self.paula):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.webhook_create(
                    user=user,
                    institution=self.inst,
                    url="https://93.184.216.34/hook",
                    events=["opening.published"],
                )
        with self.assertRaises(ValidationError) as caught:
            services.webhook_create(
                user=self.alice, institution=self.inst, url="https://93.184.216.34/", events=["x"]
            )
        self.assertIn("events", caught.exception.message_dict)
        self.assertFalse(Webhook.objects.exists())


class WebhookPageTests(BaseTestCase):
    url = reverse("api_pages:webhook_list")

    def test_register_shows_the_secret_once_and_the_log(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url, {"url": "https://93.184.216.34/hook", "events": ["opening.published"]}
        )
        self.assertEqual(response.status_code, 200)
        webhook = Webhook.objects.get()
        self.assertContains(response, webhook.secret)
        self.assertNotContains(self.client.get(self.url), webhook.secret)
        WebhookDelivery.objects.create(
            webhook=webhook,
            event="opening.published",
            payload={},
            status="failed",
            attempts=6,
            response_code=502,
            last_error="HTTP 502",
        )
        detail = self.client.get(reverse("api_pages:webhook_detail", args=[webhook.public_id]))
        self.assertContains(detail, "502")
        self.assertNotContains(detail, webhook.secret)
        self.assertTrue(AuditEntry.objects.filter(action="webhook.created").exists())

    def test_the_list_shows_the_newest_webhook_first(self):
        made = [
            services.webhook_create(
                user=self.alice,
                institution=self.inst,
                url=f"https://93.184.216.34/hook-{n}",
                events=["opening.published"],
            )[0]
            for n in range(3)
        ]
        Webhook.objects.filter(pk=made[1].pk).update(created_at=made[2].created_at)  # a tie
        self.client.force_login(self.alice)
        listed = list(self.client.get(self.url).context["webhooks"])
        expected = list(Webhook.objects.order_by("-created_at", "-id"))
        self.assertEqual(listed, expected)
        self.assertEqual(listed[-1], made[0])

    def test_events_and_errors_are_named_in_the_readers_language(self):
        webhook, _secret = services.webhook_create(
            user=self.alice,
            institution=self.inst,
            url="https://93.184.216.34/h",
            events=["opening.published", "registration.confirmed"],
        )
        for error in ("AddressRefused", "HTTP 503", "SomethingNew"):
            WebhookDelivery.objects.create(
                webhook=webhook, event="opening.closed", payload={}, last_error=error
            )
        self.client.force_login(self.alice)
        detail_url = reverse("api_pages:webhook_detail", args=[webhook.public_id])
        listing, detail = self.client.get(self.url), self.client.get(detail_url)
        self.assertContains(listing, "Stelle veröffentlicht <code>opening.published</code>")
        self.assertContains(listing, "Anmeldung zu einer Fortbildung bestätigt")
        self.assertContains(detail, "Stelle geschlossen <code>opening.closed</code>")
        self.assertContains(detail, "privates oder lokales Netz")
        self.assertContains(detail, "Status 503")
        self.assertContains(detail, "SomethingNew")  # an unknown error type is shown as stored
        self.assertNotContains(detail, "AddressRefused")
        with translation.override("en"):  # the English address: /en/...
            english = self.client.get(reverse("api_pages:webhook_detail", args=[webhook.public_id]))
        self.assertContains(english, "Opening closed <code>opening.closed</code>")
        self.assertContains(english, "the receiver answered with status 503")

    def test_the_english_pages_name_the_institution_in_english(self):
        self.inst.name_en = "University of Alpha"
        self.inst.save()
        webhook, _secret = services.webhook_create(
            user=self.alice,
            institution=self.inst,
            url="https://93.184.216.34/h",
            events=["opening.published"],
        )
        self.client.force_login(self.alice)
        with translation.override("en"):
            pages = [
                self.client.get(reverse("api_pages:webhook_list")),
                self.client.get(reverse("api_pages:webhook_detail", args=[webhook.public_id])),
            ]
        for page in pages:
            self.assertContains(page, "University of Alpha")
            self.assertNotContains(page, "Universität Alpha")

    def test_a_private_address_is_a_form_error(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url, {"url": "http://127.0.0.1/hook", "events": ["opening.published"]}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("url", response.context["form"].errors)

    def test_outsider_sees_neither_log_nor_delete(self):
        webhook, _secret = services.webhook_create(
            user=self.alice,
            institution=self.inst,
            url="https://93.184.216.34/h",
            events=["opening.published"],
        )
        self.client.force_login(self.charlie)
        detail = reverse("api_pages:webhook_detail", args=[webhook.public_id])
        delete = reverse("api_pages:webhook_delete", args=[webhook.public_id])
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.assertEqual(self.client.post(delete).status_code, 404)
        self.assertTrue(Webhook.objects.filter(pk=webhook.pk).exists())
        self.client.force_login(self.bob)
        self.assertRedirects(self.client.post(delete), self.url)
        self.assertFalse(Webhook.objects.filter(pk=webhook.pk).exists())


@override_settings(WEBHOOK_ALLOW_PRIVATE_HOSTS=True)
class RegistrationWebhookTests(BaseTestCase):
    def test_a_confirmed_seat_is_sent_to_the_organiser_without_the_participant(self):
        from dualcareer.trainings.models import Audience
        from dualcareer.trainings.services import registration_create
        from dualcareer.trainings.tests.factories import make_training

        training = make_training(self.network, audience=Audience.OFFICERS)
        organiser = self.make_user("olga", self.coord_inst, "officer")
        with Receiver() as organiser_receiver, Receiver() as member_receiver:
            services.webhook_create(
                user=organiser,
                institution=self.coord_inst,
                url=organiser_receiver.url,
                events=["registration.confirmed"],
            )
            services.webhook_create(
                user=self.alice,
                institution=self.inst,
                url=member_receiver.url,
                events=["registration.confirmed"],
            )
            with self.captureOnCommitCallbacks(execute=True):
                registration_create(training=training, user=self.bob)
        self.assertEqual(member_receiver.requests, [])
        (request,) = organiser_receiver.requests
        body = request[1].decode()
        payload = json.loads(body)
        self.assertEqual(payload["event"], "registration.confirmed")
        self.assertEqual(payload["data"]["training"]["id"], str(training.public_id))
        self.assertNotIn("bob", body.lower())
