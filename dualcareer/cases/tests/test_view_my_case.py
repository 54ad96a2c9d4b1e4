from django.urls import reverse

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
