import re

from django.conf import settings
from django.urls import reverse
from django.utils import translation

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


class ReadableExportTests(CaseTestCase):
    def tearDown(self):
        # A request to an English page leaves English active in this thread.
        translation.activate(settings.LANGUAGE_CODE)
        super().tearDown()

    def test_partner_page_has_labels_formatted_dates_and_no_paths_or_reprs(self):
        from dualcareer.cases.models import PartnerProfile

        PartnerProfile.objects.filter(case=self.case).update(
            cv="cases/cv/0123456789abcdef.pdf",
            languages=[{"language": "de", "level": "native"}],
            desired_sectors=["company"],
        )
        self.client.force_login(self.paula)
        with translation.override("en"):
            url = reverse("cases:my_export")
        response = self.client.get(url)
        # The page's forms carry random CSRF tokens, which may contain "T0" or "None".
        content = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())
        self.assertContains(response, "First name")
        self.assertContains(response, "German (native language)")
        self.assertContains(response, "a CV file is stored")
        for raw in ("cases/cv/", "first_name", "{&#x27;", "[&#x27;", "None", "T0", "+00:00"):
            with self.subTest(raw=raw):
                self.assertNotIn(raw, content)
        self.assertContains(response, reverse("cases:my_export_pdf"))

    def test_pdf_download_for_the_partner(self):
        from dualcareer.cases.models import PartnerProfile

        PartnerProfile.objects.filter(case=self.case).update(last_name="Weiß-Müller", city="Köln")
        self.client.force_login(self.paula)
        response = self.client.get(reverse("cases:my_export_pdf"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("no-store", response["Cache-Control"])
        self.assertTrue(response.content.startswith(b"%PDF"))
        self.assertIn(b"Vera", response.content)  # the embedded font with umlauts and ß

    def test_officers_and_outsiders_get_no_pdf_of_the_partner(self):
        url = reverse("cases:my_export_pdf")
        for user in (self.alice, self.charlie, self.emil):
            self.client.force_login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.client.get(url).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
