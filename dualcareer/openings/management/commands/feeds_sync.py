"""Queue a run of every active member job feed (the scheduler runs this, e.g. hourly).

The worker (`manage.py db_worker`) fetches each feed with a conditional
request and keeps its openings in sync; see `dualcareer/openings/feeds.py`.
"""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.openings.feeds import feeds_enqueue_due


class Command(BaseCommand):
    help = "Queue a run of every active job feed for the worker."

    def handle(self, *args: Any, **options: Any) -> None:
        count = feeds_enqueue_due()
        self.stdout.write(f"feeds_sync: {count} feed run(s) queued")
