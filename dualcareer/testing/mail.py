"""An e-mail backend that always fails, for tests of what a mail outage does."""

from typing import Any

from django.core.mail.backends.base import BaseEmailBackend


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("mail server down")


REFUSED = "refused@example.org"


class RefusingEmailBackend(BaseEmailBackend):
    """Refuses every message to REFUSED (as a mail server refuses a recipient); keeps the others."""

    def send_messages(self, email_messages: Any) -> int:
        import smtplib

        from django.core import mail

        for message in email_messages:
            if REFUSED in message.to:
                raise smtplib.SMTPRecipientsRefused({REFUSED: (550, b"mailbox unavailable")})
        outbox = getattr(mail, "outbox", None)
        if outbox is not None:
            outbox.extend(email_messages)
        return len(email_messages)
