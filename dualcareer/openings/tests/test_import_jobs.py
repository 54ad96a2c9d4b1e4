"""Imports as background jobs: progress page, JSON status, resuming after a killed worker."""

import json
from unittest import mock

from django.test import override_settings
from django.urls import reverse

from dualcareer.core.models import JobRun
from dualcareer.openings import importing
from dualcareer.openings.fetching import FetchResult
from dualcareer.openings.models import Opening
from dualcareer.openings.tests import test_openings_import
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.jobs import DATABASE_TASKS, run_worker


class Killed(BaseException):
    """The worker process ends here (as with SIGKILL): no handler in the code runs."""


def _feed() -> str:
    items = [test_openings_import.posting(f"R{n}") for n in range(1, 8)]
    items.insert(3, {"@type": "JobPosting", "title": "no reference"})  # item 4: an error
    return json.dumps(items)


@override_settings(TASKS=DATABASE_TASKS)
class ImportJobTests(BaseTestCase):
    def _enqueue(self) -> JobRun:
        return importing.import_enqueue(
            user=self.emil, institution=self.employer_inst, text=_feed()
        )

    def test_a_worker_killed_in_the_middle_continues_without_duplicates_or_gaps(self) -> None:
        run = self._enqueue()
        real = importing._store_batch
        calls: list[int] = []

        def store_then_die(*args, **kwargs):
            if len(calls) == 2:
                raise Killed
            calls.append(1)
            real(*args, **kwargs)

        with mock.patch.object(importing, "BATCH_SIZE", 2):
            with mock.patch.object(importing, "_store_batch", store_then_die):
                run_worker()  # the worker records the killed job as failed
            run.refresh_from_db()
            self.assertEqual((run.status, run.batches_done, run.done), ("running", 2, 4))
            self.assertEqual(Opening.objects.count(), 3)
            with mock.patch.object(importing, "STALE_MINUTES", -1):
                self.assertEqual(importing.import_runs_requeue_stale(), 1)
            run_worker()
        run.refresh_from_db()
        self.assertEqual(run.status, JobRun.Status.DONE)
        self.assertEqual(
            sorted(Opening.objects.values_list("reference", flat=True)),
            [f"R{n}" for n in range(1, 8)],
        )
        self.assertEqual([item["index"] for item in run.report], list(range(1, 9)))
        self.assertEqual((run.counts["created"], run.counts["error"], run.done), (7, 1, 8))
        self.assertEqual(run.input, "")

    def test_the_progress_page_works_without_script_and_shows_the_report_at_the_end(self) -> None:
        run = self._enqueue()
        url = reverse("openings:import_progress", args=[run.public_id])
        self.client.force_login(self.emil)
        response = self.client.get(url)
        self.assertContains(response, 'http-equiv="refresh"')
        self.assertContains(response, "import_progress.js")
        status = self.client.get(reverse("openings:import_status", args=[run.public_id])).json()
        self.assertEqual((status["finished"], status["done"]), (False, 0))
        run_worker()
        status = self.client.get(reverse("openings:import_status", args=[run.public_id])).json()
        self.assertEqual((status["finished"], status["done"], status["total"]), (True, 8, 8))
        self.assertEqual((status["created"], status["errors"]), (7, 1))
        response = self.client.get(url)
        self.assertNotContains(response, 'http-equiv="refresh"')
        self.assertContains(response, "R7")
        self.assertEqual(len(response.context["report"].items), 8)

    def test_the_upload_form_queues_the_job_and_leads_to_its_page(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.force_login(self.emil)
        response = self.client.post(
            reverse("openings:import"),
            {
                "institution": self.employer_inst.pk,
                "visibility": "public",
                "file": SimpleUploadedFile("feed.json", _feed().encode(), "application/json"),
            },
        )
        run = JobRun.objects.get()
        self.assertRedirects(response, reverse("openings:import_progress", args=[run.public_id]))
        self.assertEqual(Opening.objects.count(), 0)  # the worker has not run yet

    def _post_url(self, url: str):
        self.client.force_login(self.emil)
        return self.client.post(
            reverse("openings:import"),
            {"institution": self.employer_inst.pk, "visibility": "public", "url": url},
        )

    def test_an_address_is_downloaded_by_the_worker_not_in_the_request(self) -> None:
        url = "https://jobs.example.org/feed.json"
        with (
            mock.patch("dualcareer.openings.views.employer.check_url") as check,
            mock.patch.object(
                importing, "fetch", return_value=FetchResult(200, _feed().encode())
            ) as fetch,
        ):
            response = self._post_url(url)
            check.assert_called_once_with(url)
            self.assertFalse(fetch.called)  # the request only checked the address
            run = JobRun.objects.get()
            self.assertRedirects(
                response, reverse("openings:import_progress", args=[run.public_id])
            )
            run_worker()
            fetch.assert_called_once_with(url)
        run.refresh_from_db()
        self.assertEqual((run.status, run.input), (JobRun.Status.DONE, ""))
        self.assertEqual(Opening.objects.count(), 7)

    def test_an_address_the_worker_cannot_read_ends_the_job_with_the_reason(self) -> None:
        failure = importing.FetchError("the server could not be reached")
        with (
            mock.patch("dualcareer.openings.views.employer.check_url"),
            mock.patch.object(importing, "fetch", side_effect=failure),
        ):
            self._post_url("https://jobs.example.org/feed.json")
            run_worker()
        run = JobRun.objects.get()
        self.assertEqual((run.status, run.errors, Opening.objects.count()), ("done", 1, 0))
        self.assertIn("could not be reached", run.report[0]["reason"])
        self.client.force_login(self.emil)
        page = self.client.get(reverse("openings:import_progress", args=[run.public_id]))
        self.assertContains(page, "could not be reached")

    def test_a_private_address_is_refused_in_the_form_and_queues_nothing(self) -> None:
        response = self._post_url("http://127.0.0.1:8000/feed.json")
        self.assertEqual(response.status_code, 200)
        self.assertIn("url", response.context["form"].errors)
        self.assertFalse(JobRun.objects.exists())

    def test_outsiders_see_neither_the_page_nor_the_status(self) -> None:
        run = self._enqueue()
        for user in (self.charlie, self.alice, self.paula, self.nobody):
            self.client.force_login(user)
            for name in ("openings:import_progress", "openings:import_status"):
                response = self.client.get(reverse(name, args=[run.public_id]))
                self.assertEqual(response.status_code, 404, (user.email, name))

    def test_the_api_answers_202_with_the_jobs_address(self) -> None:
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(self.emil)
        body = {"employer": self.employer_inst.slug, "postings": json.loads(_feed())}
        response = api.post(reverse("api:opening_import"), body, format="json")
        self.assertEqual(response.status_code, 202)
        self.assertEqual(response.json()["status"], "queued")
        run_worker()
        job = api.get(response["Location"]).json()
        self.assertEqual((job["status"], job["created"], len(job["items"])), ("done", 7, 8))
        api.force_authenticate(self.charlie)
        self.assertEqual(api.get(response["Location"]).status_code, 404)
