"""Development e-mail: printed on the console and kept for the browser at /dev/mail/.

`make run` (DJANGO_DEBUG=true, no EMAIL_URL) uses this backend: every message
the worker sends is printed, as with Django's console backend, and stored as
an `.eml` file in EMAIL_FILE_PATH (default `var/mail/`), the newest
`KEEP` of them. The development page `/dev/mail/` (DEBUG only,
`site.views.dev`) lists them with clickable links. Never used in production:
settings choose it only when DEBUG is on and EMAIL_URL is unset.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedMessage
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.utils import timezone

KEEP = 200
SUFFIX = ".eml"


def folder() -> Path:
    return Path(settings.EMAIL_FILE_PATH)


class EmailBackend(ConsoleBackend):
    """Print each message and keep a copy for the development mail page."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = super().send_messages(email_messages)
        target = folder()
        target.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}{SUFFIX}"
            (target / name).write_bytes(message.message().as_bytes())
        for old in stored()[KEEP:]:
            old.unlink(missing_ok=True)
        return sent


def stored() -> list[Path]:
    """The kept messages, newest first."""
    target = folder()
    if not target.is_dir():
        return []
    return sorted(target.glob(f"*{SUFFIX}"), reverse=True)


def read(name: str) -> ParsedMessage | None:
    """One kept message by its file name; None for an unknown or unsafe name."""
    if "/" in name or "\\" in name or not name.endswith(SUFFIX):
        return None
    path = folder() / name
    if not path.is_file():
        return None
    parsed = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert isinstance(parsed, ParsedMessage)
    return parsed


def text_of(message: ParsedMessage) -> str:
    """The plain-text part of a message."""
    part = message.get_body(preferencelist=("plain",))
    return str(part.get_content()) if part is not None else ""
