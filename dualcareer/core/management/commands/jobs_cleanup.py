"""Housekeeping of the background jobs (run daily by a scheduler, see docs/operations.md)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.module_loading import import_string

from dualcareer.core.files import pending_deletions_retry
from dualcareer.core.mail import mail_delete_failed, mail_requeue_stale
from dualcareer.core.models import FormToken, JobRun


class Command(BaseCommand):
    help = (
        "Queue again e-mails whose job was lost, delete e-mails that failed for good after "
        "MAIL_FAILED_RETENTION_DAYS, prune finished job records after JOBS_RETENTION_DAYS and "
        "retry file deletions that failed. Queue again the jobs (imports) whose worker died "
        "(JOBS_RESUME_HOOKS) and delete their reports after JOB_RUNS_RETENTION_DAYS."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        from django_tasks_db.models import DBTaskResult

        requeued = mail_requeue_stale()
        resumed = sum(import_string(hook)() for hook in settings.JOBS_RESUME_HOOKS)
        deleted = mail_delete_failed()
        limit = timezone.now() - dt.timedelta(days=settings.JOBS_RETENTION_DAYS)
        pruned, _rows = DBTaskResult.objects.filter(
            status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=limit
        ).delete()
        runs, _rows = JobRun.objects.filter(
            status__in=[JobRun.Status.DONE, JobRun.Status.FAILED],
            finished_at__lt=timezone.now() - dt.timedelta(days=settings.JOB_RUNS_RETENTION_DAYS),
        ).delete()
        files = pending_deletions_retry()
        # One-time form tokens (core.idempotency) only guard against a double submission.
        tokens, _rows = FormToken.objects.filter(
            created_at__lt=timezone.now() - dt.timedelta(days=1)
        ).delete()
        self.stdout.write(
            f"jobs_cleanup: {requeued} e-mail(s) queued again, {resumed} job(s) resumed, "
            f"{deleted} failed e-mail(s) deleted, {pruned} finished job record(s) and {runs} "
            f"finished job report(s) pruned, {files.deleted} file(s) deleted, "
            f"{files.left} file deletion(s) still failing, {tokens} form token(s) pruned"
        )
