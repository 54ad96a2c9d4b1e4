import datetime as dt

from django.core import mail
from django.utils import timezone

from dualcareer.exchange.models import Introduction
from dualcareer.exchange.services import introduction_create, introductions_remind
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


class IntroductionsRemindTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=OpeningFactory(institution=self.employer_inst)
        )
        mail.outbox.clear()

    def test_waiting_introduction_is_reminded_after_n_days(self):
        now = timezone.now()
        self.assertEqual(introductions_remind(days=7, now=now + dt.timedelta(days=3)), 0)
        self.assertEqual(introductions_remind(days=7, now=now + dt.timedelta(days=8)), 1)
        self.assertEqual(mail.outbox[0].to, ["emil@example.org"])
        # Not again the next day; again after another N days; never more than twice.
        self.assertEqual(introductions_remind(days=7, now=now + dt.timedelta(days=9)), 0)
        self.assertEqual(introductions_remind(days=7, now=now + dt.timedelta(days=16)), 1)
        self.assertEqual(introductions_remind(days=7, now=now + dt.timedelta(days=30)), 0)
        self.assertEqual(Introduction.objects.get().reminder_count, 2)

    def test_answered_or_unconsented_introductions_are_not_reminded(self):
        withdraw(self.case, "employers")
        self.assertEqual(introductions_remind(days=7, now=timezone.now() + dt.timedelta(days=8)), 0)
