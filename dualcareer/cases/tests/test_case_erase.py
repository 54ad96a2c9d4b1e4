import shutil
import tempfile

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from dualcareer.accounts.models import User
from dualcareer.cases.gdpr import case_erase
from dualcareer.cases.models import Activity, Case, Consent, Invitation, PartnerProfile
from dualcareer.cases.services import activity_log, consent_grant, profile_update
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import MINIMAL_PDF
from dualcareer.core.audit import entries_for

MEDIA = tempfile.mkdtemp(prefix="dualcareer-test-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class CaseEraseTests(CaseTestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def setUp(self):
        profile = profile_update(
            case=self.case,
            actor=self.paula,
            data={"skills": "x"},
            cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF),
        )
        self.cv_name = profile.cv.name
        self.storage = profile.cv.storage
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        activity_log(
            case=self.case, kind="talk", actor=self.alice, note="private", duration_minutes=30
        )

    def test_an_officer_erases_personal_data_and_files_keeping_statistics(self):
        with self.captureOnCommitCallbacks(execute=True):
            case_erase(case=self.case, actor=self.alice)
        case = Case.objects.get(pk=self.case.pk)
        self.assertIsNotNone(case.anonymised_at)
        self.assertEqual((case.recruited_name, case.partner_user), ("", None))
        self.assertEqual((case.status, case.outcome), ("closed", "withdrawn"))
        self.assertFalse(PartnerProfile.objects.filter(case=case).exists())
        self.assertFalse(self.storage.exists(self.cv_name))
        self.assertFalse(User.objects.filter(email="paula@example.org").exists())
        activity = Activity.objects.get(case=case)
        self.assertEqual(
            (activity.note, activity.kind, activity.duration_minutes), ("", "talk", 30)
        )
        self.assertEqual(Consent.objects.filter(case=case).count(), 1)  # scope and dates only
        self.assertFalse(Invitation.objects.filter(case=case).exists())
        self.assertTrue(entries_for(case).filter(action="case.anonymised").exists())

    def test_the_partner_may_erase_their_own_data(self):
        case_erase(case=self.case, actor=self.paula)
        self.assertIsNotNone(Case.objects.get(pk=self.case.pk).anonymised_at)

    def test_an_anonymised_case_shares_nothing(self):
        from dualcareer.cases.selectors import consent_scopes_active

        case_erase(case=self.case, actor=self.alice)
        self.assertEqual(consent_scopes_active(case=Case.objects.get(pk=self.case.pk)), set())

    def test_it_refuses_outsiders(self):
        for user in (self.charlie, self.cora, self.emil, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                case_erase(case=self.case, actor=user)
        self.assertIsNone(Case.objects.get(pk=self.case.pk).anonymised_at)

    def test_erasure_deletes_the_partners_login_records_and_keeps_others(self):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        common = {"ip_address": "192.0.2.7", "user_agent": "Firefox/140", "http_accept": "*/*"}
        AccessLog.objects.create(username="PAULA@example.org", path_info="/login/", **common)
        AccessFailureLog.objects.create(username="paula@example.org", path_info="/", **common)
        AccessAttempt.objects.create(
            username="paula@example.org",
            path_info="/login/",
            get_data="",
            post_data="",
            failures_since_start=2,
            **common,
        )
        AccessLog.objects.create(username="bob@example.org", path_info="/login/", **common)
        case_erase(case=self.case, actor=self.paula)
        for model in (AccessLog, AccessFailureLog, AccessAttempt):
            with self.subTest(model=model.__name__):
                self.assertFalse(
                    model.objects.filter(username__iexact="paula@example.org").exists()
                )
        self.assertTrue(AccessLog.objects.filter(username="bob@example.org").exists())
