"""A full disk during an upload: every upload form answers a message at its file field
(not the 503 page), and nothing is half-written (no file, no record).

Two disks can be full: the storage for uploaded files (the file is written
half, then ENOSPC: `core.uploads.store` removes it) and the temporary folder
where Django buffers a large upload while reading the request
(`core.uploads.TemporaryFileUploadHandler`)."""

from __future__ import annotations

import errno
import shutil
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.test import override_settings
from django.urls import reverse

from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import MINIMAL_PDF
from dualcareer.core import uploads
from dualcareer.core.models import AuditEntry, JobRun
from dualcareer.core.tests.test_concurrency import form_data
from dualcareer.knowledge.models import Article, ArticleDocument
from dualcareer.knowledge.tests.documents import make_pdf
from dualcareer.trainings.models import Sharing, TrainingDocument
from dualcareer.trainings.tests.factories import make_training

FULL = "Speicher für hochgeladene Dateien ist voll"


def _save_half_then_fail(storage: FileSystemStorage, name: str, content: object) -> str:
    """FileSystemStorage._save on a disk that fills up after the first blocks."""
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-half")
    raise OSError(errno.ENOSPC, "No space left on device")


def _write_fails(*args: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


class UploadDiskFullTestCase(CaseTestCase):
    """Uploads go to a temporary MEDIA_ROOT; the temporary upload folder is one of ours too."""

    def setUp(self) -> None:
        self.media = Path(tempfile.mkdtemp(prefix="dualcareer-test-full-"))
        self.addCleanup(shutil.rmtree, self.media, True)
        self.temp = Path(tempfile.mkdtemp(prefix="dualcareer-test-full-tmp-"))
        self.addCleanup(shutil.rmtree, self.temp, True)
        settings = override_settings(
            MEDIA_ROOT=str(self.media), FILE_UPLOAD_TEMP_DIR=str(self.temp)
        )
        settings.enable()
        self.addCleanup(settings.disable)

    def media_disk_full(self) -> Any:
        return mock.patch.object(FileSystemStorage, "_save", _save_half_then_fail)

    def temp_disk_full(self) -> Any:
        """Every upload is buffered in a temporary file, whose writes fail (ENOSPC)."""
        return override_settings(FILE_UPLOAD_MAX_MEMORY_SIZE=0), mock.patch.object(
            TemporaryUploadedFile, "write", property(lambda self: _write_fails)
        )

    def assert_nothing_stored(self) -> None:
        self.assertEqual([p for p in self.media.rglob("*") if p.is_file()], [])
        self.assertEqual([p for p in self.temp.rglob("*") if p.is_file()], [])

    def assert_message_at(self, response: Any, field: str) -> None:
        self.assertIn(response.status_code, (200, 400))  # the form again, not 503
        self.assertContains(response, FULL, status_code=response.status_code)
        form = response.context["form"]
        self.assertIn(field, form.errors)
        self.assertIn(FULL, " ".join(form.errors[field]))


class ProfileCvTest(UploadDiskFullTestCase):
    def _post(self) -> Any:
        self.client.force_login(self.paula)
        url = reverse("cases:my_profile")
        data = form_data(self.client.get(url).context["form"])
        data["skills"] = "Neu: Statistik"
        return self.client.post(url, {**data, "cv": SimpleUploadedFile("cv.pdf", MINIMAL_PDF)})

    def _assert_unchanged(self) -> None:
        self.case.profile.refresh_from_db()
        self.assertFalse(self.case.profile.cv)
        self.assertNotEqual(self.case.profile.skills, "Neu: Statistik")

    def test_media_disk_full(self) -> None:
        with self.media_disk_full():
            response = self._post()
        self.assert_message_at(response, "cv")
        self.assert_nothing_stored()
        self._assert_unchanged()

    def test_temporary_disk_full(self) -> None:
        settings_patch, write_patch = self.temp_disk_full()
        with settings_patch, write_patch:
            response = self._post()
        self.assert_message_at(response, "cv")
        self.assert_nothing_stored()
        self._assert_unchanged()


class TrainingDocumentTest(UploadDiskFullTestCase):
    def _post(self, training: Any) -> Any:
        self.client.force_login(self.cora)
        return self.client.post(
            reverse("trainings:documents", args=[training.public_id]),
            {
                "title": "Protokoll",
                "sharing": Sharing.NOW,
                "file": SimpleUploadedFile("protokoll.pdf", MINIMAL_PDF),
            },
        )

    def test_media_disk_full(self) -> None:
        training = make_training(self.network)
        with self.media_disk_full():
            response = self._post(training)
        self.assert_message_at(response, "file")
        self.assert_nothing_stored()
        self.assertFalse(TrainingDocument.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action="training.document_added").exists())

    def test_temporary_disk_full(self) -> None:
        training = make_training(self.network)
        settings_patch, write_patch = self.temp_disk_full()
        with settings_patch, write_patch:
            response = self._post(training)
        self.assert_message_at(response, "file")
        self.assert_nothing_stored()
        self.assertFalse(TrainingDocument.objects.exists())


class KnowledgeArticleTest(UploadDiskFullTestCase):
    def _post(self) -> Any:
        self.client.force_login(self.alice)
        return self.client.post(
            reverse("knowledge:article_create"),
            {
                "institution": str(self.inst.pk),
                "title": "Mit Anhängen",
                "body": "Text",
                "language": "de",
                "visibility": "members",
                "documents": [
                    SimpleUploadedFile("eins.pdf", make_pdf("Eins")),
                    SimpleUploadedFile("zwei.pdf", make_pdf("Zwei")),
                ],
            },
        )

    def test_media_disk_full_on_the_second_document_removes_the_first(self) -> None:
        real_save = FileSystemStorage._save  # type: ignore[attr-defined]
        calls: list[str] = []

        def first_fits(storage: FileSystemStorage, name: str, content: object) -> str:
            calls.append(name)
            if len(calls) == 1:
                return str(real_save(storage, name, content))
            return _save_half_then_fail(storage, name, content)

        with mock.patch.object(FileSystemStorage, "_save", first_fits):
            response = self._post()
        self.assertEqual(len(calls), 2)
        self.assert_message_at(response, "documents")
        self.assert_nothing_stored()
        self.assertFalse(Article.objects.filter(title="Mit Anhängen").exists())
        self.assertFalse(ArticleDocument.objects.exists())

    def test_temporary_disk_full(self) -> None:
        settings_patch, write_patch = self.temp_disk_full()
        with settings_patch, write_patch:
            response = self._post()
        self.assert_message_at(response, "documents")
        self.assert_nothing_stored()
        self.assertFalse(Article.objects.filter(title="Mit Anhängen").exists())


class OpeningsImportTest(UploadDiskFullTestCase):
    """The import keeps no file (the feed goes into the job's row): only the buffer can fail."""

    def test_temporary_disk_full(self) -> None:
        self.client.force_login(self.emil)
        settings_patch, write_patch = self.temp_disk_full()
        with settings_patch, write_patch:
            response = self.client.post(
                reverse("openings:import"),
                {
                    "institution": self.employer_inst.pk,
                    "visibility": "public",
                    "file": SimpleUploadedFile("feed.json", b"[]", "application/json"),
                },
            )
        self.assert_message_at(response, "file")
        self.assert_nothing_stored()
        self.assertFalse(JobRun.objects.exists())


class StoreTest(UploadDiskFullTestCase):
    def test_other_storage_errors_are_raised_as_they_are_and_leave_nothing(self) -> None:
        training = make_training(self.network)
        document = TrainingDocument(training=training, kind="pdf")

        def save_half_then_refuse(storage: FileSystemStorage, name: str, content: object) -> str:
            Path(storage.path(name)).parent.mkdir(parents=True, exist_ok=True)
            Path(storage.path(name)).write_bytes(b"%PDF-half")
            raise PermissionError(errno.EACCES, "Permission denied")

        with (
            mock.patch.object(FileSystemStorage, "_save", save_half_then_refuse),
            self.assertRaises(PermissionError),
        ):
            uploads.store(document.file, SimpleUploadedFile("a.pdf", MINIMAL_PDF), field="file")
        self.assert_nothing_stored()
        self.assertFalse(document.file)
