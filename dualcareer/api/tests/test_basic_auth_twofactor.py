"""A password alone (HTTP Basic, a session without its code) never reaches the API
for a user who logs in with a second factor."""

import base64

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.accounts import twofactor
from dualcareer.api import tokens
from dualcareer.openings.tests.factories import make_case
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import TEST_PASSWORD
from dualcareer.testing.twofactor import force_login_unverified


def basic(email: str, password: str = TEST_PASSWORD) -> APIClient:
    api = APIClient()
    credentials = base64.b64encode(f"{email}:{password}".encode()).decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
    return api


class BasicAuthTwoFactorTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_an_officer_is_refused_with_401_naming_the_token(self) -> None:
        response = basic("alice@example.org").get(reverse("api:opening_list"))
        self.assertEqual(response.status_code, 401)
        self.assertIn("Bearer", response.json()["detail"])
        self.assertIn("Zwei-Faktor", response.json()["detail"])  # German by default
        self.assertEqual(response.json()["code"], "token_required")
        self.assertIn("Bearer", response["WWW-Authenticate"])

    def test_a_coordinator_is_refused_too(self) -> None:
        response = basic("cora@example.org").get(reverse("api:opening_list"))
        self.assertEqual(response.status_code, 401)

    def test_a_wrong_password_is_refused_as_before_and_reveals_nothing_more(self) -> None:
        response = basic("alice@example.org", "wrong").get(reverse("api:opening_list"))
        self.assertIn(response.status_code, (401, 403))
        self.assertNotIn("Bearer", response.json()["detail"])

    def test_an_employer_contact_without_a_second_factor_still_uses_basic(self) -> None:
        response = basic("emil@example.org").get(reverse("api:opening_list"))
        self.assertEqual(response.status_code, 200)

    def test_someone_who_enrolled_of_their_own_accord_is_refused(self) -> None:
        twofactor.device_enrol(
            user=self.emil,
            secret=(secret := twofactor.secret_new()),
            code=twofactor.totp_now(secret),
        )
        response = basic("emil@example.org").get(reverse("api:opening_list"))
        self.assertEqual(response.status_code, 401)

    def test_the_officer_uses_a_token_instead(self) -> None:
        _token, raw = tokens.token_create(
            user=self.alice, name="HR", scopes=["openings:read"], lifetime_days=30
        )
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        self.assertEqual(api.get(reverse("api:opening_list")).status_code, 200)
        self.assertEqual(api.get(reverse("api_v1:opening_list")).status_code, 200)


class UnverifiedSessionTests(BaseTestCase):
    """A session that has given the password but not the code gets 403 JSON, no data."""

    def setUp(self) -> None:
        cache.clear()
        self.case = make_case(self.inst, self.paula, scopes=("employers",))

    def test_the_api_answers_403_json_on_both_paths(self) -> None:
        force_login_unverified(self.client, self.alice)
        for url in (
            reverse("api:opening_list"),
            reverse("api_v1:opening_list"),
            reverse("api_v1:case_list"),
            reverse("api_v1:case_detail", args=[self.case.public_id]),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 403)
                self.assertIn("detail", response.json())
                self.assertNotIn(str(self.case.public_id), response.content.decode())

    def test_the_verified_session_reads_the_case(self) -> None:
        self.client.force_login(self.alice)  # verified (see dualcareer.testing.twofactor)
        response = self.client.get(reverse("api_v1:case_detail", args=[self.case.public_id]))
        self.assertEqual(response.status_code, 200)
