import datetime as dt

from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from dualcareer.network.models import Application, Network
from dualcareer.network.services import application_ask
from dualcareer.network.tests.factories import (
    ApplicationFactory,
    SignatureFactory,
    StatementVersionFactory,
    make_institution,
)
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase as _Base


class BaseTestCase(_Base):
    """Each test starts in German, whatever language an earlier request left active."""

    def setUp(self):
        super().setUp()
        translation.activate("de")


class DirectoryViewTests(BaseTestCase):
    def test_it_lists_members_in_german_and_english(self):
        response = self.client.get(reverse("network:directory"))
        self.assertContains(response, "Universität Alpha")
        self.assertContains(response, "Mitgliederverzeichnis")
        response = self.client.get("/en/network/members/?city=Dortmund")
        self.assertContains(response, "Member directory")
        self.assertContains(response, "Universität Beta")
        self.assertNotContains(response, "Universität Alpha")

    def test_an_invalid_filter_counts_as_any(self):
        response = self.client.get(reverse("network:directory"), {"sector": "<x>", "page": "z"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Universität Alpha")


class MapViewTests(BaseTestCase):
    def test_the_map_page_has_a_list_fallback_and_no_inline_script(self):
        response = self.client.get(reverse("network:map"), {"sector": "university"})
        self.assertContains(response, 'id="member-map"')
        self.assertContains(response, "Universität Alpha")
        self.assertNotContains(response, "<script>")
        self.assertNotContains(response, "style=")
        self.assertContains(response, "OpenStreetMap")
        self.assertContains(response, "GeoNames")

    def test_the_data_endpoint_returns_filtered_members(self):
        response = self.client.get(reverse("network:map_data"), {"city": "Dortmund"})
        self.assertEqual(response.status_code, 200)
        names = [member["name"] for member in response.json()["members"]]
        self.assertEqual(names, ["Universität Beta"])


class InstitutionDetailViewTests(BaseTestCase):
    def test_it_shows_a_member(self):
        response = self.client.get(reverse("network:institution_detail", args=[self.inst.slug]))
        self.assertContains(response, "Universität Alpha")
        self.assertNotContains(response, reverse("network:institution_edit", args=[self.inst.slug]))

    def test_the_officer_sees_the_edit_link_the_outsider_does_not(self):
        url = reverse("network:institution_detail", args=[self.inst.slug])
        edit = reverse("network:institution_edit", args=[self.inst.slug])
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(url), edit)
        self.client.force_login(self.charlie)
        self.assertNotContains(self.client.get(url), edit)

    def test_a_non_member_has_no_public_page(self):
        stranger = make_institution(name="Fremd AG")
        response = self.client.get(reverse("network:institution_detail", args=[stranger.slug]))
        self.assertEqual(response.status_code, 404)


class StatementViewTests(BaseTestCase):
    def test_it_shows_the_text_the_signatories_and_earlier_versions(self):
        v1 = StatementVersionFactory.create(network=self.network, number=1)
        StatementVersionFactory.create(network=self.network, number=2, text_de="Neuer Text")
        SignatureFactory.create(version=v1, institution=self.inst)
        response = self.client.get(reverse("network:statement", args=[self.network.slug]))
        self.assertContains(response, "Neuer Text")
        self.assertContains(response, "Frühere Version 1")
        self.assertContains(response, "Universität Alpha")
        response = self.client.get(reverse("network:statement_print", args=[self.network.slug]))
        self.assertContains(response, "Neuer Text")
        self.assertContains(response, "print.js")

    def test_a_network_without_statement_says_so(self):
        response = self.client.get(reverse("network:statement", args=[self.network.slug]))
        self.assertContains(response, "noch keine Gemeinsame Erklärung")


class NetworkViewTests(BaseTestCase):
    def test_the_network_page_lists_members_and_coordination(self):
        response = self.client.get(reverse("network:network_detail", args=[self.network.slug]))
        self.assertContains(response, "Universität Beta")
        self.assertContains(response, "Regionalverband Test")
        self.assertContains(response, reverse("network:apply", args=[self.network.slug]))

    def test_the_networks_page_lists_national_networks_first_then_by_name(self):
        f.NetworkFactory(name="Zentrum Süd", kind=Network.Kind.REGIONAL)
        f.NetworkFactory(name="Bundesnetz", kind=Network.Kind.NATIONAL)
        f.NetworkFactory(name="Alpen Nord", kind=Network.Kind.REGIONAL)
        response = self.client.get(reverse("network:network_list"))
        expected = list(Network.objects.order_by("kind", "name"))
        shown = [network.pk for network in response.context["networks"]]
        self.assertEqual(shown, [network.pk for network in expected])
        page = response.content.decode()
        positions = [page.index(network.display_name) for network in expected]
        self.assertEqual(positions, sorted(positions))

    def test_unknown_network_is_404(self):
        self.assertEqual(self.client.get("/network/networks/nope/").status_code, 404)


def valid_post(**overrides):
    data = {
        "kind": "join",
        "organisation_name": "Forschung Neu gGmbH",
        "sector": "research_institute",
        "postcode": "44801",
        "city": "Bochum",
        "contact_name": "Dana Demo",
        "contact_email": "dana@example.org",
        "contact_language": "en",
        "accepts_standards": "on",
        "privacy": "on",
        "counselling_languages": ["de", "en"],
    }
    data.update(overrides)
    return data


class ApplyViewTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()
        self.url = reverse("network:apply", args=[self.network.slug])

    def test_a_valid_application_is_stored(self):
        response = self.client.post(self.url, valid_post())
        self.assertRedirects(response, reverse("network:apply_done", args=[self.network.slug]))
        application = Application.objects.get()
        self.assertEqual(application.counselling_languages, ["de", "en"])

    def test_missing_fields_get_messages_and_nothing_is_stored(self):
        response = self.client.post(self.url, {"kind": "join"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.assertContains(response, "Bitte bestätigen Sie die Erklärung.")
        self.assertFalse(Application.objects.exists())

    def test_an_unknown_postcode_gets_a_message(self):
        response = self.client.post(self.url, valid_post(postcode="00000"))
        self.assertContains(response, "Diese Postleitzahl gibt es in Deutschland nicht.")
        self.assertFalse(Application.objects.exists())

    def test_html_gets_a_message_and_is_not_stored(self):
        response = self.client.post(
            self.url, valid_post(organisation_name="<script>alert(1)</script>")
        )
        self.assertContains(response, "ohne HTML-Tags")
        self.assertNotContains(response, "<script>alert(1)</script>")
        self.assertFalse(Application.objects.exists())

    def test_oversized_text_gets_a_message(self):
        response = self.client.post(self.url, valid_post(description="x" * 2001))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Application.objects.exists())

    def test_a_duplicate_gets_a_message_on_the_name(self):
        self.client.post(self.url, valid_post())
        response = self.client.post(self.url, valid_post(contact_email="other@example.org"))
        self.assertContains(response, "Ein Antrag dieser Organisation wird bereits bearbeitet.")
        self.assertEqual(Application.objects.count(), 1)

    def test_an_address_with_an_open_application_sees_the_same_thank_you_page(self):
        first = self.client.post(self.url, valid_post())
        second = self.client.post(self.url, valid_post(organisation_name="Ganz Andere GmbH"))
        done = reverse("network:apply_done", args=[self.network.slug])
        self.assertRedirects(first, done)
        self.assertRedirects(second, done)
        self.assertEqual(Application.objects.count(), 1)

    def test_the_honeypot_looks_like_success_but_stores_nothing(self):
        response = self.client.post(self.url, valid_post(homepage_url="http://spam.example"))
        self.assertRedirects(response, reverse("network:apply_done", args=[self.network.slug]))
        self.assertFalse(Application.objects.exists())

    def test_too_many_submissions_are_refused_with_429(self):
        for n in range(5):
            self.client.post(
                self.url,
                valid_post(organisation_name=f"Org {n}", contact_email=f"a{n}@example.org"),
            )
        response = self.client.post(
            self.url, valid_post(organisation_name="Org 6", contact_email="z@example.org")
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(Application.objects.count(), 5)


class ApplicationReplyViewTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.application = ApplicationFactory.create(network=self.network)
        application_ask(application=self.application, actor=self.cora, question="Wie viele?")
        self.url = reverse("network:application_reply", args=[self.application.reply_token])

    def test_the_applicant_answers_through_the_secret_link(self):
        self.assertContains(self.client.get(self.url), "Wie viele?")
        response = self.client.post(self.url, {"answer": "Etwa 400."})
        self.assertContains(response, "Antwort erhalten")
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)

    def test_the_link_is_used_up_by_the_answer(self):
        self.client.post(self.url, {"answer": "Etwa 400."})
        response = self.client.get(self.url)
        self.assertContains(response, "nicht mehr gültig", status_code=404)
        response = self.client.post(self.url, {"answer": "Noch einmal"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.application.messages.filter(author_kind="applicant").count(), 1)

    def test_an_expired_link_gets_a_clear_page(self):
        Application.objects.filter(pk=self.application.pk).update(
            reply_token_expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
        response = self.client.get(self.url)
        self.assertContains(response, "Dieser Link ist nicht mehr gültig", status_code=410)
        response = self.client.post(self.url, {"answer": "Zu spät"})
        self.assertEqual(response.status_code, 410)
        self.assertFalse(self.application.messages.filter(author_kind="applicant").exists())

    def test_a_wrong_token_is_404(self):
        url = reverse("network:application_reply", args=["not-a-token"])
        self.assertContains(self.client.get(url), "nicht mehr gültig", status_code=404)
