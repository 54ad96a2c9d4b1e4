"""The hourly command: reminders before each session, once per person and session."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dualcareer.trainings import services
from dualcareer.trainings.models import Format
from dualcareer.trainings.tests.factories import make_registration, make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase


class ReminderTests(TrainingsTestCase):
    def test_participants_are_reminded_once_with_the_link_for_online_sessions(self):
        soon = timezone.now() + dt.timedelta(hours=20)
        training = make_training(
            self.network,
            format=Format.ONLINE,
            sessions=[(soon, soon + dt.timedelta(hours=2))],
            registration_deadline=soon - dt.timedelta(hours=1),
            cancellation_deadline=soon - dt.timedelta(hours=1),
        )
        make_registration(training, user=self.alice, language="en")
        make_registration(training, user=self.bob, status="waiting")
        out = StringIO()
        call_command("trainings_run", stdout=out)
        self.assertIn("1 reminders", out.getvalue())
        self.assertEqual(len(mail.outbox), 1)
        self.assertTrue(mail.outbox[0].subject.startswith("Reminder:"))
        self.assertIn("meet.example.org", mail.outbox[0].body)
        self.assertEqual(services.reminders_send(), 0)

    def test_sessions_further_ahead_are_not_reminded_yet(self):
        training = make_training(self.network, days=10)
        make_registration(training, user=self.alice)
        self.assertEqual(services.reminders_send(), 0)
        assert training.starts_at is not None
        later = training.starts_at - dt.timedelta(hours=1)
        self.assertEqual(services.reminders_send(now=later), 1)


class VisitorRetentionTests(TrainingsTestCase):
    def test_visitors_are_erased_a_year_after_the_training_members_are_kept(self):
        old = make_training(self.network, days=-400)
        visitor = make_registration(old, name="Vera Visitor", email="vera@example.org")
        member = make_registration(old, user=self.alice, name="Alice")
        recent = make_registration(make_training(self.network, days=-30), name="Recent")
        self.assertEqual(services.visitors_erase(), 1)
        self.assertEqual(services.visitors_erase(), 0)
        visitor.refresh_from_db()
        member.refresh_from_db()
        recent.refresh_from_db()
        self.assertNotIn("Vera", visitor.name)
        self.assertTrue(visitor.email.endswith("@erased.invalid"))
        self.assertEqual((member.name, recent.name), ("Alice", "Recent"))
