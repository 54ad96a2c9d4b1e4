"""E-mail in the recipient's language; the Outbox sends after the change and survives outages."""

from django.core import mail
from django.db import transaction
from django.test import SimpleTestCase, TestCase, override_settings

from dualcareer.core.mail import Outbox, send_on_commit, send_templated


class SendTemplatedTests(SimpleTestCase):
    def test_it_renders_in_the_recipients_language(self) -> None:
        send_templated(
            to="a@example.org",
            language="en",
            template="accounts/mail/password_reset",
            context={"protocol": "https", "domain": "x.example", "uid": "u", "token": "t"},
        )
        send_templated(
            to="b@example.org",
            language="de",
            template="accounts/mail/password_reset",
            context={"protocol": "https", "domain": "x.example", "uid": "u", "token": "t"},
        )
        english, german = mail.outbox
        self.assertIn("Set a new password", english.subject)
        self.assertIn("/en/accounts/reset/u/t/", english.body)
        self.assertIn("Neues Passwort", german.subject)
        self.assertIn("https://x.example/accounts/reset/u/t/", german.body)


class OutboxTests(SimpleTestCase):
    context = {"protocol": "https", "domain": "x.example", "uid": "u", "token": "t"}

    def test_nothing_is_sent_before_send(self) -> None:
        outbox = Outbox()
        outbox.add(
            to="a@example.org",
            language="de",
            template="accounts/mail/password_reset",
            context=self.context,
        )
        self.assertEqual(mail.outbox, [])
        self.assertEqual(outbox.send(), 1)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(outbox.send(), 0)  # sent once only

    @override_settings(EMAIL_BACKEND="dualcareer.testing.mail.FailingEmailBackend")
    def test_a_failing_mail_server_is_logged_without_the_address(self) -> None:
        outbox = Outbox()
        outbox.add(
            to="erika@example.org",
            language="de",
            template="accounts/mail/password_reset",
            context=self.context,
        )
        with self.assertLogs("dualcareer.core.mail", level="ERROR") as logs:
            self.assertEqual(outbox.send(), 0)
        self.assertIn("ConnectionRefusedError", logs.output[0])
        self.assertNotIn("erika", logs.output[0])


class SendOnCommitTests(TestCase):
    context = OutboxTests.context

    def test_it_sends_after_commit_and_not_on_rollback(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            send_on_commit(
                to="a@example.org",
                language="en",
                template="accounts/mail/password_reset",
                context=self.context,
            )
            self.assertEqual(mail.outbox, [])
        self.assertEqual(len(mail.outbox), 1)
        with self.captureOnCommitCallbacks(execute=True) as callbacks:
            try:
                with transaction.atomic():
                    send_on_commit(
                        to="b@example.org",
                        language="en",
                        template="accounts/mail/password_reset",
                        context=self.context,
                    )
                    raise RuntimeError("the change fails")
            except RuntimeError:
                pass
        self.assertEqual(callbacks, [])
        self.assertEqual(len(mail.outbox), 1)
