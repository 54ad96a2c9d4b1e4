"""Every grant or withdrawal of consent is confirmed to the partner by e-mail (a receipt)."""

from django.core import mail

from dualcareer.cases.services import consent_grant, consent_withdraw
from dualcareer.cases.tests.helpers import CaseTestCase


class ConsentReceiptTests(CaseTestCase):
    def receipts(self):
        return [m for m in mail.outbox if m.to == ["paula@example.org"]]

    def test_grant_sends_a_receipt_in_the_partners_language(self):
        self.paula.language = "en"
        self.paula.save()
        with self.captureOnCommitCallbacks(execute=True):
            consent_grant(case=self.case, scope="employers", actor=self.paula, months=6)
        (receipt,) = self.receipts()
        self.assertIn("you granted your consent", receipt.subject)
        self.assertIn("Share my profile with member employers of other sectors", receipt.body)
        self.assertIn("/en/cases/my/consent/", receipt.body)
        self.assertEqual(receipt.reply_to, ["alice@example.org"])

    def test_withdrawal_by_the_partner_or_recorded_by_an_officer_sends_a_receipt(self):
        consent_grant(case=self.case, scope="academic", actor=self.paula)
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            consent_withdraw(case=self.case, scope="academic", actor=self.paula)
            consent_withdraw(case=self.case, scope="employers", actor=self.alice)
        receipts = self.receipts()
        self.assertEqual(len(receipts), 2)
        self.assertTrue(all("widerrufen" in m.subject for m in receipts))

    def test_withdrawing_nothing_in_force_sends_no_receipt(self):
        with self.captureOnCommitCallbacks(execute=True):
            consent_withdraw(case=self.case, scope="contact", actor=self.paula)
        self.assertEqual(self.receipts(), [])
