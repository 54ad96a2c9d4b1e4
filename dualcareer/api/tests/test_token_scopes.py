"""Bearer tokens on API v1: scopes (403 naming the missing one), rate limits (429), no Basic."""

import base64

from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.api import tokens
from dualcareer.openings.models import Opening
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import TEST_PASSWORD

OPENING = {
    "title_de": "Laborleitung",
    "description_de": "Leitung des Labors.",
    "occupation_field": "research",
    "contract_type": "permanent",
    "places": [{"postcode": "45127"}],
}


class TokenScopeTests(BaseTestCase):
    def setUp(self):
        cache.clear()

    def client_for(self, user, scopes):
        _token, raw = tokens.token_create(user=user, name="t", scopes=scopes, lifetime_days=1)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        return api

    def test_a_token_reads_within_its_scope(self):
        api = self.client_for(self.alice, ["openings:read"])
        response = api.get(reverse("api_v1:opening_list"))
        self.assertEqual(response.status_code, 200)
        # The openings list caps its count (`count_capped`: "more than"), see test_openings_count.
        self.assertEqual(
            set(response.json()), {"count", "count_capped", "next", "previous", "results"}
        )

    def test_a_token_without_the_scope_is_refused_naming_it(self):
        api = self.client_for(self.emil, ["openings:read"])
        response = api.post(
            reverse("api_v1:opening_list"),
            {**OPENING, "employer": self.employer_inst.slug},
            format="json",
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "openings:write")
        self.assertFalse(Opening.objects.exists())
        for name, scope in [
            ("api_v1:institution_list", "institutions:read"),
            ("api_v1:network_list", "networks:read"),
            ("api_v1:article_list", "knowledge:read"),
            ("api_v1:introduction_list", "introductions:read"),
        ]:
            with self.subTest(name=name):
                response = api.get(reverse(name))
                self.assertEqual(response.status_code, 403)
                self.assertEqual(response.json()["missing_scope"], scope)

    def test_the_write_scope_allows_writing_within_the_user_s_permissions(self):
        api = self.client_for(self.emil, ["openings:write"])
        response = api.post(
            reverse("api_v1:opening_list"),
            {**OPENING, "employer": self.employer_inst.slug},
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        # The scope does not widen the user's permissions: charlie posts for nobody else.
        outsider = self.client_for(self.charlie, ["openings:write"])
        response = outsider.post(
            reverse("api_v1:opening_list"),
            {**OPENING, "employer": self.employer_inst.slug},
            format="json",
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Opening.objects.count(), 1)

    def test_a_revoked_or_unknown_token_is_refused(self):
        token, raw = tokens.token_create(
            user=self.alice, name="t", scopes=["openings:read"], lifetime_days=1
        )
        tokens.token_revoke(user=self.alice, token=token)
        api = APIClient()
        for header in (f"Bearer {raw}", "Bearer dct_nothing", "Bearer", "Bearer a b"):
            with self.subTest(header=header):
                api.credentials(HTTP_AUTHORIZATION=header)
                self.assertIn(api.get(reverse("api_v1:opening_list")).status_code, (401, 403))

    @override_settings(API_RATE_LIMIT="3/min")
    def test_rate_limit_per_token_with_retry_after(self):
        first = self.client_for(self.alice, ["openings:read"])
        second = self.client_for(self.alice, ["openings:read"])
        url = reverse("api_v1:opening_list")
        for _ in range(3):
            self.assertEqual(first.get(url).status_code, 200)
        response = first.get(url)
        self.assertEqual(response.status_code, 429)
        self.assertGreater(int(response["Retry-After"]), 0)
        self.assertEqual(second.get(url).status_code, 200)  # another token, its own budget

    def test_basic_authentication_is_not_accepted_on_v1(self):
        api = APIClient()
        credentials = base64.b64encode(f"emil@example.org:{TEST_PASSWORD}".encode()).decode()
        api.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
        self.assertEqual(api.get(reverse("api_v1:opening_list")).status_code, 403)
        # ... but still on the deprecated unversioned paths (for users without a
        # second factor: see test_basic_auth_twofactor)
        self.assertEqual(api.get(reverse("api:opening_list")).status_code, 200)

    def test_a_nul_in_a_basic_user_name_is_refused_not_a_500(self):
        api = APIClient()
        credentials = base64.b64encode(b"ali\x00ce@example.org:x").decode()
        api.credentials(HTTP_AUTHORIZATION=f"Basic {credentials}")
        self.assertIn(api.get(reverse("api:opening_list")).status_code, (401, 403))

    def test_a_session_does_not_widen_a_token_sent_beside_it(self):
        api = self.client_for(self.alice, ["openings:read"])
        api.force_login(self.alice)  # a logged-in browser that also sends the token
        response = api.get(reverse("api_v1:case_list"))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "cases:read")
