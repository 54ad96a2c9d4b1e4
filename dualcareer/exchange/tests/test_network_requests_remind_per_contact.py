"""Network request reminders per contact: a refused address or a kill half-way harms no one else."""

import datetime as dt
from unittest import mock

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from dualcareer.exchange import services
from dualcareer.exchange.models import NetworkRequestRecipient
from dualcareer.exchange.services import network_request_send, network_requests_remind_and_expire
from dualcareer.openings.tests.factories import make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.jobs import DATABASE_TASKS, run_worker
from dualcareer.testing.mail import REFUSED


class Killed(BaseException):
    """The process ends here (as with SIGKILL): no handler in the code runs."""


class NetworkRequestsRemindPerContactTests(BaseTestCase):
    def setUp(self):
        f.ContactFactory(institution=self.employer_inst, email=REFUSED)
        f.ContactFactory(institution=self.coord_inst, email="dcs@coord.example.org")
        case = make_case(self.inst, self.paula, scopes=("employers",))
        network_request_send(
            user=self.alice,
            case=case,
            message="Biochemie",
            institutions=[self.employer_inst, self.coord_inst],
            days=10,
        )
        mail.outbox.clear()
        self.halfway = timezone.localdate() + dt.timedelta(days=6)

    def _reminded(self):
        return sorted(
            NetworkRequestRecipient.objects.filter(reminded_at__isnull=False).values_list(
                "contact__email", flat=True
            )
        )

    @override_settings(EMAIL_BACKEND="dualcareer.testing.mail.RefusingEmailBackend")
    def test_a_refused_contact_does_not_stop_the_others_and_is_tried_again_next_run(self):
        with self.assertLogs("dualcareer.exchange.services", level="ERROR") as logs:
            self.assertEqual(network_requests_remind_and_expire(today=self.halfway), (1, 0))
        self.assertEqual([message.to for message in mail.outbox], [["dcs@coord.example.org"]])
        self.assertNotIn(REFUSED, "".join(logs.output))
        self.assertEqual(self._reminded(), ["dcs@coord.example.org"])

    def test_a_run_killed_after_the_first_contact_sends_nothing_twice_when_run_again(self):
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
            network_requests_remind_and_expire(today=self.halfway)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(network_requests_remind_and_expire(today=self.halfway), (1, 0))
        self.assertEqual(network_requests_remind_and_expire(today=self.halfway), (0, 0))
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            sorted(["dcs@coord.example.org", REFUSED]),
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
            network_requests_remind_and_expire(today=self.halfway)
        network_requests_remind_and_expire(today=self.halfway)
        run_worker()
        self.assertEqual(
            sorted(message.to[0] for message in mail.outbox),
            sorted(["dcs@coord.example.org", REFUSED]),
        )
