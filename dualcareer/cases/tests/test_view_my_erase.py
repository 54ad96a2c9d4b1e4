"""The partner erases their own data through the page (GDPR Art. 17)."""

from django.urls import reverse

from dualcareer.accounts.models import User
from dualcareer.cases.models import Case
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.models import AuditEntry


class MyEraseViewTests(CaseTestCase):
    url = reverse("cases:my_erase")

    def test_the_partner_erases_their_data_and_is_logged_out_with_a_clean_session(self):
        self.client.force_login(self.paula)
        session_key = self.client.session.session_key
        response = self.client.post(self.url, {"confirm": "on"})
        self.assertEqual(response.status_code, 200)
        self.assertIsNotNone(Case.objects.get(pk=self.case.pk).anonymised_at)
        self.assertFalse(User.objects.filter(email="paula@example.org").exists())
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertNotEqual(self.client.session.session_key, session_key)
        from django.contrib.sessions.models import Session

        self.assertFalse(Session.objects.filter(session_key=session_key).exists())
        self.assertEqual(self.client.get(reverse("cases:my_case")).status_code, 302)

    def test_the_logout_after_erasure_is_audited_without_the_deleted_account(self):
        self.client.force_login(self.paula)
        self.client.post(self.url, {"confirm": "on"})
        entry = AuditEntry.objects.filter(action="case.partner_logged_out").get()
        self.assertIsNone(entry.actor_id)

    def test_without_confirmation_nothing_is_erased(self):
        self.client.force_login(self.paula)
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(Case.objects.get(pk=self.case.pk).anonymised_at)
        self.assertIn("_auth_user_id", self.client.session)

    def test_officers_cannot_use_the_partners_erasure_page(self):
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(self.url, {"confirm": "on"}).status_code, 403)
        self.assertIsNone(Case.objects.get(pk=self.case.pk).anonymised_at)
