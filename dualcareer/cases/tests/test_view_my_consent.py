from django.conf import settings
from django.urls import reverse
from django.utils import translation

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


class MyConsentCoverageViewTests(CaseTestCase):
    url = "/en" + reverse("cases:my_consent")

    def tearDown(self):
        # A request to an English page leaves English active in this thread.
        translation.activate(settings.LANGUAGE_CODE)
        super().tearDown()

    def test_each_scope_lists_the_institutions_and_what_employers_see(self):
        self.client.force_login(self.paula)
        response = self.client.get(self.url)
        self.assertContains(response, "Covers today 1 institution")
        self.assertContains(response, "Universität Beta")
        self.assertContains(response, "Beispiel GmbH")
        self.assertContains(response, "What an employer sees")
        self.assertContains(response, "years of professional experience")

    def test_acknowledgement_names_the_officer_and_institution(self):
        from dualcareer.cases.services import acknowledgement_record

        acknowledgement_record(case=self.case, actor=self.alice)
        self.client.force_login(self.paula)
        response = self.client.get(self.url)
        self.assertContains(
            response, f"recorded by {self.alice.get_full_name()} (Dual Career Service, "
        )

    def test_grant_says_a_receipt_is_on_its_way(self):
        self.client.force_login(self.paula)
        response = self.client.post(
            self.url, {"action": "grant", "scope": "academic", "months": "6"}, follow=True
        )
        self.assertContains(response, "A receipt will be e-mailed to you shortly")

    def test_outsiders_are_refused(self):
        for user in (self.alice, self.charlie, self.emil):
            self.client.force_login(user)
            with self.subTest(user=user.email):
                self.assertEqual(self.client.get(self.url).status_code, 403)
