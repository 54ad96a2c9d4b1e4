import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dualcareer.cases.reminders import reminders_send
from dualcareer.cases.selectors import due_tasks_for_officer
from dualcareer.cases.tests.helpers import CaseTestCase


class RemindersSendTests(CaseTestCase):
    def setUp(self):
        self.old = self.open_case(
            opened_on=timezone.localdate() - dt.timedelta(days=30), assigned_officers=[self.bob]
        )

    def test_each_assigned_officer_gets_one_mail_in_their_language(self):
        self.bob.language = "en"
        self.bob.save()
        report = reminders_send()
        self.assertEqual(report.officers, 2)
        by_recipient = {m.to[0]: m for m in mail.outbox}
        self.assertEqual(set(by_recipient), {"alice@example.org", "bob@example.org"})
        self.assertIn(self.old.reference, by_recipient["bob@example.org"].body)
        self.assertIn("overdue", by_recipient["bob@example.org"].body)
        self.assertIn("überfällig", by_recipient["alice@example.org"].body)

    def test_it_does_not_remind_twice_a_day(self):
        reminders_send()
        sent = len(mail.outbox)
        reminders_send()
        self.assertEqual(len(mail.outbox), sent)

    def test_outsiders_are_not_reminded_and_do_not_see_the_tasks(self):
        reminders_send()
        self.assertNotIn("charlie@example.org", [m.to[0] for m in mail.outbox])
        self.assertFalse(due_tasks_for_officer(user=self.charlie).exists())
        self.assertTrue(due_tasks_for_officer(user=self.bob).filter(case=self.old).exists())

    def test_the_command_reports(self):
        out = StringIO()
        call_command("case_reminders", "--dry-run", stdout=out)
        self.assertIn("would remind 2 officer(s)", out.getvalue())
        self.assertEqual(mail.outbox, [])
