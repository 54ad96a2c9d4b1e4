from django.urls import reverse

from dualcareer.cases.services import activity_log
from dualcareer.cases.tests.helpers import CaseTestCase


class ExportViewTests(CaseTestCase):
    def test_officer_downloads_json_with_every_section(self):
        activity_log(case=self.case, kind="talk", actor=self.alice, note="intern")
        self.client.force_login(self.alice)
        response = self.client.get(reverse("cases:export_json", args=[self.case.public_id]))
        self.assertEqual(response["Content-Type"], "application/json")
        data = response.json()
        self.assertEqual(data["profile"]["first_name"], "Paula")
        self.assertEqual(data["activities"][0]["note"], "intern")

    def test_readable_page(self):
        self.client.force_login(self.alice)
        response = self.client.get(reverse("cases:export", args=[self.case.public_id]))
        self.assertContains(response, "Paula")

    def test_partner_downloads_own_data_without_internal_notes(self):
        activity_log(case=self.case, kind="talk", actor=self.alice, note="intern-geheim")
        self.client.force_login(self.paula)
        response = self.client.get(reverse("cases:my_export_json"))
        self.assertEqual(response.json()["profile"]["first_name"], "Paula")
        self.assertNotIn("intern-geheim", response.content.decode())

    def test_outsiders_cannot_export(self):
        url = reverse("cases:export_json", args=[self.case.public_id])
        for user in (self.charlie, self.cora, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
