"""Development only (DEBUG): the e-mails the platform sent, readable in the browser.

`/dev/mail/` lists the messages kept by `core.devmail.EmailBackend` (the
default backend of `make run`), `/dev/mail/<name>/` shows one with clickable
links. The URLs exist only when DEBUG is on (`config/urls.py`), and the views
answer 404 otherwise.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dualcareer.core import devmail


def _require_debug() -> None:
    if not settings.DEBUG:
        raise Http404


def mail_list(request: HttpRequest) -> HttpResponse:
    _require_debug()
    messages = []
    for path in devmail.stored():
        parsed = devmail.read(path.name)
        if parsed is not None:
            messages.append(
                {
                    "name": path.name,
                    "subject": parsed["Subject"],
                    "to": parsed["To"],
                    "date": parsed["Date"],
                }
            )
    return render(
        request,
        "site/dev_mail_list.html",
        {
            "messages_sent": messages,
            "folder": devmail.folder(),
            "custom_backend": settings.EMAIL_BACKEND != "dualcareer.core.devmail.EmailBackend",
        },
    )


def mail_detail(request: HttpRequest, name: str) -> HttpResponse:
    _require_debug()
    parsed = devmail.read(name)
    if parsed is None:
        raise Http404
    return render(
        request,
        "site/dev_mail_detail.html",
        {
            "subject": parsed["Subject"],
            "to": parsed["To"],
            "date": parsed["Date"],
            "reply_to": parsed["Reply-To"],
            "body": devmail.text_of(parsed),
        },
    )
