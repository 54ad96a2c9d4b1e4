"""Keep personal data out of logs and error reports."""

import logging
import re

from django.views.debug import SafeExceptionReporterFilter

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


class NoPersonalDataFilter(logging.Filter):
    """Mask e-mail addresses and drop query strings from log messages.

    Requests are logged by path; query strings may carry search terms or
    tokens, and e-mail addresses identify people.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:
            return True
        cleaned = _EMAIL.sub("<email>", message)
        cleaned = re.sub(r"\?\S*", "?<query>", cleaned)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        return True


class PersonalDataExceptionReporterFilter(SafeExceptionReporterFilter):
    """Never put POST bodies (profiles, notes, passwords) into error e-mails."""

    def get_post_parameters(self, request):  # type: ignore[no-untyped-def,unused-ignore]
        if request is None:
            return {}
        return dict.fromkeys(request.POST, self.cleansed_substitute)
