"""No page under /cases/ may be kept by a browser or proxy: it shows partner data."""

import shutil
import tempfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import URLPattern, reverse
from django.urls.converters import IntConverter, UUIDConverter

from dualcareer.cases import handovers, urls
from dualcareer.cases.services import profile_update
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import MINIMAL_PDF

MEDIA = tempfile.mkdtemp(prefix="dualcareer-test-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class CacheControlTests(CaseTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def setUp(self):
        profile_update(
            case=self.case,
            actor=self.paula,
            data={"skills": "x"},
            cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF),
        )
        handover = handovers.handover_request(
            case=self.case, actor=self.alice, to_institution=self.other_inst
        )
        self.handover = handovers.handover_partner_decide(
            handover=handover, actor=self.paula, agree=True
        )

    def sample_kwargs(self, pattern: URLPattern) -> dict:
        kwargs = {}
        for name, converter in pattern.pattern.converters.items():
            if isinstance(converter, UUIDConverter):
                handover = pattern.name == "handover_decide"
                kwargs[name] = self.handover.public_id if handover else self.case.public_id
            elif isinstance(converter, IntConverter):
                kwargs[name] = self.case.tasks.earliest("pk").pk
            else:
                kwargs[name] = "some-token"
        return kwargs

    def test_every_cases_url_answers_with_no_store(self):
        for pattern in urls.urlpatterns:
            url = reverse(f"cases:{pattern.name}", kwargs=self.sample_kwargs(pattern))
            answered = []
            for user in (None, self.alice, self.paula, self.charlie):
                with self.subTest(url=url, user=getattr(user, "email", "anonymous")):
                    self.client.logout()
                    if user is not None:
                        self.client.force_login(user)
                    response = self.client.get(url)
                    if response.status_code == 404 and pattern.name != "invitation":
                        continue  # Django's "not found" page: nothing to keep
                    answered.append(user)
                    self.assertIn("no-store", response["Cache-Control"])
                    self.assertIn("private", response["Cache-Control"])
            self.assertTrue(
                [user for user in answered if user is not None] or pattern.name == "invitation",
                f"{url} answered every logged-in user with 404: the test needs a fixture",
            )

    def test_the_pages_with_partner_data_answer_with_no_store(self):
        args = [self.case.public_id]
        pages = [
            (self.alice, reverse("cases:list")),
            (self.alice, reverse("cases:detail", args=args)),
            (self.alice, reverse("cases:export", args=args)),
            (self.alice, reverse("cases:export_json", args=args)),
            (self.alice, reverse("cases:profile_edit", args=args)),
            (self.alice, reverse("cases:cv", args=args)),
            (self.paula, reverse("cases:my_cv")),
            (self.paula, reverse("cases:my_case")),
            (self.paula, reverse("cases:my_profile")),
            (self.paula, reverse("cases:my_consent")),
            (self.paula, reverse("cases:my_export")),
            (self.paula, reverse("cases:my_export_json")),
            (self.charlie, reverse("cases:handover_decide", args=[self.handover.public_id])),
        ]
        for user, url in pages:
            with self.subTest(url=url):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertIn("no-store", response["Cache-Control"])
