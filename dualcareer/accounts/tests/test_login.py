"""Logging in and out, wrong passwords, lockouts, the language after login."""

from axes.models import AccessAttempt
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from dualcareer.core.models import AuditEntry
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import TEST_PASSWORD


class LoginTests(BaseTestCase):
    url = "/accounts/login/"

    def test_it_logs_in_with_email_and_password_and_lands_on_dashboard(self) -> None:
        response = self.client.post(
            self.url, {"username": "alice@example.org", "password": TEST_PASSWORD}
        )
        # (the dashboard then asks an officer for the second factor: test_twofactor_login)
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.alice.pk))

    def test_email_is_case_insensitive(self) -> None:
        response = self.client.post(
            self.url, {"username": "Alice@Example.org", "password": TEST_PASSWORD}
        )
        self.assertEqual(response.status_code, 302)

    def test_english_speaking_user_continues_in_english(self) -> None:
        self.alice.language = "en"
        self.alice.save()
        response = self.client.post(
            self.url, {"username": "alice@example.org", "password": TEST_PASSWORD}
        )
        self.assertRedirects(response, "/en/dashboard/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["dualcareer_language"].value, "en")

    def test_wrong_password_gets_a_form_error_not_a_500(self) -> None:
        response = self.client.post(
            self.url, {"username": "alice@example.org", "password": "wrong"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "nicht korrekt")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_unknown_user_gets_the_same_message_as_a_wrong_password(self) -> None:
        unknown = self.client.post(self.url, {"username": "ghost@example.org", "password": "x"})
        wrong = self.client.post(self.url, {"username": "alice@example.org", "password": "x"})
        self.assertEqual(unknown.status_code, 200)
        self.assertEqual(
            unknown.context["form"].non_field_errors(), wrong.context["form"].non_field_errors()
        )

    def test_malformed_email_gets_a_field_error(self) -> None:
        response = self.client.post(self.url, {"username": "not-an-address", "password": "x"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["username"])

    @override_settings(AXES_FAILURE_LIMIT=3)
    def test_repeated_failures_lock_the_account_for_that_address(self) -> None:
        for _ in range(3):
            self.client.post(self.url, {"username": "bob@example.org", "password": "wrong"})
        response = self.client.post(
            self.url, {"username": "bob@example.org", "password": TEST_PASSWORD}
        )
        self.assertEqual(response.status_code, 429)
        self.assertNotIn("_auth_user_id", self.client.session)
        # Another account from the same address is not affected.
        ok = self.client.post(
            self.url, {"username": "alice@example.org", "password": TEST_PASSWORD}
        )
        self.assertEqual(ok.status_code, 302)

    def test_login_writes_an_audit_entry_without_personal_data(self) -> None:
        self.client.post(self.url, {"username": "alice@example.org", "password": TEST_PASSWORD})
        entry = AuditEntry.objects.get(action="user.logged_in")
        self.assertEqual(entry.actor, self.alice)
        self.assertNotIn("alice", str(entry.data))

    def test_logout_needs_post_and_ends_the_session(self) -> None:
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/accounts/logout/").status_code, 405)
        response = self.client.post("/accounts/logout/")
        self.assertRedirects(response, "/")
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_forged_csrf_token_is_refused_with_a_clear_page(self) -> None:
        client = self.client_class(enforce_csrf_checks=True)
        response = client.post(
            self.url,
            {
                "username": "alice@example.org",
                "password": TEST_PASSWORD,
                "csrfmiddlewaretoken": "forged",
            },
        )
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Sicherheit", status_code=403)
        self.assertNotIn("_auth_user_id", client.session)


class PasswordResetTests(BaseTestCase):
    def test_reset_mail_goes_out_in_the_recipients_language(self) -> None:
        self.alice.language = "en"
        self.alice.save()
        response = self.client.post(
            reverse("accounts:password_reset"), {"email": "alice@example.org"}
        )
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["alice@example.org"])
        self.assertIn("new password", message.subject)
        self.assertIn("/en/accounts/reset/", message.body)

    def test_unknown_address_sends_nothing_but_answers_the_same(self) -> None:
        response = self.client.post(
            reverse("accounts:password_reset"), {"email": "ghost@example.org"}
        )
        self.assertRedirects(response, reverse("accounts:password_reset_done"))
        self.assertEqual(mail.outbox, [])

    def test_the_link_sets_a_new_password(self) -> None:
        self.client.post(reverse("accounts:password_reset"), {"email": "bob@example.org"})
        link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
        path = link.split("testserver", 1)[1]
        response = self.client.get(path, follow=True)
        form_url = response.redirect_chain[-1][0]
        new = "a-new-long-passphrase-42"
        response = self.client.post(form_url, {"new_password1": new, "new_password2": new})
        self.assertRedirects(response, reverse("accounts:password_reset_complete"))
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password(new))


PROXY = "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
class LockoutBehindProxyTests(BaseTestCase):
    """Behind the reverse proxy each client is counted by its own address."""

    url = "/accounts/login/"

    def post(self, password: str, client_address: str, spoofed: str = ""):
        forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
        return self.client.post(
            self.url,
            {"username": "bob@example.org", "password": password},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    def test_two_clients_behind_the_proxy_are_distinguished(self) -> None:
        for _ in range(5):
            self.post("wrong", "203.0.113.5")
        self.assertEqual(self.post(TEST_PASSWORD, "203.0.113.5").status_code, 429)
        response = self.post(TEST_PASSWORD, "203.0.113.6")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session["_auth_user_id"], str(self.bob.pk))

    def test_a_client_cannot_escape_the_lockout_with_its_own_header_entries(self) -> None:
        for n in range(5):
            self.post("wrong", "203.0.113.5", spoofed=f"192.0.2.{n}")
        self.assertEqual(
            self.post(TEST_PASSWORD, "203.0.113.5", spoofed="192.0.2.99").status_code, 429
        )

    def test_failed_attempts_are_stored_with_the_clients_address(self) -> None:
        self.post("wrong", "203.0.113.5", spoofed="192.0.2.1")
        self.assertEqual(
            list(AccessAttempt.objects.values_list("ip_address", flat=True)), ["203.0.113.5"]
        )


class LockoutWithoutProxyTests(BaseTestCase):
    def test_a_forwarded_header_is_ignored_without_trusted_proxies(self) -> None:
        for n in range(5):
            self.client.post(
                "/accounts/login/",
                {"username": "bob@example.org", "password": "wrong"},
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            )
        response = self.client.post(
            "/accounts/login/",
            {"username": "bob@example.org", "password": TEST_PASSWORD},
            HTTP_X_FORWARDED_FOR="192.0.2.99",
        )
        self.assertEqual(response.status_code, 429)
