"""The log of e-mails sent: template, recipient's language, time, status, attempts.

Written from `core.mail.mail_finished` for every message sent or given up on.
No subject, no body, no address in clear: the address is kept as an HMAC-SHA256
keyed with the SECRET_KEY (`address_hash`), so that a coordinator who is
asked "did you write to me?" can check it (the admin's search takes the
hash; `address_hash` computes it), but a leaked table reveals no addresses.
Entries are deleted after MAIL_LOG_RETENTION_DAYS (`api_cleanup`).
Readable in the Django admin (read only).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.utils import timezone

from dualcareer.api.models import SentMail


def address_hash(address: str) -> str:
    key = f"dualcareer.maillog:{settings.SECRET_KEY}".encode()
    return hmac.new(key, address.strip().lower().encode(), hashlib.sha256).hexdigest()


def on_mail_finished(
    sender: Any,
    *,
    template: str,
    language: str,
    to: str,
    institution_id: int | None,
    status: str,
    attempts: int,
    error: str,
    **kwargs: Any,
) -> None:
    """Receiver of `core.mail.mail_finished`: one log entry."""
    SentMail.objects.create(
        template=template[:200],
        language=language[:8],
        recipient_hash=address_hash(to),
        institution_id=institution_id,
        status=SentMail.Status.SENT if status == "sent" else SentMail.Status.FAILED,
        attempts=attempts,
        error=error[:100],
    )


def mail_log_prune(*, now: dt.datetime | None = None) -> int:
    """Delete log entries older than MAIL_LOG_RETENTION_DAYS; return how many."""
    now = now or timezone.now()
    days = int(getattr(settings, "MAIL_LOG_RETENTION_DAYS", 90))
    deleted, _rows = SentMail.objects.filter(created_at__lt=now - dt.timedelta(days=days)).delete()
    return deleted
