from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dualcareer.cases.services import activity_log
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.testing.factories import PartnerUserFactory


class MyCaseViewTests(CaseTestCase):
    url = reverse("cases:my_case")

    def test_partner_sees_status_and_next_steps_but_no_internal_notes(self):
        activity_log(case=self.case, kind="talk", actor=self.alice, note="Nur intern")
        self.client.force_login(self.paula)
        response = self.client.get("/en" + self.url)
        self.assertContains(response, "Inquiry")
        self.assertContains(response, "First contact")
        self.assertNotContains(response, "Nur intern")

    def test_another_partner_sees_nothing_of_this_case(self):
        self.client.force_login(PartnerUserFactory(email="other@example.org"))
        response = self.client.get("/en" + self.url)
        self.assertContains(response, "There is no case for you")
        self.assertNotContains(response, self.case.reference)
        for name in ("cases:my_profile", "cases:my_consent", "cases:my_export_json"):
            with self.subTest(name=name):
                self.assertEqual(self.client.get(reverse(name)).status_code, 403)

    def test_officers_have_no_partner_pages(self):
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(reverse("cases:my_profile")).status_code, 403)


class MyCaseContactsAndTimelineTests(CaseTestCase):
    url = "/en" + reverse("cases:my_case")

    def tearDown(self):
        # A request to an English page leaves English active in this thread.
        translation.activate(settings.LANGUAGE_CODE)
        super().tearDown()

    def test_partner_sees_the_officer_with_contact_data_and_the_timeline(self):
        from dualcareer.cases.services import consent_grant
        from dualcareer.testing.factories import ContactFactory

        ContactFactory(institution=self.inst, email="alice@example.org", phone="+49 234 1")
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        self.client.force_login(self.paula)
        response = self.client.get(self.url)
        self.assertContains(response, self.alice.get_full_name())
        self.assertContains(response, 'href="mailto:alice@example.org"')
        self.assertContains(response, "+49 234 1")
        self.assertContains(response, "What happened so far")
        self.assertContains(response, "You granted your consent")

    def test_after_closing_no_intake_steps_are_shown(self):
        from dualcareer.cases.services import case_close

        case_close(case=self.case, actor=self.alice, outcome="job_elsewhere")
        self.client.force_login(self.paula)
        response = self.client.get(self.url)
        self.assertNotContains(response, "First contact")
        self.assertContains(response, "There are no further steps")
        self.assertEqual(response.context["next_tasks"], [])

    def test_outsiders_get_no_contacts_or_timeline(self):
        self.client.force_login(self.charlie)
        response = self.client.get(self.url)
        self.assertContains(response, "There is no case for you")
        self.assertNotContains(response, "alice@example.org")
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)
