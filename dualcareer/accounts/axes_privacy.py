"""What django-axes stores about login attempts, kept small and short-lived.

Failed logins are recorded with the account (e-mail address), the client's
address and user agent, for the lockout. Before a record is saved its path
is masked like every log line (a login reached from an invitation or reset
link must not store the token) and the request's form and query values are
dropped: they are never needed. `axes_purge` deletes the records after
`AXES_RETENTION_DAYS`. Axes' log of successful logins is switched off in
the settings (`AXES_DISABLE_ACCESS_LOG`): the audit log records logins.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from dualcareer.core.logging import mask_text

AXES_MODELS = (AccessAttempt, AccessFailureLog, AccessLog)


def _mask_record(sender: Any, instance: Any, **kwargs: Any) -> None:
    if isinstance(instance.path_info, str):
        instance.path_info = mask_text(instance.path_info)[:255]
    if isinstance(instance, AccessAttempt):
        instance.get_data = ""
        instance.post_data = ""


for _model in AXES_MODELS:
    receiver(pre_save, sender=_model, dispatch_uid=f"axes_privacy.{_model.__name__}")(_mask_record)


def axes_purge(*, days: int | None = None, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete axes' records older than `days` (default AXES_RETENTION_DAYS); return counts."""
    keep_days = settings.AXES_RETENTION_DAYS if days is None else days
    limit = (now or timezone.now()) - dt.timedelta(days=keep_days)
    counts: dict[str, int] = {}
    for model in AXES_MODELS:
        deleted, _ = model.objects.filter(attempt_time__lt=limit).delete()
        counts[model._meta.model_name or model.__name__] = deleted
    return counts
