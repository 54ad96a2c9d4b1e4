"""E-mail in the recipient's language.

`send_templated(to=..., language=..., template="accounts/mail/invite", context=...)`
renders `<template>_subject.txt` and `<template>.txt` (and `<template>.html`
if present) with the recipient's language active, and sends through the
backend configured by EMAIL_URL.
"""

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
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
