"""Files follow their records: a failed CV save leaves no file, a failed deletion is retried."""

import os
import shutil
import tempfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from dualcareer.cases.gdpr import case_anonymise, retention_run
from dualcareer.cases.models import PartnerProfile
from dualcareer.cases.services import profile_update
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import MINIMAL_PDF
from dualcareer.core.models import PendingFileDeletion

MEDIA = tempfile.mkdtemp(prefix="dualcareer-test-media-")


def _storages(backend: str) -> dict:
    return {
        "default": {"BACKEND": backend, "OPTIONS": {"location": MEDIA}},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _files() -> list[str]:
    return [name for _root, _dirs, names in os.walk(MEDIA) for name in names]


@override_settings(MEDIA_ROOT=MEDIA)
class CvFileTests(CaseTestCase):
    def tearDown(self) -> None:
        shutil.rmtree(MEDIA, ignore_errors=True)
        os.makedirs(MEDIA, exist_ok=True)

    def test_a_full_disk_leaves_no_partial_file_and_no_record_of_it(self) -> None:
        with (
            override_settings(STORAGES=_storages("dualcareer.testing.storage.FullDiskStorage")),
            self.assertRaises(ValidationError) as caught,
        ):
            profile_update(
                case=self.case,
                actor=self.paula,
                data={},
                cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF),
            )
        # The full disk is a message at the CV field (core.uploads.store), not an error page.
        self.assertEqual(caught.exception.error_dict["cv"][0].code, "storage_full")
        self.assertEqual(_files(), [])
        self.assertEqual(PartnerProfile.objects.get(case=self.case).cv.name, "")

    def test_a_failed_deletion_after_anonymisation_is_retried_and_reported(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            profile_update(
                case=self.case,
                actor=self.paula,
                data={},
                cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF),
            )
        self.assertEqual(len(_files()), 1)
        with (
            override_settings(STORAGES=_storages("dualcareer.testing.storage.UndeletableStorage")),
            self.assertLogs("dualcareer.core.files", level="WARNING"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            case_anonymise(case=self.case, reason="retention")
        self.assertEqual(len(_files()), 1)
        pending = PendingFileDeletion.objects.get()
        self.assertEqual(pending.last_error, "PermissionError")
        self.assertEqual(pending.attempts, 1)
        report = retention_run()
        self.assertEqual((report.files_deleted, report.files_left), (1, 0))
        self.assertEqual(_files(), [])
        self.assertFalse(PendingFileDeletion.objects.exists())

    def test_the_cleanup_command_reports_deletions_still_failing(self) -> None:
        PendingFileDeletion.objects.create(name="cases/cv/gone.pdf")
        with (
            override_settings(STORAGES=_storages("dualcareer.testing.storage.UndeletableStorage")),
            self.assertLogs("dualcareer.core.files", level="WARNING"),
        ):
            from io import StringIO

            out = StringIO()
            call_command("jobs_cleanup", stdout=out)
        self.assertIn("1 file deletion(s) still failing", out.getvalue())
