"""Reminders are handled per officer: a failure or a kill half-way sends nothing twice."""

import datetime as dt
from unittest import mock

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from dualcareer.cases import reminders
from dualcareer.cases.models import CaseTaskReminder
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.testing.jobs import DATABASE_TASKS, run_worker
from dualcareer.testing.mail import REFUSED


class Killed(BaseException):
    """The process ends here (as with SIGKILL): no handler in the code runs."""


class RemindersPerOfficerTests(CaseTestCase):
    def setUp(self) -> None:
        self.open_case(
            opened_on=timezone.localdate() - dt.timedelta(days=30), assigned_officers=[self.bob]
        )

    def test_a_run_killed_after_the_first_officer_sends_nothing_twice_when_run_again(self) -> None:
        real = reminders.send_templated
        calls: list[str] = []

        def send_then_die(**kwargs):
            if calls:
                raise Killed
            calls.append(kwargs["to"])
            real(**kwargs)

        with (
            mock.patch.object(reminders, "send_templated", send_then_die),
            self.assertRaises(Killed),
        ):
            reminders.reminders_send()
        self.assertEqual(len(mail.outbox), 1)
        reminders.reminders_send()
        recipients = sorted(message.to[0] for message in mail.outbox)
        self.assertEqual(recipients, ["alice@example.org", "bob@example.org"])
        reminders.reminders_send()
        self.assertEqual(len(mail.outbox), 2)

    @override_settings(TASKS=DATABASE_TASKS)
    def test_a_killed_run_with_the_queue_also_sends_nothing_twice(self) -> None:
        real = reminders.send_templated
        calls: list[str] = []

        def queue_then_die(**kwargs):
            if calls:
                raise Killed
            calls.append(kwargs["to"])
            real(**kwargs)

        with (
            mock.patch.object(reminders, "send_templated", queue_then_die),
            self.assertRaises(Killed),
        ):
            reminders.reminders_send()
        reminders.reminders_send()
        run_worker()
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            ["alice@example.org", "bob@example.org"],
        )

    @override_settings(EMAIL_BACKEND="dualcareer.testing.mail.RefusingEmailBackend")
    def test_a_refused_officer_does_not_stop_the_others(self) -> None:
        self.alice.email = REFUSED
        self.alice.save(update_fields=["email"])
        with self.assertLogs("dualcareer.cases.reminders", level="ERROR") as logs:
            reminders.reminders_send()
        self.assertEqual([message.to[0] for message in mail.outbox], ["bob@example.org"])
        self.assertNotIn(REFUSED, "".join(logs.output))
        self.assertTrue(CaseTaskReminder.objects.filter(user=self.bob).exists())
