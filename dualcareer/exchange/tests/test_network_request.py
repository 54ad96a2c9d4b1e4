import datetime as dt
import re

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dualcareer.cases.services import case_close
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import NetworkRequest, NetworkRequestRecipient
from dualcareer.exchange.services import (
    network_request_answer,
    network_request_send,
    network_requests_remind_and_expire,
    request_token,
)
from dualcareer.network.models import Sector
from dualcareer.openings.tests.factories import grant, make_case, withdraw
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class NetworkRequestTests(BaseTestCase):
    def setUp(self):
        for institution in (self.other_inst, self.employer_inst, self.coord_inst):
            f.ContactFactory(institution=institution, email=f"dcs@{institution.slug}.example.org")
        self.case = make_case(self.inst, self.paula, scopes=("employers",))

    def test_chosen_member_needs_consent(self):
        with self.assertRaises(ValidationError) as raised:
            network_request_send(
                user=self.alice, case=self.case, message="Biochemie", institutions=[self.other_inst]
            )
        self.assertIn("institutions", raised.exception.message_dict)
        self.assertFalse(NetworkRequest.objects.exists())

    def test_whole_network_leaves_out_members_the_consent_does_not_cover(self):
        request, left_out = network_request_send(
            user=self.alice, case=self.case, message="Biochemie", network=self.network
        )
        recipients = set(request.recipients.values_list("institution__sector", flat=True))
        self.assertEqual(recipients, {Sector.COMPANY, Sector.REGIONAL_ASSOCIATION})
        self.assertIn(self.other_inst, left_out)
        self.assertEqual(len(mail.outbox), 2)
        for message in mail.outbox:
            self.assertNotIn("Petra", message.body)

    def test_contact_answers_through_the_signed_link_without_login(self):
        network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.employer_inst]
        )
        match = re.search(r"http\S+/requests/answer/\S+/", mail.outbox[0].body)
        assert match is not None
        link = match.group(0)
        path = "/" + link.split("://", 1)[1].split("/", 1)[1]
        page = self.client.get(path)
        self.assertContains(page, "Massenspektrometrie")
        self.assertNotContains(page, "Quellmalz")
        self.assertNotContains(page, "petra.quellmalz")
        response = self.client.post(path, {"answer": "forwarded", "note": "An die Chemie"})
        self.assertEqual(response.status_code, 302)
        recipient = NetworkRequestRecipient.objects.get()
        self.assertEqual(recipient.answer, "forwarded")
        self.assertEqual(mail.outbox[-1].to, ["alice@example.org"])

    def test_forged_token_is_404(self):
        self.assertEqual(self.client.get("/openings/requests/answer/abc/").status_code, 404)

    def test_answer_after_consent_withdrawn_is_refused_and_page_hides_profile(self):
        request, _ = network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.employer_inst]
        )
        withdraw(self.case, "employers")
        recipient = request.recipients.get()
        with self.assertRaises(ValidationError):
            network_request_answer(recipient=recipient, answer="nothing")

    def test_outsiders_cannot_send(self):
        for outsider in (self.charlie, self.emil, self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                network_request_send(
                    user=outsider, case=self.case, message="x", institutions=[self.employer_inst]
                )

    def test_reminded_once_then_expired(self):
        request, _ = network_request_send(
            user=self.alice,
            case=self.case,
            message="Biochemie",
            institutions=[self.employer_inst],
            days=10,
        )
        mail.outbox.clear()
        today = timezone.localdate()
        self.assertEqual(network_requests_remind_and_expire(today=today), (0, 0))
        self.assertEqual(
            network_requests_remind_and_expire(today=today + dt.timedelta(days=6)), (1, 0)
        )
        self.assertEqual(
            network_requests_remind_and_expire(today=today + dt.timedelta(days=8)), (0, 0)
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(
            network_requests_remind_and_expire(today=today + dt.timedelta(days=11)), (0, 1)
        )
        self.assertIsNotNone(request.recipients.get().expired_at)


class RequestLinkLifetimeTests(BaseTestCase):
    """The answer link shows the profile only while the request is open, and takes one answer."""

    def setUp(self):
        f.ContactFactory(institution=self.employer_inst, email="dcs@employer.example.org")
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        request, _left_out = network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.employer_inst]
        )
        self.request = request
        self.recipient = request.recipients.get()
        self.url = reverse("exchange:request_answer", args=[request_token(self.recipient)])

    def assert_ended(self, heading="Diese Anfrage ist beendet"):
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 410)
        self.assertContains(page, heading, status_code=410)
        for secret in ("Massenspektrometrie", "Biochemie", "Quellmalz"):
            self.assertNotContains(page, secret, status_code=410)
        response = self.client.post(self.url, {"answer": "opening_found", "note": "x"})
        self.assertEqual(response.status_code, 410)
        self.recipient.refresh_from_db()
        self.assertEqual(self.recipient.answer, "")
        with self.assertRaises(ValidationError):
            network_request_answer(recipient=self.recipient, answer="nothing")

    def test_the_open_link_shows_the_profile(self):
        self.assertContains(self.client.get(self.url), "Massenspektrometrie")

    def test_the_link_ends_after_the_deadline(self):
        NetworkRequest.objects.filter(pk=self.request.pk).update(
            expires_on=timezone.localdate() - dt.timedelta(days=1)
        )
        self.assert_ended()

    def test_the_link_ends_when_the_case_is_closed(self):
        case_close(case=self.case, actor=self.alice, outcome="no_result", close_open_items=True)
        self.assert_ended(heading="Der Fall ist abgeschlossen")

    def test_the_link_ends_when_the_case_is_erased(self):
        self.case.anonymised_at = timezone.now()
        self.case.save(update_fields=["anonymised_at"])
        self.assert_ended()

    def test_the_link_ends_for_good_when_consent_is_withdrawn_even_if_granted_again(self):
        withdraw(self.case, "employers")
        self.assert_ended()
        grant(self.case, "employers")
        self.assert_ended()

    def test_an_answered_link_shows_the_answer_only_and_takes_no_other_answer(self):
        response = self.client.post(self.url, {"answer": "forwarded", "note": "An die Chemie"})
        self.assertRedirects(response, self.url)
        page = self.client.get(self.url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "An einen Fachbereich weitergeleitet")
        for secret in ("Massenspektrometrie", "Biochemie", "Quellmalz"):
            self.assertNotContains(page, secret)
        again = self.client.post(self.url, {"answer": "nothing"})
        self.assertEqual(again.status_code, 409)
        self.recipient.refresh_from_db()
        self.assertEqual(self.recipient.answer, "forwarded")
        with self.assertRaises(ValidationError):
            network_request_answer(recipient=self.recipient, answer="nothing")

    def test_reading_the_profile_through_the_link_is_audited_without_personal_data(self):
        self.client.get(self.url)
        entry = AuditEntry.objects.get(action="network_request.profile_viewed")
        self.assertIsNone(entry.actor)
        self.assertEqual(entry.institution_id, self.inst.pk)
        self.assertEqual(entry.data["case"], str(self.case.public_id))
        self.assertEqual(entry.data["member"], self.employer_inst.pk)
        for secret in ("Petra", "Quellmalz", "dcs@", "Biochemie"):
            self.assertNotIn(secret, str(entry.data))

    def test_an_ended_link_is_not_audited_as_a_read(self):
        withdraw(self.case, "employers")
        self.client.get(self.url)
        self.assertFalse(
            AuditEntry.objects.filter(action="network_request.profile_viewed").exists()
        )

    def test_no_reminder_for_a_request_of_a_closed_case(self):
        case_close(case=self.case, actor=self.alice, outcome="no_result", close_open_items=True)
        halfway = timezone.localdate() + dt.timedelta(days=8)
        self.assertEqual(network_requests_remind_and_expire(today=halfway), (0, 0))
