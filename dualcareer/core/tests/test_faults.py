"""Faults that can be produced in a test: a full upload disk, a mail server that is down,
a command killed half-way (scripts/faults/ exercise them against a running installation)."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
import socket
import tempfile
from pathlib import Path
from unittest import mock

from django.core import mail
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import MINIMAL_PDF
from dualcareer.core import health
from dualcareer.core.models import FormToken
from dualcareer.testing.jobs import DATABASE_TASKS, make_jobs_due, run_worker


class DiskFullTest(CaseTestCase):
    def setUp(self) -> None:
        self.media = Path(tempfile.mkdtemp(prefix="dualcareer-test-full-"))
        self.addCleanup(shutil.rmtree, self.media, True)
        settings = override_settings(MEDIA_ROOT=str(self.media))
        settings.enable()
        self.addCleanup(settings.disable)

    def test_a_cv_upload_on_a_full_disk_is_a_message_and_leaves_nothing(self):
        def save_half_then_fail(storage: FileSystemStorage, name: str, content: object) -> str:
            path = Path(storage.path(name))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"%PDF-half")  # the first blocks made it to the disk
            raise OSError(errno.ENOSPC, "No space left on device")

        self.client.force_login(self.paula)
        url = reverse("cases:my_profile")
        page = self.client.get(url)
        from dualcareer.core.tests.test_concurrency import form_data

        data = form_data(page.context["form"])
        data["skills"] = "Neu: Statistik"
        with open(self.media / "upload.pdf", "wb") as handle:
            handle.write(MINIMAL_PDF)
        with (
            mock.patch("django.core.files.storage.FileSystemStorage._save", save_half_then_fail),
            open(self.media / "upload.pdf", "rb") as upload,
        ):
            response = self.client.post(url, {**data, "cv": upload})
        (self.media / "upload.pdf").unlink()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Speicher für hochgeladene Dateien ist voll")
        self.assertEqual([p for p in self.media.rglob("*") if p.is_file()], [])
        self.case.profile.refresh_from_db()
        self.assertFalse(self.case.profile.cv)
        self.assertNotEqual(self.case.profile.skills, "Neu: Statistik")

    def test_any_other_view_hitting_a_full_disk_answers_503_not_500(self):
        middleware = health.DatabaseUnavailableMiddleware(HttpResponse)
        response = middleware.process_exception(
            RequestFactory().post("/"), OSError(errno.ENOSPC, "No space left on device")
        )
        assert response is not None
        self.assertEqual(response.status_code, 503)
        self.assertIn("Speicher für hochgeladene Dateien ist voll", response.content.decode())
        other = middleware.process_exception(RequestFactory().get("/"), OSError(errno.EACCES, "x"))
        self.assertIsNone(other)


def _closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@override_settings(TASKS=DATABASE_TASKS)
class MailServerDownTest(TestCase):
    def test_smtp_to_a_closed_port_keeps_the_mail_queued_and_the_worker_alive(self):
        from dualcareer.core.mail import send_templated
        from dualcareer.core.models import OutgoingMail

        with transaction.atomic():
            send_templated(
                to="erika@example.org",
                language="de",
                template="accounts/mail/password_reset",
                context={"protocol": "https", "domain": "x.example", "uid": "u", "token": "t"},
            )
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=_closed_port(),
                EMAIL_USE_TLS=False,
                EMAIL_USE_SSL=False,
                EMAIL_TIMEOUT=5,
            ),
            self.assertLogs("dualcareer.core.mail", level="WARNING") as logs,
            mock.patch("dualcareer.core.management.commands.worker.close_old_connections"),
        ):
            call_command("worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
        self.assertNotIn("erika", "".join(logs.output))
        queued = OutgoingMail.objects.get()
        self.assertEqual(queued.status, OutgoingMail.Status.QUEUED)
        self.assertEqual(queued.attempts, 1)
        self.assertEqual(queued.last_error, "ConnectionRefusedError")
        self.assertGreater(queued.next_attempt_at, timezone.now())
        make_jobs_due()
        run_worker()  # the server is back (the test backend): sent, and the row deleted
        self.assertEqual(len(mail.outbox), 1)
        self.assertFalse(OutgoingMail.objects.exists())


class FormTokenPruneTest(CaseTestCase):
    def test_jobs_cleanup_prunes_tokens_older_than_a_day(self):
        old = FormToken.objects.create(token="a" * 32, scope="x", user=self.alice)
        FormToken.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
        FormToken.objects.create(token="b" * 32, scope="x", user=self.alice)
        call_command("jobs_cleanup", stdout=__import__("io").StringIO())
        self.assertEqual(list(FormToken.objects.values_list("token", flat=True)), ["b" * 32])
