"""Keep personal data and secret tokens out of logs and error reports.

`mask_text` is the one function that cleans a log line: the logging filter
below applies it to every record of every handler (message, exception text,
stack), the gunicorn access logger (`dualcareer.core.accesslog`) to every
field of its lines, and the login-throttling records (django-axes) to the
path they store. This module imports nothing from Django's settings so that
gunicorn can load it before the application.
"""

from __future__ import annotations

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_QUERY = re.compile(r"\?[^\s\"']*")
_SEGMENT = r"[^/?#\s\"']+"
_END = r"(?=[/?#\s\"']|$)"

# Routes whose next path segment is a secret: invitation, saved-search
# unsubscribe, network-request answer, application reply, training registration,
# feedback and calendar feed links.
# dualcareer.core.tests.test_logging checks that every URL pattern with a
# token parameter is covered, so a new token route cannot slip past.
_TOKEN_AFTER = re.compile(
    rf"(/(?:invitation|unsubscribe|answer|reply|token|confirm|verify|activate|registration|feedback|feed)/)({_SEGMENT}){_END}"
)
# Password reset: /reset/<uidb64>/<token>/ (Django then redirects to
# /reset/<uidb64>/set-password/, and /reset/done/ is a plain page).
_RESET = re.compile(rf"(/reset/)(?!done{_END})({_SEGMENT})(?:/({_SEGMENT}))?{_END}")
# Any other long opaque segment (signed values, random tokens): mixed case
# with digits, or with a colon. UUIDs and slugs are lower case and stay.
_OPAQUE = re.compile(rf"(?<=/)([A-Za-z0-9_\-:.=]{{20,}}){_END}")

MASK = "<token>"


_RESET_FORM = "set-password"


def _reset(match: re.Match[str]) -> str:
    second = match.group(3)
    if second is None:
        return f"{match.group(1)}{MASK}"
    tail = second if second == _RESET_FORM else MASK
    return f"{match.group(1)}{MASK}/{tail}"


def _opaque(match: re.Match[str]) -> str:
    segment = match.group(1)
    has_digit = any(c.isdigit() for c in segment)
    looks_random = ":" in segment or (has_digit and any(c.isupper() for c in segment))
    return MASK if looks_random else segment


def mask_tokens(text: str) -> str:
    """Replace secret path segments (tokens in links) with `<token>`."""
    text = _TOKEN_AFTER.sub(lambda m: f"{m.group(1)}{MASK}", text)
    text = _RESET.sub(_reset, text)
    return _OPAQUE.sub(_opaque, text)


def mask_text(text: str) -> str:
    """Mask e-mail addresses, query strings and secret path segments in `text`."""
    text = _EMAIL.sub("<email>", text)
    text = _QUERY.sub("?<query>", text)
    return mask_tokens(text)


class NoPersonalDataFilter(logging.Filter):
    """Mask e-mail addresses, query strings and tokens in every log record.

    Requests are logged by path; query strings may carry search terms,
    links carry tokens that open accounts, and e-mail addresses identify
    people. Exception texts and tracebacks are masked as well: they quote
    whatever a user typed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = mask_text(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Never put POST bodies (profiles, notes, passwords) into error e-mails."""

    def get_post_parameters(self, request):  # type: ignore[no-untyped-def,unused-ignore]
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)
