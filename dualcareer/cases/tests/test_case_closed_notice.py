"""Closing a case tells the partner, in their language, signed by their officer."""

from django.core import mail
from django.core.exceptions import PermissionDenied

from dualcareer.cases.services import case_close
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseClosedNoticeTests(CaseTestCase):
    def test_partner_is_told_with_the_outcome(self):
        self.paula.language = "en"
        self.paula.save()
        with self.captureOnCommitCallbacks(execute=True):
            case_close(case=self.case, actor=self.alice, outcome="job_elsewhere")
        (message,) = [m for m in mail.outbox if m.to == ["paula@example.org"]]
        self.assertIn("closed", message.subject)
        self.assertIn("Job found elsewhere", message.body)
        self.assertIn("/en/cases/my/export/", message.body)
        self.assertEqual(message.reply_to, ["alice@example.org"])

    def test_a_refused_closing_tells_nobody(self):
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(PermissionDenied):
            case_close(case=self.case, actor=self.charlie, outcome="job_elsewhere")
        self.assertEqual(mail.outbox, [])
