"""Backup → wipe → restore: every row of every model and every file come back."""

from __future__ import annotations

import io
import json
import shutil
import stat
import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from dualcareer.accounts.models import User
from dualcareer.cases.models import Case
from dualcareer.cases.services import profile_update
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import MINIMAL_PDF
from dualcareer.core import audit
from dualcareer.core.backup import (
    MANIFEST,
    media_files,
    missing_files,
    row_counts,
    sha256_of,
)


class BackupRoundTripTest(CaseTestCase):
    def setUp(self) -> None:
        self.media = Path(tempfile.mkdtemp(prefix="dualcareer-test-media-"))
        self.target = Path(tempfile.mkdtemp(prefix="dualcareer-test-backup-")) / "backup"
        self.addCleanup(shutil.rmtree, self.media, True)
        self.addCleanup(shutil.rmtree, self.target.parent, True)
        settings = override_settings(MEDIA_ROOT=str(self.media))
        settings.enable()
        self.addCleanup(settings.disable)
        profile_update(
            case=self.case,
            actor=self.paula,
            data={"skills": "Statistik, Python"},
            cv=SimpleUploadedFile("lebenslauf.pdf", MINIMAL_PDF),
        )
        audit.log(self.case, "case.viewed", actor=self.alice)

    def tearDown(self) -> None:
        # The flush and the restore ran inside this test's transaction, which is rolled
        # back: the content types cached meanwhile have ids that no longer exist.
        ContentType.objects.clear_cache()
        super().tearDown()

    def _flush(self) -> None:
        """Empty the database like a new installation after `migrate` (in the test transaction)."""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        call_command("flush", interactive=False, verbosity=0)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _files(self) -> dict[str, str]:
        return {name: sha256_of(path) for name, path in media_files(self.media)}

    def _call(self, *args: str) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out, stderr=io.StringIO())
        return out.getvalue()

    def test_backup_wipe_restore_brings_back_every_row_and_file(self):
        counts = row_counts()
        files = self._files()
        self.assertTrue(files, "the fixture must have an uploaded file")
        self.assertGreater(counts["cases.Case"], 0)
        self.assertGreater(counts["core.AuditEntry"], 0)
        case_reference = Case.objects.get(pk=self.case.pk).ref
        password_hash = User.objects.get(pk=self.alice.pk).password

        out = self._call("backup", str(self.target))
        self.assertIn("DJANGO_SECRET_KEY", out)
        manifest = json.loads((self.target / MANIFEST).read_text())
        self.assertEqual(manifest["counts"], counts)
        self.assertEqual(manifest["media"], files)
        # Only the owner may read the backup: it holds all personal data.
        self.assertEqual(stat.S_IMODE(self.target.stat().st_mode), 0o700)
        self.assertEqual(stat.S_IMODE((self.target / "database.json.gz").stat().st_mode), 0o600)

        # Wipe: an empty installation (migrated, no rows, no files).
        self._flush()
        shutil.rmtree(self.media)
        self.media.mkdir()
        self.assertEqual(User.objects.count(), 0)

        out = self._call("restore", str(self.target))
        self.assertIn("every row and every referenced file is back", out)
        self.assertIn("DJANGO_SECRET_KEY", out)
        self.assertEqual(row_counts(), counts)
        self.assertEqual(self._files(), files)
        self.assertEqual(missing_files(), [])
        restored = Case.objects.get(pk=self.case.pk)
        self.assertEqual(restored.ref, case_reference)
        self.assertEqual(User.objects.get(email=self.alice.email).password, password_hash)

    def test_restore_refuses_an_installation_with_accounts_unless_forced(self):
        self._call("backup", str(self.target))
        with self.assertRaisesMessage(CommandError, "--force"):
            self._call("restore", str(self.target))
        User.objects.create_user("extra@example.org", "x" * 12)
        out = self._call("restore", "--force", str(self.target))
        self.assertIn("every row", out)
        self.assertFalse(User.objects.filter(email="extra@example.org").exists())

    def test_a_damaged_backup_is_refused_before_anything_changes(self):
        self._call("backup", str(self.target))
        name = next(iter(json.loads((self.target / MANIFEST).read_text())["media"]))
        (self.target / "media" / name).write_bytes(b"changed")
        users = User.objects.count()
        with self.assertRaisesMessage(CommandError, "damaged"):
            self._call("restore", "--force", str(self.target))
        self.assertEqual(User.objects.count(), users)

    def test_a_backup_goes_into_an_empty_folder_only(self):
        self.target.mkdir()
        (self.target / "old").write_text("x")
        with self.assertRaisesMessage(CommandError, "not empty"):
            self._call("backup", str(self.target))

    def test_a_file_missing_from_the_backup_is_reported(self):
        # A file the database names but the disk lost (before the backup).
        for _name, path in media_files(self.media):
            path.unlink()
        self._call("backup", str(self.target))
        self._flush()
        err = io.StringIO()
        with self.assertRaisesMessage(CommandError, "problem"):
            call_command("restore", str(self.target), stdout=io.StringIO(), stderr=err)
        self.assertIn("references a missing file", err.getvalue())
