from django.urls import reverse

from dualcareer.cases.selectors import consent_active
from dualcareer.cases.tests.helpers import CaseTestCase


class MyConsentViewTests(CaseTestCase):
    url = reverse("cases:my_consent")

    def test_partner_grants_and_withdraws(self):
        self.client.force_login(self.paula)
        self.client.post(self.url, {"action": "grant", "scope": "employers", "months": "6"})
        self.assertTrue(consent_active(case=self.case, scope="employers"))
        self.client.post(self.url, {"action": "withdraw", "scope": "employers"})
        self.assertFalse(consent_active(case=self.case, scope="employers"))

    def test_partner_acknowledges_the_no_guarantee_notice(self):
        self.client.force_login(self.paula)
        self.client.post(self.url, {"action": "acknowledge"})
        self.case.refresh_from_db()
        self.assertIsNotNone(self.case.acknowledged_at)

    def test_bad_input_is_refused(self):
        self.client.force_login(self.paula)
        response = self.client.post(self.url, {"action": "grant", "scope": "all", "months": "99"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.case.consents.exists())

    def test_officers_and_outsiders_cannot_grant(self):
        for user in (self.alice, self.charlie, self.nobody):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                response = self.client.post(
                    self.url, {"action": "grant", "scope": "employers", "months": "6"}
                )
                self.assertEqual(response.status_code, 403)
        self.assertFalse(self.case.consents.exists())
