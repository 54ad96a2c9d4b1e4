import shutil
import tempfile

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dualcareer.cases.models import PartnerProfile
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import EXE, MINIMAL_PDF

MEDIA = tempfile.mkdtemp(prefix="dualcareer-test-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class MyProfileViewTests(CaseTestCase):
    url = "/en" + reverse("cases:my_profile")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def form(self, **changes):
        data = {
            "first_name": "Paula",
            "last_name": "Partner",
            "email": "paula@example.org",
            "profile_language": "en",
            "highest_degree": "master",
            "professional_field": "Marketing",
            "skills": "Campaigns, analytics",
            "desired_positions": "Marketing manager",
            "working_time": "part_time",
            "language_1": "en",
            "level_1": "C2",
            "language_2": "de",
            "level_2": "A2",
            "desired_sectors": ["company", "university"],
            "radius_km": "30",
        }
        data.update(changes)
        return data

    def test_partner_completes_the_profile_in_english(self):
        self.client.force_login(self.paula)
        response = self.client.post(self.url, self.form())
        self.assertEqual(response.status_code, 302)
        profile = PartnerProfile.objects.get(case=self.case)
        self.assertEqual(
            profile.languages,
            [{"language": "en", "level": "C2"}, {"language": "de", "level": "A2"}],
        )
        self.assertEqual(profile.desired_sectors, ["company", "university"])
        self.assertIsNotNone(profile.completed_at)

    def test_bad_uploads_are_refused_with_a_clear_message(self):
        self.client.force_login(self.paula)
        cases = [
            ("cv.pdf", EXE, "Only PDF and Word (DOCX) documents are accepted"),
            ("cv.pdf", b"", "The submitted file is empty"),
        ]
        for name, content, message in cases:
            with self.subTest(name=name, size=len(content)):
                response = self.client.post(
                    self.url,
                    self.form(professional_field="Changed", cv=SimpleUploadedFile(name, content)),
                )
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                profile = PartnerProfile.objects.get(case=self.case)
                self.assertEqual((profile.cv.name, profile.professional_field), ("", ""))

    @override_settings(UPLOAD_MAX_BYTES=1024)
    def test_a_too_large_file_is_refused(self):
        self.client.force_login(self.paula)
        big = MINIMAL_PDF + b"0" * 4096
        response = self.client.post(self.url, self.form(cv=SimpleUploadedFile("cv.pdf", big)))
        self.assertContains(response, "The file is too large")
        self.assertEqual(PartnerProfile.objects.get(case=self.case).cv.name, "")

    def test_a_pdf_is_stored_and_downloadable_by_partner_and_officer(self):
        self.client.force_login(self.paula)
        self.client.post(self.url, self.form(cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF)))
        response = self.client.get(reverse("cases:my_cv"))
        self.assertEqual(b"".join(response.streaming_content), MINIMAL_PDF)  # type: ignore[attr-defined]
        self.client.force_login(self.bob)
        self.assertEqual(
            self.client.get(reverse("cases:cv", args=[self.case.public_id])).status_code, 200
        )
        self.client.force_login(self.charlie)
        self.assertEqual(
            self.client.get(reverse("cases:cv", args=[self.case.public_id])).status_code, 404
        )

    def test_missing_language_level_is_a_field_error(self):
        self.client.force_login(self.paula)
        response = self.client.post(self.url, self.form(level_1=""))
        self.assertContains(response, "Please choose the level of this language.")

    def test_a_partial_profile_can_be_saved_and_shows_what_is_missing(self):
        self.client.force_login(self.paula)
        data = {
            "first_name": "Paula",
            "last_name": "Partner",
            "email": "paula@example.org",
            "profile_language": "en",
            "professional_field": "Marketing",
        }
        self.assertEqual(self.client.post(self.url, data).status_code, 302)
        self.assertIsNone(PartnerProfile.objects.get(case=self.case).completed_at)
        response = self.client.get("/en/cases/my/")
        self.assertContains(response, "Your profile still needs some information:")
        self.assertContains(response, "desired positions")


class ProfilePreviewTests(CaseTestCase):
    url = "/en" + reverse("cases:my_profile")

    def tearDown(self):
        # A request to an English page leaves English active in this thread.
        translation.activate(settings.LANGUAGE_CODE)
        super().tearDown()

    def test_preview_shows_the_employers_rows_and_free_text_warnings(self):
        profile = PartnerProfile.objects.get(case=self.case)
        profile.skills = "Proteinanalytik"
        profile.nationality = "Brasilianisch"
        profile.save()
        self.client.force_login(self.paula)
        response = self.client.get(self.url)
        self.assertContains(response, "What employers see")
        preview = response.context["preview"][0].context["rows"]
        self.assertIn(("skills", "Proteinanalytik"), preview)
        self.assertNotIn("Brasilianisch", str(preview))
        self.assertNotIn("Paula", str(preview))
        self.assertContains(response, "Employers see this text word for word", count=6)

    def test_the_preview_is_the_employers_code_path(self):
        from dualcareer.exchange import selectors as xs

        self.client.force_login(self.paula)
        response = self.client.get(self.url)
        profile = PartnerProfile.objects.get(case=self.case)
        self.assertEqual(
            response.context["preview"][0].context["rows"],
            xs.profile_rows(xs.anonymised_profile_of(profile)),
        )

    def test_outsiders_see_no_preview(self):
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
