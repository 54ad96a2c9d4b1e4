"""E-mail in the recipient's language, queued in the database and sent by the worker.

`send_templated(to=..., language=..., template="accounts/mail/invite", context=...)`
renders `<template>_subject.txt` and `<template>.txt` (and `<template>.html`
if present) with the recipient's language active and puts the message in the
outbox (`core.OutgoingMail`) *in the current transaction*: a rolled-back
change drops its e-mail too, and a stored change always has its e-mail.

The worker (`manage.py db_worker`, django-tasks' database backend) sends each
message through the backend configured by EMAIL_URL. A failure is retried
with exponential backoff (MAIL_RETRY_SECONDS, doubled per attempt) up to
MAIL_MAX_ATTEMPTS; then the message is marked failed, shown to the
coordinators of its institution's network and deleted after
MAIL_FAILED_RETENTION_DAYS. A sent message is deleted at once. Logs name the
template and the error type only: never the address or the text.

Every message sent or given up on is announced by the signal `mail_finished`
(template, language, address, institution, status, attempts, error type);
`dualcareer.api.maillog` keeps a log of it without bodies and with the
address only as a keyed hash.

With a task backend that does not keep its jobs in this database (the
immediate backend of the test suite, a broker) nothing can be written in the
change's transaction: the message is then sent where it always was
(`send_on_commit` after the commit, `Outbox` at `send()`, the others at once).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.dispatch import Signal
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from dualcareer.core.i18n import localize_links

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
RETRY_SECONDS = 60
MAX_RETRY_SECONDS = 6 * 3600
STALE_MINUTES = 30  # a queued or claimed message not sent by then is queued again

# Sent after a message was sent ("sent") or given up on ("failed"), with keyword
# arguments template, language, to, institution_id, status, attempts, error.
mail_finished = Signal()


def _finished(message: Any, status: str, *, attempts: int = 1, error: str = "") -> None:
    """Announce one finished message; a receiver's failure never affects the sending."""
    get = message.get if isinstance(message, dict) else lambda name: getattr(message, name, None)
    try:
        mail_finished.send(
            sender=None,
            template=get("template") or "",
            language=get("language") or "",
            to=get("to") or "",
            institution_id=get("institution_id"),
            status=status,
            attempts=attempts,
            error=error,
        )
    except Exception as exc:  # the log must not break the sending
        logger.error("e-mail log not written: %s", type(exc).__name__)


def render(
    *, language: str, template: str, context: dict[str, Any] | None = None
) -> dict[str, str]:
    """Render subject, text and HTML part of `template` in `language`.

    Every link to the site (`SITE_URL`) in the text and HTML parts leads to
    the pages in `language` (`/en/...` for English), however its URL was
    built: a path reversed in the sender's language, `{{ site_url }}` alone.
    """
    language = language or settings.LANGUAGE_CODE
    ctx = {"site_url": settings.SITE_URL, **(context or {})}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        body = str(render_to_string(f"{template}.txt", ctx))
        try:
            html = str(render_to_string(f"{template}.html", ctx))
        except TemplateDoesNotExist:
            html = ""
    body = localize_links(body, language)
    html = localize_links(html, language)
    return {"subject": subject, "body": body, "html": html}


def _deliver_now(message: dict[str, str]) -> None:
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        to=[message["to"]],
        reply_to=[message["reply_to"]] if message.get("reply_to") else None,
    )
    if message.get("html"):
        email.attach_alternative(message["html"], "text/html")
    email.send()


def queues_in_transaction() -> bool:
    """True when jobs are rows of this database (django-tasks' database backend)."""
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(mail_deliver.get_backend(), DatabaseBackend)


def _queue(message: dict[str, Any]) -> None:
    """Store the message and its delivery job (in the current transaction)."""
    from dualcareer.core.models import OutgoingMail

    mail = OutgoingMail.objects.create(**message, next_attempt_at=timezone.now())
    mail_deliver.enqueue(mail.pk)


def _build(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any] | None,
    institution_id: int | None,
    reply_to: str = "",
) -> dict[str, Any]:
    language = language or settings.LANGUAGE_CODE
    return {
        "to": to,
        "language": language,
        "template": template,
        "institution_id": institution_id,
        "reply_to": reply_to,
        **render(language=language, template=template, context=context),
    }


def send_templated(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any] | None = None,
    institution_id: int | None = None,
    reply_to: str = "",
) -> None:
    """Queue `template` rendered in `language` for the address `to` (sent by the worker)."""
    message = _build(
        to=to,
        language=language,
        template=template,
        context=context,
        institution_id=institution_id,
        reply_to=reply_to,
    )
    if queues_in_transaction():
        _queue(message)
    else:
        _deliver_now(message)
        _finished(message, "sent")


class Outbox:
    """E-mails collected while a change is saved.

    Services add messages inside their `transaction.atomic()` block and call
    `send()` after it. With the database job backend, `add` queues at once in
    the change's transaction (a rollback drops the message); otherwise the
    messages are sent at `send()`, a failure logged and not raised.
    """

    def __init__(self) -> None:
        self._messages: list[dict[str, Any]] = []
        self._queued = 0

    def add(
        self,
        *,
        to: str,
        language: str,
        template: str,
        context: dict[str, Any] | None = None,
        institution_id: int | None = None,
        reply_to: str = "",
    ) -> None:
        """Queue one message in the recipient's language (replies to `reply_to` if given)."""
        message = _build(
            to=to,
            language=language,
            template=template,
            context=context,
            institution_id=institution_id,
            reply_to=reply_to,
        )
        if queues_in_transaction():
            _queue(message)
            self._queued += 1
        else:
            self._messages.append(message)

    def send(self) -> int:
        """Hand over the collected messages; return how many were queued or sent."""
        sent = self._queued + sum(_deliver_safely(message) for message in self._messages)
        self._messages.clear()
        self._queued = 0
        return sent


def _deliver_safely(message: dict[str, Any]) -> bool:
    try:
        _deliver_now(message)
    except Exception as error:  # any mail failure is logged, not raised
        logger.error("e-mail %s could not be sent: %s", message["template"], type(error).__name__)
        _finished(message, "failed", error=type(error).__name__[:100])
        return False
    _finished(message, "sent")
    return True


def send_safely(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any] | None = None,
    institution_id: int | None = None,
) -> bool:
    """Queue like `send_templated`; without a database queue, send now and log a failure.

    The log names the template and the error type only, never the address.
    """
    message = _build(
        to=to, language=language, template=template, context=context, institution_id=institution_id
    )
    if queues_in_transaction():
        _queue(message)
        return True
    return _deliver_safely(message)


def send_on_commit(
    *,
    to: str,
    language: str,
    template: str,
    context: dict[str, Any] | None = None,
    institution_id: int | None = None,
    reply_to: str = "",
) -> None:
    """Queue in the current transaction (without a database queue: send once it commits)."""
    message = _build(
        to=to,
        language=language,
        template=template,
        context=context,
        institution_id=institution_id,
        reply_to=reply_to,
    )
    if queues_in_transaction():
        _queue(message)
    else:
        transaction.on_commit(lambda: _deliver_safely(message))


# --- the jobs ------------------------------------------------------------------


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait before the next attempt after `attempts` failed ones: doubling, capped."""
    seconds = _setting("MAIL_RETRY_SECONDS", RETRY_SECONDS) * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, MAX_RETRY_SECONDS))


@task()
def mail_deliver(mail_id: int) -> str:
    """Send one outbox message; on failure schedule the next attempt or give up."""
    from dualcareer.core.models import OutgoingMail

    now = timezone.now()
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update()
            .filter(pk=mail_id, status=OutgoingMail.Status.QUEUED)
            .first()
        )
        if mail is None:  # sent already, given up, or claimed by another worker
            return "gone"
        mail.status = OutgoingMail.Status.SENDING
        mail.claimed_at = now
        mail.attempts += 1
        mail.save(update_fields=["status", "claimed_at", "attempts"])
    try:
        _deliver_now(
            {
                "to": mail.to,
                "subject": mail.subject,
                "body": mail.body,
                "html": mail.html,
                "reply_to": mail.reply_to,
            }
        )
    except Exception as error:  # any mail failure is recorded and retried
        mail.last_error = type(error).__name__[:100]
        if mail.attempts >= _setting("MAIL_MAX_ATTEMPTS", MAX_ATTEMPTS):
            mail.status = OutgoingMail.Status.FAILED
            mail.failed_at = timezone.now()
            logger.error(
                "e-mail %s failed for good after %s attempts: %s",
                mail.template,
                mail.attempts,
                mail.last_error,
            )
        else:
            mail.status = OutgoingMail.Status.QUEUED
            mail.next_attempt_at = timezone.now() + retry_delay(mail.attempts)
            logger.warning(
                "e-mail %s could not be sent (attempt %s): %s",
                mail.template,
                mail.attempts,
                mail.last_error,
            )
        with transaction.atomic():
            mail.save(update_fields=["status", "last_error", "failed_at", "next_attempt_at"])
            if mail.status == OutgoingMail.Status.QUEUED:
                mail_deliver.using(run_after=mail.next_attempt_at).enqueue(mail.pk)
        if mail.status == OutgoingMail.Status.FAILED:
            _finished(mail, "failed", attempts=mail.attempts, error=mail.last_error)
        return mail.status
    _finished(mail, "sent", attempts=mail.attempts)
    mail.delete()
    return "sent"


def mail_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again the messages whose job was lost (a killed worker); return how many.

    A message queued for longer than STALE_MINUTES past its due time, or
    claimed that long ago without being sent or failed, gets a new job. Sending
    is at least once: a worker killed between sending and deleting sends twice.
    """
    from django.db.models import Q

    from dualcareer.core.models import OutgoingMail

    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=STALE_MINUTES)
    stale = OutgoingMail.objects.filter(
        Q(status=OutgoingMail.Status.QUEUED, next_attempt_at__lt=limit)
        | Q(status=OutgoingMail.Status.SENDING, claimed_at__lt=limit)
    )
    count = 0
    for mail in stale:
        with transaction.atomic():
            OutgoingMail.objects.filter(pk=mail.pk).update(
                status=OutgoingMail.Status.QUEUED, next_attempt_at=now
            )
            mail_deliver.enqueue(mail.pk)
        count += 1
    return count


def mail_delete_failed(*, now: dt.datetime | None = None) -> int:
    """Delete finally failed messages older than MAIL_FAILED_RETENTION_DAYS; return how many."""
    from dualcareer.core.models import OutgoingMail

    now = now or timezone.now()
    days = _setting("MAIL_FAILED_RETENTION_DAYS", 30)
    deleted, _rows = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.FAILED, failed_at__lt=now - dt.timedelta(days=days)
    ).delete()
    return deleted
