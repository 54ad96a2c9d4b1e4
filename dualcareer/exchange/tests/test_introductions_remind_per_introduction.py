"""Introduction reminders one by one: a refused address or a kill half-way harms no one else."""

import datetime as dt
from unittest import mock

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from dualcareer.accounts.models import Role
from dualcareer.exchange import services
from dualcareer.exchange.models import Introduction
from dualcareer.exchange.services import introduction_create, introductions_remind
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.jobs import DATABASE_TASKS, run_worker
from dualcareer.testing.mail import REFUSED


class Killed(BaseException):
    """The process ends here (as with SIGKILL): no handler in the code runs."""


class IntroductionsRemindPerIntroductionTests(BaseTestCase):
    def setUp(self):
        self.refused = self.make_user("erika", self.employer_inst, Role.EMPLOYER)
        self.refused.email = REFUSED
        self.refused.save(update_fields=["email"])
        self.first = introduction_create(
            user=self.alice,
            case=make_case(self.inst, scopes=("employers",)),
            opening=OpeningFactory(institution=self.employer_inst),
            recipient=self.refused,
        )
        self.second = introduction_create(
            user=self.alice,
            case=make_case(self.inst, scopes=("employers",)),
            opening=OpeningFactory(institution=self.employer_inst),
            recipient=self.emil,
        )
        mail.outbox.clear()
        self.later = timezone.now() + dt.timedelta(days=8)

    @override_settings(EMAIL_BACKEND="dualcareer.testing.mail.RefusingEmailBackend")
    def test_a_refused_contact_does_not_stop_the_others_and_is_tried_again_next_run(self):
        with self.assertLogs("dualcareer.exchange.services", level="ERROR") as logs:
            self.assertEqual(introductions_remind(days=7, now=self.later), 1)
        self.assertEqual([message.to for message in mail.outbox], [["emil@example.org"]])
        self.assertNotIn(REFUSED, "".join(logs.output))
        self.assertEqual(Introduction.objects.get(pk=self.first.pk).reminder_count, 0)
        self.assertEqual(Introduction.objects.get(pk=self.second.pk).reminder_count, 1)

    def test_a_run_killed_after_the_first_introduction_sends_nothing_twice_when_run_again(self):
        real = services.send_templated
        calls: list[str] = []

        def send_then_die(**kwargs):
            if calls:
                raise Killed
            calls.append(kwargs["to"])
            real(**kwargs)

        with (
            mock.patch.object(services, "send_templated", send_then_die),
            self.assertRaises(Killed),
        ):
            introductions_remind(days=7, now=self.later)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(introductions_remind(days=7, now=self.later), 1)
        self.assertEqual(introductions_remind(days=7, now=self.later), 0)
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox), sorted(["emil@example.org", REFUSED])
        )

    @override_settings(TASKS=DATABASE_TASKS)
    def test_with_the_queue_a_killed_run_also_sends_nothing_twice(self):
        real = services.send_templated
        calls: list[str] = []

        def queue_then_die(**kwargs):
            if calls:
                raise Killed
            calls.append(kwargs["to"])
            real(**kwargs)

        with (
            mock.patch.object(services, "send_templated", queue_then_die),
            self.assertRaises(Killed),
        ):
            introductions_remind(days=7, now=self.later)
        introductions_remind(days=7, now=self.later)
        run_worker()
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox), sorted(["emil@example.org", REFUSED])
        )
