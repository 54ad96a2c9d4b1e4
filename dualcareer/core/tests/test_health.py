"""Liveness, readiness with the worker's heartbeat, and the 503 page when the database is down."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from unittest import mock

from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from dualcareer.core import health
from dualcareer.core.heartbeat import Pacemaker, beat, prune
from dualcareer.core.models import WorkerHeartbeat
from dualcareer.testing.base import BaseTestCase


class MediaTestCase(TestCase):
    def setUp(self) -> None:
        media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, media, True)
        settings = override_settings(MEDIA_ROOT=media)
        settings.enable()
        self.addCleanup(settings.disable)
        self.media = media


class LivenessTest(TestCase):
    def test_healthz_answers_without_touching_the_database(self):
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok"})
        self.assertNotIn("sessionid", response.cookies)
        self.assertIn("no-cache", response["Cache-Control"])

    def test_healthz_reverses_outside_the_language_prefix(self):
        self.assertEqual(reverse("healthz"), "/healthz")
        self.assertEqual(reverse("readyz"), "/readyz")

    @override_settings(SECURE_SSL_REDIRECT=True, ALLOWED_HOSTS=["dualcareer.example.org"])
    def test_probes_over_plain_http_to_the_local_address_are_answered(self):
        # A load balancer probes http://127.0.0.1:8000/healthz: no HTTPS redirect, no host check.
        response = self.client.get("/healthz", HTTP_HOST="127.0.0.1:8000")
        self.assertEqual(response.status_code, 200)
        # Any other page still gets the host check.
        self.assertEqual(self.client.get("/", HTTP_HOST="127.0.0.1:8000").status_code, 400)

    def test_other_methods_are_refused(self):
        response = self.client.post("/healthz")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response["Allow"], "GET, HEAD")
        self.assertEqual(self.client.post("/readyz").status_code, 405)


class ReadinessTest(MediaTestCase):
    def test_ready_with_every_dependency_and_a_recent_heartbeat(self):
        beat("worker-1")
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            response.json(),
            {
                "status": "ok",
                "checks": {"database": "ok", "cache": "ok", "media": "ok", "worker": "ok"},
            },
        )

    def test_the_media_probe_leaves_no_file_behind(self):
        beat("worker-1")
        self.client.get("/readyz")
        leftovers = [p for p in __import__("pathlib").Path(self.media).rglob("*") if p.is_file()]
        self.assertEqual(leftovers, [])

    def test_no_heartbeat_is_503_naming_the_worker(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        body = response.json()
        self.assertEqual(body["failing"], ["worker"])
        self.assertEqual(body["checks"]["worker"], "RuntimeError")
        self.assertEqual(response["Retry-After"], "30")

    @override_settings(READINESS_WORKER_MAX_AGE_MINUTES=5)
    def test_a_heartbeat_older_than_the_limit_counts_as_down(self):
        WorkerHeartbeat.objects.create(
            worker_id="old", beat_at=timezone.now() - dt.timedelta(minutes=6)
        )
        self.assertEqual(self.client.get("/readyz").json()["failing"], ["worker"])
        WorkerHeartbeat.objects.create(
            worker_id="young", beat_at=timezone.now() - dt.timedelta(minutes=4)
        )
        self.assertEqual(self.client.get("/readyz").status_code, 200)

    @override_settings(READINESS_WORKER_MAX_AGE_MINUTES=0)
    def test_the_worker_check_can_be_switched_off(self):
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("worker", response.json()["checks"])

    def test_a_database_that_fails_is_named_and_the_worker_check_skipped(self):
        with mock.patch.object(health, "check_database", side_effect=OperationalError("down")):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        body = response.json()
        self.assertEqual(body["failing"], ["database", "worker"])
        self.assertEqual(body["checks"]["database"], "OperationalError")
        self.assertEqual(body["checks"]["worker"], "skipped")
        self.assertNotIn("down", response.content.decode())  # the error's text is not shown

    def test_a_cache_that_loses_values_is_named(self):
        beat("worker-1")
        with mock.patch("dualcareer.core.health.cache") as cache:
            cache.get.return_value = None
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["failing"], ["cache"])

    def test_a_media_storage_that_refuses_writes_is_named(self):
        beat("worker-1")
        with mock.patch.object(
            health.default_storage, "save", side_effect=OSError(28, "No space left on device")
        ):
            response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["failing"], ["media"])
        self.assertEqual(response.json()["checks"]["media"], "OSError")


class HeartbeatTest(TestCase):
    def test_beat_records_one_row_per_worker(self):
        beat("a")
        beat("a")
        beat("b")
        self.assertEqual(WorkerHeartbeat.objects.count(), 2)

    def test_the_pacemaker_writes_at_most_once_per_period(self):
        pacemaker = Pacemaker("a", every=3600)
        pacemaker.tick()
        first = WorkerHeartbeat.objects.get().beat_at
        pacemaker.tick()
        self.assertEqual(WorkerHeartbeat.objects.get().beat_at, first)

    def test_a_database_error_is_logged_not_raised(self):
        with (
            mock.patch.object(
                WorkerHeartbeat.objects, "update_or_create", side_effect=OperationalError("x")
            ),
            self.assertLogs("dualcareer.core.heartbeat", "WARNING") as logs,
        ):
            self.assertFalse(beat("a"))
        self.assertIn("OperationalError", logs.output[0])

    def test_prune_removes_workers_gone_for_a_day(self):
        WorkerHeartbeat.objects.create(
            worker_id="gone", beat_at=timezone.now() - dt.timedelta(days=2)
        )
        beat("alive")
        self.assertEqual(prune(), 1)
        self.assertEqual(
            list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)), ["alive"]
        )

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
    def test_the_worker_command_beats_and_runs_the_queue(self):
        from dualcareer.core.tests.tasks_for_tests import record

        record.enqueue("ran")
        # The worker closes stale connections between tasks; in a TestCase's
        # transaction that would close the test's own connection.
        with mock.patch("dualcareer.core.management.commands.worker.close_old_connections"):
            call_command(
                "worker",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
                "--worker-id",
                "w-test",
                verbosity=0,
            )
        self.assertTrue(WorkerHeartbeat.objects.filter(worker_id="w-test").exists())
        from django_tasks_db.models import DBTaskResult

        self.assertEqual(DBTaskResult.objects.get().status, "SUCCESSFUL")


class DatabaseUnavailableTest(BaseTestCase):
    def test_a_view_losing_the_database_answers_the_503_page(self):
        response = self._get_with_failing_view(OperationalError("server closed"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, "Vorübergehend nicht erreichbar", status_code=503)
        self.assertNotContains(response, "server closed", status_code=503)

    def _get_with_failing_view(self, error: Exception) -> HttpResponse:
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        middleware = health.DatabaseUnavailableMiddleware(HttpResponse)
        response = middleware.process_exception(request, error)
        assert response is not None
        return response

    def test_a_programming_error_is_not_hidden_as_unavailable(self):
        from django.db import ProgrammingError
        from django.test import RequestFactory

        middleware = health.DatabaseUnavailableMiddleware(HttpResponse)
        self.assertIsNone(
            middleware.process_exception(RequestFactory().get("/"), ProgrammingError())
        )

    def test_the_session_store_down_in_middleware_gives_503_not_500(self):
        # The database fails while the session is loaded (before any view): the
        # exception goes to handler500, which answers 503 with the plain page.
        self.client.force_login(self.alice)
        self.client.raise_request_exception = False
        with mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.load",
            side_effect=InterfaceError("connection already closed"),
        ):
            response = self.client.get("/")
        self.assertEqual(response.status_code, 503)
        self.assertContains(response, "<h1>Vorübergehend nicht erreichbar</h1>", status_code=503)

    def test_the_log_gets_one_warning_line_without_a_traceback(self):
        self.client.force_login(self.alice)
        self.client.raise_request_exception = False
        with (
            mock.patch(
                "django.contrib.sessions.backends.db.SessionStore.load",
                side_effect=OperationalError("server closed the connection"),
            ),
            self.assertLogs("dualcareer.core.health", level="WARNING") as logs,
            self.assertNoLogs("django.request", level="WARNING"),  # no traceback line
        ):
            response = self.client.get("/")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(
            [(r.levelname, r.getMessage(), r.exc_info) for r in logs.records],
            [("WARNING", "database unavailable: OperationalError", None)],
        )

    def test_other_errors_still_get_the_500_page(self):
        from django.test import RequestFactory

        request = RequestFactory().get("/")
        try:
            raise ValueError("boom")
        except ValueError:
            response = health.server_error(request)
        self.assertEqual(response.status_code, 500)

    def test_english_readers_get_the_page_in_english(self):
        self.client.raise_request_exception = False
        self.client.force_login(self.alice)
        with mock.patch(
            "django.contrib.sessions.backends.db.SessionStore.load",
            side_effect=OperationalError("the database system is shutting down"),
        ):
            response = self.client.get("/en/")
        self.assertContains(response, "Temporarily unavailable", status_code=503)
        self.assertNotIn(b"shutting down", response.content)
