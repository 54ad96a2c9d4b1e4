"""Files follow their records: a stored file is removed with its record, or retried.

`delete_on_commit(field)` deletes a record's file once the transaction that
removes the record commits. A deletion that fails (storage unavailable, a
permission error) is kept as a `PendingFileDeletion` row, written in the same
transaction as the record's removal, and retried by `pending_deletions_retry()`
(`jobs_cleanup`, `case_retention`), which reports what is still left.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction

logger = logging.getLogger(__name__)


def _storage_alias(storage: Any) -> str:
    storage = getattr(storage, "_wrapped", storage)
    for alias in settings.STORAGES:
        if storages[alias] is storage:
            return alias
    return "default"


def _try_delete(pending_id: int) -> bool:
    from dualcareer.core.models import PendingFileDeletion

    pending = PendingFileDeletion.objects.filter(pk=pending_id).first()
    if pending is None:
        return True
    try:
        storages[pending.storage].delete(pending.name)
    except Exception as error:  # kept for the next run
        PendingFileDeletion.objects.filter(pk=pending.pk).update(
            attempts=pending.attempts + 1, last_error=type(error).__name__[:100]
        )
        logger.warning("a file could not be deleted: %s", type(error).__name__)
        return False
    pending.delete()
    return True


def delete_on_commit(file_field: Any) -> None:
    """Delete the field's stored file once the current transaction commits (retried on failure)."""
    if file_field:
        delete_name_on_commit(file_field.name, file_field.storage)


def delete_name_on_commit(name: str, storage: Any) -> None:
    """Delete the file `name` of `storage` once the current transaction commits."""
    from dualcareer.core.models import PendingFileDeletion

    pending = PendingFileDeletion.objects.create(name=name, storage=_storage_alias(storage))
    transaction.on_commit(lambda: _try_delete(pending.pk))


@dataclass
class PendingReport:
    deleted: int = 0
    left: int = 0


def pending_deletions_retry() -> PendingReport:
    """Try every pending file deletion again; report how many went and how many are left."""
    from dualcareer.core.models import PendingFileDeletion

    report = PendingReport()
    for pending_id in PendingFileDeletion.objects.order_by("pk").values_list("pk", flat=True):
        if _try_delete(pending_id):
            report.deleted += 1
        else:
            report.left += 1
    return report
