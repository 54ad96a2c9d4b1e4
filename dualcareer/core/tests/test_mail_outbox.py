"""The outbox: e-mail queued in the change's transaction, sent by the worker, retried."""

import datetime as dt

from django.core import mail
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from dualcareer.core.mail import (
    Outbox,
    mail_delete_failed,
    mail_requeue_stale,
    retry_delay,
    send_on_commit,
    send_templated,
)
from dualcareer.core.models import OutgoingMail
from dualcareer.testing.jobs import DATABASE_TASKS, make_jobs_due, run_worker

CONTEXT = {"protocol": "https", "domain": "x.example", "uid": "u", "token": "t"}
TEMPLATE = "accounts/mail/password_reset"


@override_settings(TASKS=DATABASE_TASKS)
class OutboxQueueTests(TestCase):
    def test_a_message_is_queued_and_sent_by_the_worker_with_both_parts(self) -> None:
        send_templated(to="a@example.org", language="en", template=TEMPLATE, context=CONTEXT)
        self.assertEqual(mail.outbox, [])
        self.assertEqual(OutgoingMail.objects.count(), 1)
        run_worker()
        (message,) = mail.outbox
        self.assertEqual(message.to, ["a@example.org"])
        self.assertIn("Set a new password", message.subject)
        self.assertEqual(OutgoingMail.objects.count(), 0)  # no personal data kept once sent

    def test_a_rolled_back_change_drops_its_message(self) -> None:
        try:
            with transaction.atomic():
                send_on_commit(
                    to="b@example.org", language="de", template=TEMPLATE, context=CONTEXT
                )
                Outbox().add(to="c@example.org", language="de", template=TEMPLATE, context=CONTEXT)
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
        run_worker()
        self.assertEqual(OutgoingMail.objects.count(), 0)
        self.assertEqual(mail.outbox, [])

    def test_the_mail_server_down_keeps_the_message_and_it_is_sent_when_back(self) -> None:
        with transaction.atomic():
            send_templated(
                to="erika@example.org", language="de", template=TEMPLATE, context=CONTEXT
            )
        with (
            override_settings(EMAIL_BACKEND="dualcareer.testing.mail.FailingEmailBackend"),
            self.assertLogs("dualcareer.core.mail", level="WARNING") as logs,
        ):
            run_worker()
        self.assertNotIn("erika", "".join(logs.output))
        queued = OutgoingMail.objects.get()
        self.assertEqual(queued.status, OutgoingMail.Status.QUEUED)
        self.assertEqual(queued.last_error, "ConnectionRefusedError")
        self.assertGreater(queued.next_attempt_at, timezone.now())
        run_worker()  # not due yet
        self.assertEqual(mail.outbox, [])
        make_jobs_due()
        run_worker()
        self.assertEqual(len(mail.outbox), 1)
        self.assertFalse(OutgoingMail.objects.exists())

    @override_settings(
        EMAIL_BACKEND="dualcareer.testing.mail.FailingEmailBackend", MAIL_MAX_ATTEMPTS=3
    )
    def test_after_the_last_attempt_the_message_is_marked_failed(self) -> None:
        send_templated(to="a@example.org", language="de", template=TEMPLATE, context=CONTEXT)
        with self.assertLogs("dualcareer.core.mail", level="WARNING") as logs:
            for _attempt in range(5):
                make_jobs_due()
                run_worker()
        failed = OutgoingMail.objects.get()
        self.assertEqual(failed.status, OutgoingMail.Status.FAILED)
        self.assertEqual(failed.attempts, 3)
        self.assertIn("failed for good", logs.output[-1])
        self.assertEqual(mail_delete_failed(now=timezone.now() + dt.timedelta(days=1)), 0)
        self.assertEqual(mail_delete_failed(now=timezone.now() + dt.timedelta(days=31)), 1)

    def test_a_message_whose_job_was_lost_is_queued_again(self) -> None:
        send_templated(to="a@example.org", language="de", template=TEMPLATE, context=CONTEXT)
        OutgoingMail.objects.update(
            status=OutgoingMail.Status.SENDING, claimed_at=timezone.now() - dt.timedelta(hours=2)
        )
        run_worker()  # the first job finds the message claimed: it does nothing
        self.assertEqual(mail.outbox, [])
        self.assertEqual(mail_requeue_stale(), 1)
        run_worker()
        self.assertEqual(len(mail.outbox), 1)

    def test_the_backoff_doubles_and_is_capped(self) -> None:
        self.assertEqual(retry_delay(1), dt.timedelta(seconds=60))
        self.assertEqual(retry_delay(3), dt.timedelta(seconds=240))
        self.assertEqual(retry_delay(30), dt.timedelta(hours=6))

    def test_the_address_is_masked_for_display(self) -> None:
        self.assertEqual(OutgoingMail(to="erika@example.org").masked_to, "e…@example.org")
