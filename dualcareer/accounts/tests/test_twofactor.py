"""Two-factor login: required for officers and coordinators, optional for others; codes once."""

from __future__ import annotations

import re
import time

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from dualcareer.accounts import twofactor
from dualcareer.accounts.models import RecoveryCode, TwoFactorDevice
from dualcareer.core.models import AuditEntry
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import TEST_PASSWORD
from dualcareer.testing.twofactor import force_login_unverified

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
DASHBOARD = "/dashboard/"


def code_at(offset_steps: int = 0) -> str:
    return twofactor.totp_now(SECRET, at=time.time() + offset_steps * twofactor.STEP_SECONDS)


class TwoFactorTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def enrol(self, user) -> None:
        TwoFactorDevice.objects.create(user=user, secret=SECRET, last_step=0)

    def test_an_officer_must_enrol_before_any_page(self) -> None:
        force_login_unverified(self.client, self.alice)
        for path in (DASHBOARD, "/cases/", "/", "/en/knowledge/"):
            response = self.client.get(path)
            self.assertEqual(response.status_code, 302, path)
            self.assertRegex(response["Location"], r"^(/en)?/accounts/two-factor/\?next=", path)

    def test_the_password_login_leads_an_officer_to_enrolment(self) -> None:
        self.client.post(
            reverse("accounts:login"), {"username": "cora@example.org", "password": TEST_PASSWORD}
        )
        response = self.client.get(DASHBOARD)
        self.assertRedirects(response, "/accounts/two-factor/?next=%2Fdashboard%2F")

    def test_enrolment_with_a_right_code_shows_recovery_codes_once(self) -> None:
        force_login_unverified(self.client, self.alice)
        page = self.client.get(reverse("accounts:twofactor_setup"))
        self.assertContains(page, "<svg")
        secret = self.client.session[twofactor.SESSION_PENDING_SECRET_KEY]
        wrong = self.client.post(reverse("accounts:twofactor_setup"), {"code": "000000"})
        self.assertEqual(wrong.status_code, 200)
        self.assertTrue(wrong.context["form"].errors["code"])
        response = self.client.post(
            reverse("accounts:twofactor_setup"),
            {"code": twofactor.totp_now(secret), "next": DASHBOARD},
        )
        codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.content.decode())
        self.assertEqual(len(codes), 10)
        self.assertEqual(RecoveryCode.objects.filter(user=self.alice).count(), 10)
        self.assertFalse(RecoveryCode.objects.filter(code_hash__in=codes).exists())  # hashes only
        self.assertEqual(self.client.get(DASHBOARD).status_code, 200)
        self.assertTrue(AuditEntry.objects.filter(action="twofactor.enrolled").exists())

    def test_an_enrolled_user_enters_a_code_and_continues(self) -> None:
        self.enrol(self.alice)
        force_login_unverified(self.client, self.alice)
        self.assertRedirects(
            self.client.get(DASHBOARD), "/accounts/two-factor/verify/?next=%2Fdashboard%2F"
        )
        response = self.client.post(
            reverse("accounts:twofactor_verify"), {"code": code_at(), "next": DASHBOARD}
        )
        self.assertRedirects(response, DASHBOARD)
        self.assertEqual(self.client.session[twofactor.SESSION_METHOD_KEY], "totp")

    def test_a_code_is_accepted_only_once(self) -> None:
        self.enrol(self.alice)
        code = code_at()
        force_login_unverified(self.client, self.alice)
        self.client.post(reverse("accounts:twofactor_verify"), {"code": code})
        other = self.client_class()
        force_login_unverified(other, self.alice)
        response = other.post(reverse("accounts:twofactor_verify"), {"code": code})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["code"])
        self.assertEqual(other.get(DASHBOARD).status_code, 302)

    def test_a_recovery_code_works_once(self) -> None:
        self.enrol(self.alice)
        codes = twofactor.recovery_codes_renew(user=self.alice, code=code_at())
        force_login_unverified(self.client, self.alice)
        response = self.client.post(reverse("accounts:twofactor_verify"), {"code": codes[0]})
        self.assertRedirects(response, DASHBOARD, fetch_redirect_response=False)
        other = self.client_class()
        force_login_unverified(other, self.alice)
        again = other.post(reverse("accounts:twofactor_verify"), {"code": codes[0]})
        self.assertEqual(again.status_code, 200)
        self.assertEqual(twofactor.recovery_codes_left(user=self.alice), 9)

    @override_settings(TWO_FACTOR_MAX_FAILURES=3)
    def test_too_many_wrong_codes_lock_the_account_for_a_while(self) -> None:
        self.enrol(self.alice)
        force_login_unverified(self.client, self.alice)
        for _attempt in range(3):
            self.client.post(reverse("accounts:twofactor_verify"), {"code": "123456"})
        response = self.client.post(reverse("accounts:twofactor_verify"), {"code": code_at()})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Zu viele falsche Codes", response.context["form"].errors["code"][0])
        self.assertEqual(self.client.get(DASHBOARD).status_code, 302)
        self.assertTrue(AuditEntry.objects.filter(action="twofactor.locked").exists())

    def test_malformed_codes_are_form_errors(self) -> None:
        self.enrol(self.alice)
        force_login_unverified(self.client, self.alice)
        for code in ("", "abc", "1" * 40, "12345\x00"):
            response = self.client.post(reverse("accounts:twofactor_verify"), {"code": code})
            self.assertEqual(response.status_code, 200, code)

    def test_a_partner_need_not_enrol_but_may(self) -> None:
        force_login_unverified(self.client, self.paula)
        self.assertEqual(self.client.get(DASHBOARD).status_code, 200)
        self.enrol(self.paula)
        self.assertEqual(self.client.get(DASHBOARD).status_code, 302)

    def test_only_optional_users_may_switch_it_off(self) -> None:
        self.enrol(self.alice)
        self.client.force_login(self.alice)
        self.client.post(reverse("accounts:twofactor_remove"), {"code": code_at()})
        self.assertTrue(TwoFactorDevice.objects.filter(user=self.alice).exists())
        self.enrol(self.paula)
        self.client.force_login(self.paula)
        self.client.post(reverse("accounts:twofactor_remove"), {"code": code_at()})
        self.assertFalse(TwoFactorDevice.objects.filter(user=self.paula).exists())
        self.assertTrue(AuditEntry.objects.filter(action="twofactor.removed").exists())

    def test_the_api_answers_403_to_an_unverified_session(self) -> None:
        force_login_unverified(self.client, self.alice)
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 403)
        self.assertIn("detail", response.json())

    def test_logout_stays_possible(self) -> None:
        force_login_unverified(self.client, self.alice)
        response = self.client.post(reverse("accounts:logout"))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_pages_need_a_login(self) -> None:
        for name in ("accounts:twofactor_setup", "accounts:twofactor_verify"):
            response = self.client.get(reverse(name))
            self.assertTrue(response["Location"].startswith("/accounts/login/"), name)

    def test_an_outsiders_session_cannot_verify_another_users_session(self) -> None:
        self.enrol(self.alice)
        force_login_unverified(self.client, self.alice)
        session = self.client.session
        session[twofactor.SESSION_VERIFIED_KEY] = str(self.charlie.pk)
        session.save()
        self.assertEqual(self.client.get(DASHBOARD).status_code, 302)
