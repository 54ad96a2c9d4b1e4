"""OpenID Connect login (authorization code with PKCE) against a provider run in the test."""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.test import override_settings
from django.urls import reverse
from joserfc.jwk import RSAKey

from dualcareer.accounts.models import User
from dualcareer.core.models import AuditEntry
from dualcareer.sso.tests.factories import oidc_provider
from dualcareer.sso.tests.oidc_provider import TestOpenIdProvider
from dualcareer.testing.base import BaseTestCase

PERSON = {
    "sub": "248289761001",
    "email": "j.doe@uni-alpha.example",
    "email_verified": True,
    "given_name": "Jane",
    "family_name": "Doe",
}


# The provider of these tests answers on 127.0.0.1, which production refuses.
@override_settings(SSO_ALLOW_PRIVATE_HOSTS=True)
class OidcLoginTests(BaseTestCase):
    op: TestOpenIdProvider

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.op = TestOpenIdProvider()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.op.stop()
        super().tearDownClass()

    def setUp(self) -> None:
        self.op.signing_key = self.op.key
        self.op.audience = None
        self.provider = oidc_provider(self.inst, self.op.issuer)

    def start(self) -> dict[str, list[str]]:
        response = self.client.get(reverse("sso:login", args=[self.provider.slug]))
        self.assertEqual(response.status_code, 302)
        location = response["Location"]
        self.assertTrue(location.startswith(f"{self.op.issuer}/authorize?"))
        query = parse_qs(urlsplit(location).query)
        self.assertEqual(query["code_challenge_method"], ["S256"])
        self.assertEqual(query["client_id"], ["dualcareer-test"])
        return query

    def callback(
        self, query: dict[str, list[str]], claims: dict[str, Any] | None = None, **params: str
    ):
        code = self.op.authorize(query, claims or PERSON)
        data = {"state": query["state"][0], "code": code, **params}
        return self.client.get(reverse("sso_endpoints:oidc_callback"), data)

    def refusals(self) -> list[str]:
        return [e.data["reason"] for e in AuditEntry.objects.filter(action="sso.login_refused")]

    def test_the_code_flow_logs_in_a_new_user(self) -> None:
        response = self.callback(self.start())
        self.assertRedirects(response, reverse("site:dashboard"), fetch_redirect_response=False)
        user = User.objects.get(email="j.doe@uni-alpha.example")
        self.assertEqual(self.client.session["_auth_user_id"], str(user.pk))
        self.assertEqual(user.get_full_name(), "Jane Doe")

    def test_a_wrong_state_is_refused(self) -> None:
        query = self.start()
        response = self.callback(query, state="forged")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_callback_without_a_login_in_progress_is_refused(self) -> None:
        response = self.client.get(
            reverse("sso_endpoints:oidc_callback"), {"state": "x", "code": "y"}
        )
        self.assertEqual(response.status_code, 400)

    def test_a_token_signed_with_another_key_is_refused(self) -> None:
        self.op.signing_key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        response = self.callback(self.start())
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertTrue(self.refusals()[0].startswith("id_token_"))

    def test_a_token_for_another_client_is_refused(self) -> None:
        self.op.audience = "someone-else"
        response = self.callback(self.start())
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_wrong_client_secret_is_refused_by_the_provider(self) -> None:
        self.provider.client_secret = "wrong"
        self.provider.save()
        response = self.callback(self.start())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.refusals(), ["token_refused"])

    def test_an_unverified_address_is_not_linked_to_an_existing_account(self) -> None:
        self.provider.link_by_email = True
        self.provider.save()
        User.objects.create_user(email="j.doe@uni-alpha.example", password="x" * 12)
        response = self.callback(self.start(), {**PERSON, "email_verified": False})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.refusals(), ["account_exists"])

    def test_an_unreachable_provider_is_a_clear_page(self) -> None:
        # A port we hold bound but never listen on: connecting is refused on any machine.
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as held:
            held.bind(("127.0.0.1", 0))
            self.provider.issuer = f"http://127.0.0.1:{held.getsockname()[1]}/"
            self.provider.save()
            response = self.client.get(reverse("sso:login", args=[self.provider.slug]))
        self.assertEqual(response.status_code, 502)
        self.assertContains(response, "<h1>", status_code=502)

    def test_a_provider_on_a_private_address_is_not_called(self) -> None:
        # Production's rule: the issuer a coordinator entered (here loopback) is refused
        # at the connection, before a single byte reaches it; the login page says so.
        served = self.op.requests_served
        with override_settings(SSO_ALLOW_PRIVATE_HOSTS=False):
            response = self.client.get(reverse("sso:login", args=[self.provider.slug]))
        self.assertEqual(response.status_code, 502)
        self.assertEqual(self.op.requests_served, served)
        self.assertNotIn("sso_oidc_pending", self.client.session)

    def test_a_callback_whose_provider_became_private_is_refused(self) -> None:
        # The login started while the provider was allowed; by the callback the rule
        # applies (e.g. the name now resolves to an internal address): no token call.
        query = self.start()
        code = self.op.authorize(query, PERSON)
        served = self.op.requests_served
        with override_settings(SSO_ALLOW_PRIVATE_HOSTS=False):
            response = self.client.get(
                reverse("sso_endpoints:oidc_callback"), {"state": query["state"][0], "code": code}
            )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.op.requests_served, served)
        self.assertEqual(self.refusals(), ["provider_private_address"])
        self.assertNotIn("_auth_user_id", self.client.session)
