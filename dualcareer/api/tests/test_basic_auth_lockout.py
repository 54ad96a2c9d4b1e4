"""HTTP Basic goes through the per-account login lockout (django-axes)."""

import base64

from axes.models import AccessAttempt
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import TEST_PASSWORD


class BasicAuthLockoutTests(BaseTestCase):
    def get(self, email: str, password: str) -> int:
        api = APIClient()
        credentials = base64.b64encode(f"{email}:{password}".encode()).decode()
        api.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
        return api.get(reverse("api:opening_list")).status_code

    def fail_five_times(self, email: str) -> None:
        for _ in range(5):
            self.assertIn(self.get(email, "wrong"), (401, 403, 429))

    def test_five_wrong_passwords_lock_the_account_even_with_the_right_password(self) -> None:
        self.fail_five_times("emil@example.org")
        self.assertEqual(self.get("emil@example.org", TEST_PASSWORD), 429)

    def test_another_account_from_the_same_address_is_not_locked(self) -> None:
        self.fail_five_times("emil@example.org")
        self.assertEqual(self.get("paula@example.org", TEST_PASSWORD), 200)

    def test_failed_attempts_are_recorded_with_the_user_name(self) -> None:
        self.get("Emil@Example.org", "wrong")
        self.assertEqual(
            list(AccessAttempt.objects.values_list("username", flat=True)), ["emil@example.org"]
        )

    def test_an_account_locked_on_the_login_page_is_locked_for_the_api_too(self) -> None:
        for _ in range(5):
            self.client.post(
                "/accounts/login/", {"username": "emil@example.org", "password": "wrong"}
            )
        self.assertEqual(self.get("emil@example.org", TEST_PASSWORD), 429)

    def test_the_right_password_still_works_before_the_limit(self) -> None:
        self.get("emil@example.org", "wrong")
        self.assertEqual(self.get("emil@example.org", TEST_PASSWORD), 200)
