"""The background worker's heartbeat, read by the readiness check (`/readyz`).

`manage.py worker` (dualcareer.core.management.commands.worker) is
django-tasks' `db_worker` that also records, at most every
`HEARTBEAT_SECONDS`, that it is alive: one row per worker process in
`WorkerHeartbeat`. A worker stuck in a task longer than the readiness limit
does not beat either, which is what an operator wants to see.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import DatabaseError
from django.utils import timezone

from dualcareer.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 30
# Rows of workers that stopped beating this long ago are removed.
STALE_AFTER = dt.timedelta(days=1)


def beat(worker_id: str) -> bool:
    """Record that `worker_id` is alive now. A database error is logged, not raised."""
    try:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id[:64], defaults={"beat_at": timezone.now()}
        )
    except DatabaseError as error:
        logger.warning("worker heartbeat not recorded: %s", type(error).__name__)
        return False
    return True


def prune() -> int:
    """Delete the heartbeats of workers gone for a day (restarts get new ids)."""
    deleted, _rows = WorkerHeartbeat.objects.filter(
        beat_at__lt=timezone.now() - STALE_AFTER
    ).delete()
    return deleted


class Pacemaker:
    """Calls `beat` when the last one is older than `every` seconds."""

    def __init__(self, worker_id: str, every: float = HEARTBEAT_SECONDS) -> None:
        self.worker_id = worker_id
        self.every = every
        self._last = float("-inf")

    def tick(self) -> None:
        now = time.monotonic()
        if now - self._last >= self.every and beat(self.worker_id):
            self._last = now
