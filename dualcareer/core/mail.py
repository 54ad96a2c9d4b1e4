"""E-mail in the recipient's language.

`send_templated(to=..., language=..., template="accounts/mail/invite", context=...)`
renders `<template>_subject.txt` and `<template>.txt` (and `<template>.html`
if present) with the recipient's language active, and sends through the
backend configured by EMAIL_URL.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(
    *, to: str, language: str, template: str, context: dict[str, Any] | None = None
) -> None:
    """Render `template` in `language` and send it to the address `to`."""
    ctx = {"site_url": settings.SITE_URL, **(context or {})}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", ctx).split())
        body = render_to_string(f"{template}.txt", ctx)
        try:
            html = render_to_string(f"{template}.html", ctx)
        except TemplateDoesNotExist:
            html = None
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


logger = logging.getLogger(__name__)


class Outbox:
    """E-mails collected while a change is saved, sent once it is stored.

    Services add messages inside their `transaction.atomic()` block and call
    `send()` after it: a rolled-back change sends nothing, and a mail server
    that fails afterwards is logged (template and error type, no address) but
    neither undoes the stored change nor shows the user an error page.
    """

    def __init__(self) -> None:
        self._messages: list[dict[str, Any]] = []

    def add(
        self, *, to: str, language: str, template: str, context: dict[str, Any] | None = None
    ) -> None:
        """Queue one message in the recipient's language."""
        self._messages.append(
            {"to": to, "language": language, "template": template, "context": context}
        )

    def send(self) -> int:
        """Send the queued messages; return how many went out."""
        sent = sum(send_safely(**message) for message in self._messages)
        self._messages.clear()
        return sent


def send_safely(
    *, to: str, language: str, template: str, context: dict[str, Any] | None = None
) -> bool:
    """Send like `send_templated`, after a change is stored: a failure is logged, not raised.

    The log names the template and the error type only, never the address.
    """
    try:
        send_templated(to=to, language=language, template=template, context=context)
    except Exception as error:  # any mail failure is logged, not raised
        logger.error("e-mail %s could not be sent: %s", template, type(error).__name__)
        return False
    return True


def send_on_commit(
    *, to: str, language: str, template: str, context: dict[str, Any] | None = None
) -> None:
    """Send once the current transaction commits; a failing mail server is logged, not raised."""

    transaction.on_commit(
        lambda: send_safely(to=to, language=language, template=template, context=context)
    )
