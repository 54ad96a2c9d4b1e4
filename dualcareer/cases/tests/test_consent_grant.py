import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.cases.models import Consent, ConsentScope
from dualcareer.cases.selectors import consent_scopes_active
from dualcareer.cases.services import consent_grant
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.audit import entries_for


class ConsentGrantTests(CaseTestCase):
    def test_the_scopes_are_exactly_the_contract(self):
        self.assertEqual(
            set(ConsentScope.values), {"institution", "academic", "employers", "contact"}
        )

    def test_it_records_consent_with_expiry(self):
        consent = consent_grant(case=self.case, scope="academic", actor=self.paula, months=6)
        self.assertEqual(consent.granted_by, self.paula)
        self.assertGreater(consent.expires_at - consent.granted_at, dt.timedelta(days=180))
        self.assertLess(consent.expires_at - consent.granted_at, dt.timedelta(days=186))
        self.assertEqual(consent_scopes_active(case=self.case), {"academic"})

    def test_granting_again_keeps_the_earlier_record_as_evidence(self):
        first = consent_grant(case=self.case, scope="employers", actor=self.paula)
        consent_grant(case=self.case, scope="employers", actor=self.paula, months=3)
        first.refresh_from_db()
        self.assertIsNotNone(first.replaced_at)
        self.assertEqual(Consent.objects.filter(case=self.case, scope="employers").count(), 2)

    def test_it_ticks_off_the_consent_step(self):
        consent_grant(case=self.case, scope="institution", actor=self.paula)
        self.assertTrue(self.case.tasks.get(step__code="consent").is_done)

    def test_only_the_partner_grants(self):
        other = self.make_partner()
        for user in (self.alice, self.charlie, self.emil, other, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                consent_grant(case=self.case, scope="employers", actor=user)

    def test_it_refuses_bad_scope_and_duration(self):
        with self.assertRaises(ValidationError):
            consent_grant(case=self.case, scope="everyone", actor=self.paula)
        with self.assertRaises(ValidationError):
            consent_grant(case=self.case, scope="contact", actor=self.paula, months=60)
        self.assertFalse(Consent.objects.filter(case=self.case).exists())

    def test_it_writes_audit_entry(self):
        consent_grant(case=self.case, scope="contact", actor=self.paula)
        entry = entries_for(self.case).get(action="consent.granted")
        self.assertEqual(entry.data["scope"], "contact")

    @classmethod
    def make_partner(cls):
        from dualcareer.testing.factories import PartnerUserFactory

        return PartnerUserFactory(email="pia@example.org")
