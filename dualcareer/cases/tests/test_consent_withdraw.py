from django.core.exceptions import PermissionDenied

from dualcareer.cases.models import Consent
from dualcareer.cases.selectors import consent_active
from dualcareer.cases.services import consent_grant, consent_withdraw
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.audit import entries_for


class ConsentWithdrawTests(CaseTestCase):
    def test_withdrawing_stops_sharing_at_once(self):
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        self.assertTrue(consent_active(case=self.case, scope="employers"))
        consent_withdraw(case=self.case, scope="employers", actor=self.paula)
        self.assertFalse(consent_active(case=self.case, scope="employers"))

    def test_the_evidence_is_kept(self):
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        consent_withdraw(case=self.case, scope="employers", actor=self.paula)
        record = Consent.objects.get(case=self.case, scope="employers")
        self.assertIsNotNone(record.withdrawn_at)
        self.assertEqual(record.withdrawn_by, self.paula)

    def test_other_scopes_stay_in_force(self):
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        consent_grant(case=self.case, scope="academic", actor=self.paula)
        consent_withdraw(case=self.case, scope="employers", actor=self.paula)
        self.assertTrue(consent_active(case=self.case, scope="academic"))

    def test_an_officer_may_record_a_withdrawal_the_partner_declared(self):
        consent_grant(case=self.case, scope="contact", actor=self.paula)
        consent_withdraw(case=self.case, scope="contact", actor=self.bob)
        self.assertFalse(consent_active(case=self.case, scope="contact"))
        self.assertEqual(
            entries_for(self.case).get(action="consent.withdrawn").data["by"], "officer"
        )

    def test_it_refuses_outsiders(self):
        consent_grant(case=self.case, scope="contact", actor=self.paula)
        for user in (self.charlie, self.emil, self.cora, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                consent_withdraw(case=self.case, scope="contact", actor=user)
        self.assertTrue(consent_active(case=self.case, scope="contact"))

    def test_assigned_officers_are_told_in_their_language(self):
        from django.core import mail

        consent_grant(case=self.case, scope="employers", actor=self.paula)
        with self.captureOnCommitCallbacks(execute=True):
            consent_withdraw(case=self.case, scope="employers", actor=self.paula)
        # The officer is told; the partner gets a receipt of their own (test_consent_receipt).
        told = [m for m in mail.outbox if m.to != ["paula@example.org"]]
        self.assertEqual([m.to for m in told], [["alice@example.org"]])
        self.assertIn("widerrufen", told[0].subject)
        self.assertNotIn("Paula", told[0].body)
