"""API tokens: created on the account page (shown once, only a hash stored), revoked, audited."""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from dualcareer.api import tokens
from dualcareer.api.models import ApiToken
from dualcareer.core.models import AuditEntry
from dualcareer.testing.base import BaseTestCase


class TokenServiceTests(BaseTestCase):
    def test_only_the_hash_and_a_prefix_are_stored(self):
        token, raw = tokens.token_create(
            user=self.alice, name="HR", scopes=["openings:read"], lifetime_days=30
        )
        self.assertTrue(raw.startswith(f"dct_{token.prefix}_"))
        self.assertGreaterEqual(len(raw), 4 + 8 + 1 + 43)  # 32 random bytes, base64
        stored = ApiToken.objects.get(pk=token.pk)
        self.assertEqual(stored.secret_hash, hashlib.sha256(raw.encode()).hexdigest())
        # The secret is what follows the prefix (it may itself contain "_").
        secret = raw.removeprefix(f"dct_{token.prefix}_")
        self.assertGreaterEqual(len(secret), 43)
        self.assertNotIn(secret, repr(stored.__dict__))
        self.assertEqual(tokens.token_authenticate(raw), token)

    def test_bad_input_names_the_field(self):
        cases = [
            ({"name": " ", "scopes": ["openings:read"], "lifetime_days": 30}, "name"),
            ({"name": "x", "scopes": ["root:all"], "lifetime_days": 30}, "scopes"),
            ({"name": "x", "scopes": [], "lifetime_days": 30}, "scopes"),
            ({"name": "x", "scopes": ["openings:read"], "lifetime_days": 0}, "lifetime_days"),
            ({"name": "x", "scopes": ["openings:read"], "lifetime_days": 366}, "lifetime_days"),
        ]
        for kwargs, field in cases:
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                tokens.token_create(user=self.alice, **kwargs)
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(ApiToken.objects.exists())

    def test_expired_and_revoked_tokens_do_not_authenticate(self):
        token, raw = tokens.token_create(
            user=self.alice, name="HR", scopes=["openings:read"], lifetime_days=1
        )
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
        self.assertIsNone(tokens.token_authenticate(raw))
        token2, raw2 = tokens.token_create(
            user=self.alice, name="HR2", scopes=["openings:read"], lifetime_days=1
        )
        tokens.token_revoke(user=self.alice, token=token2)
        self.assertIsNone(tokens.token_authenticate(raw2))
        self.assertIsNone(tokens.token_authenticate(raw2[:-1] + "x"))
        self.assertIsNone(tokens.token_authenticate("dct_\x00"))

    def test_an_inactive_user_s_token_does_not_authenticate(self):
        _token, raw = tokens.token_create(
            user=self.alice, name="HR", scopes=["openings:read"], lifetime_days=1
        )
        self.alice.is_active = False
        self.alice.save()
        self.assertIsNone(tokens.token_authenticate(raw))

    def test_creation_and_revocation_are_audited_without_the_secret(self):
        token, raw = tokens.token_create(
            user=self.alice, name="Mein HR-System", scopes=["openings:read"], lifetime_days=7
        )
        tokens.token_revoke(user=self.alice, token=token)
        entries = AuditEntry.objects.filter(action__startswith="api_token.").order_by("pk")
        self.assertEqual([e.action for e in entries], ["api_token.created", "api_token.revoked"])
        for entry in entries:
            self.assertEqual(entry.actor, self.alice)
            self.assertNotIn(raw, str(entry.data))
            self.assertNotIn("Mein HR-System", str(entry.data))

    def test_nobody_revokes_another_user_s_token(self):
        token, _raw = tokens.token_create(
            user=self.alice, name="HR", scopes=["openings:read"], lifetime_days=1
        )
        with self.assertRaises(ValidationError):
            tokens.token_revoke(user=self.bob, token=token)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)


class TokenPageTests(BaseTestCase):
    url = reverse("api_pages:token_list")

    def test_the_token_is_shown_once(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url, {"name": "HR", "scopes": ["openings:read"], "lifetime_days": "30"}
        )
        self.assertEqual(response.status_code, 200)
        raw = response.context["created"]["raw"]
        self.assertContains(response, raw)
        self.assertEqual(response["Cache-Control"].count("no-store"), 1)
        again = self.client.get(self.url)
        self.assertNotContains(again, raw)
        self.assertContains(again, f"dct_{ApiToken.objects.get().prefix}")

    def test_bad_input_is_a_form_error(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url, {"name": "", "lifetime_days": "999"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"name", "scopes", "lifetime_days"})
        self.assertFalse(ApiToken.objects.exists())

    def test_revoke_own_token_only(self):
        token, _raw = tokens.token_create(
            user=self.alice, name="HR", scopes=["openings:read"], lifetime_days=1
        )
        url = reverse("api_pages:token_revoke", args=[token.public_id])
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.post(url).status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)
        self.client.force_login(self.alice)
        self.assertRedirects(self.client.post(url), self.url)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)

    def test_anonymous_goes_to_the_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
