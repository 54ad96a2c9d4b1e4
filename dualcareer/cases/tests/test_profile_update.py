import shutil
import tempfile

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from dualcareer.cases.models import PartnerProfile
from dualcareer.cases.services import profile_update
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import EXE, MINIMAL_PDF
from dualcareer.core.audit import entries_for

MEDIA = tempfile.mkdtemp(prefix="dualcareer-test-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class ProfileUpdateTests(CaseTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def test_the_partner_rectifies_their_profile(self):
        profile_update(
            case=self.case,
            actor=self.paula,
            data={"professional_field": "Data science", "radius_km": 40},
        )
        profile = PartnerProfile.objects.get(case=self.case)
        self.assertEqual((profile.professional_field, profile.radius_km), ("Data science", 40))
        entry = entries_for(self.case).get(action="profile.rectified")
        self.assertEqual(entry.data["fields"], ["professional_field", "radius_km"])

    def test_languages_need_cefr_levels(self):
        profile_update(
            case=self.case,
            actor=self.paula,
            data={"languages": [{"language": "de", "level": "B2"}]},
        )
        with self.assertRaises(ValidationError):
            profile_update(
                case=self.case,
                actor=self.paula,
                data={"languages": [{"language": "de", "level": "fluent"}]},
            )
        self.assertEqual(
            PartnerProfile.objects.get(case=self.case).languages,
            [{"language": "de", "level": "B2"}],
        )

    def test_a_complete_profile_ticks_off_the_step(self):
        profile_update(
            case=self.case,
            actor=self.paula,
            data={
                "highest_degree": "doctorate",
                "professional_field": "Chemistry",
                "skills": "NMR",
                "languages": [{"language": "en", "level": "C2"}],
                "desired_positions": "Lab lead",
                "working_time": "full_time",
            },
        )
        self.assertIsNotNone(PartnerProfile.objects.get(case=self.case).completed_at)
        self.assertTrue(self.case.tasks.get(step__code="profile_complete").is_done)

    def test_a_pdf_cv_is_stored_under_a_random_name(self):
        cv = SimpleUploadedFile("Paula_Partner_CV.pdf", MINIMAL_PDF)
        profile = profile_update(case=self.case, actor=self.paula, data={}, cv=cv)
        self.assertTrue(profile.cv.name.endswith(".pdf"))
        self.assertNotIn("Paula", profile.cv.name)
        self.assertEqual(profile.cv_original_name, "Paula_Partner_CV.pdf")

    def test_a_renamed_exe_is_refused_and_nothing_is_stored(self):
        with self.assertRaises(ValidationError) as ctx:
            profile_update(
                case=self.case,
                actor=self.paula,
                data={"professional_field": "Changed"},
                cv=SimpleUploadedFile("cv.pdf", EXE),
            )
        self.assertIn("cv", ctx.exception.message_dict)
        profile = PartnerProfile.objects.get(case=self.case)
        self.assertEqual(profile.cv.name, "")
        self.assertNotEqual(profile.professional_field, "Changed")

    def test_an_officer_of_the_case_may_edit(self):
        profile_update(case=self.case, actor=self.bob, data={"phone": "+49 234 0000"})
        self.assertEqual(entries_for(self.case).get(action="profile.updated").data["by"], "officer")

    def test_it_refuses_outsiders_and_other_partners(self):
        from dualcareer.testing.factories import PartnerUserFactory

        other = PartnerUserFactory(email="other-partner@example.org")
        for user in (self.charlie, self.emil, self.cora, other, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                profile_update(case=self.case, actor=user, data={"skills": "x"})
