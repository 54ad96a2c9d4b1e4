"""Background jobs in tests: the database queue and one pass of the worker.

The suite runs jobs at once (conftest.py); a test of the queue itself uses
`@override_settings(TASKS=DATABASE_TASKS)` and runs the worker with
`run_worker()`, as `manage.py db_worker --batch` would.
"""

import io
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    """Run every job that is due now, then return (the worker's batch mode).

    The worker closes stale database connections between jobs; inside a test's
    transaction that would close the test's own connection (PostgreSQL), so
    that step is left out here, as Django's test client leaves it out.
    """
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        _call_worker()


def _call_worker() -> None:
    call_command(
        "db_worker",
        batch=True,
        reload=False,
        startup_delay=False,
        interval=0,
        verbosity=0,
        stdout=io.StringIO(),
    )


def make_jobs_due() -> int:
    """Let the clock pass: every job waiting for a later time is due now."""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
