import datetime as dt

from django.utils import timezone

from dualcareer.cases.selectors import consent_active, consent_scopes_active
from dualcareer.cases.tests.factories import ConsentFactory
from dualcareer.cases.tests.helpers import CaseTestCase


class ConsentActiveTests(CaseTestCase):
    def test_granted_and_unexpired_is_active(self):
        ConsentFactory(case=self.case, scope="academic")
        self.assertTrue(consent_active(case=self.case, scope="academic"))
        self.assertFalse(consent_active(case=self.case, scope="employers"))

    def test_expired_is_not_active(self):
        now = timezone.now()
        ConsentFactory(
            case=self.case,
            scope="employers",
            granted_at=now - dt.timedelta(days=400),
            expires_at=now - dt.timedelta(seconds=1),
        )
        self.assertFalse(consent_active(case=self.case, scope="employers"))

    def test_withdrawn_is_not_active(self):
        ConsentFactory(case=self.case, scope="contact", withdrawn_at=timezone.now())
        self.assertEqual(consent_scopes_active(case=self.case), set())

    def test_consent_of_another_case_does_not_count(self):
        other = self.open_case()
        ConsentFactory(case=other, scope="employers")
        self.assertFalse(consent_active(case=self.case, scope="employers"))
