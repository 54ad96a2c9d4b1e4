"""The coordinator configures the identity providers of the network's members."""

from __future__ import annotations

from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dualcareer.core.models import AuditEntry
from dualcareer.sso.models import IdentityProvider
from dualcareer.sso.tests.idp import TestIdentityProvider
from dualcareer.testing.base import BaseTestCase


class ProviderPagesTests(BaseTestCase):
    idp: TestIdentityProvider

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.idp = TestIdentityProvider()

    def values(self, **overrides: str) -> dict[str, str]:
        data = {
            "institution": str(self.inst.pk),
            "label": "Universität Alpha",
            "slug": "alpha",
            "protocol": "saml",
            "is_active": "on",
            "metadata_xml": self.idp.metadata,
            "attr_principal": "eduPersonPrincipalName",
            "attr_email": "mail",
            "attr_given_name": "givenName",
            "attr_surname": "sn",
            "attr_affiliation": "eduPersonAffiliation",
            "scopes": "openid email profile",
            "email_domains": "uni-alpha.example",
            "create_users": "on",
        }
        data.update(overrides)
        return data

    def test_the_coordinator_adds_a_saml_provider_from_its_metadata(self) -> None:
        self.client.force_login(self.cora)
        response = self.client.post(reverse("sso:provider_create"), self.values())
        self.assertRedirects(response, reverse("sso:provider_list"))
        provider = IdentityProvider.objects.get()
        self.assertEqual(provider.entity_id, self.idp.entity_id)
        self.assertEqual(provider.institution, self.inst)
        entry = AuditEntry.objects.get(action="sso.provider_created")
        self.assertEqual(entry.actor, self.cora)
        self.assertEqual(entry.institution_id, self.inst.pk)
        self.assertContains(self.client.get(reverse("sso:provider_list")), "Universität Alpha")

    def test_metadata_that_is_not_an_idps_is_a_field_error(self) -> None:
        self.client.force_login(self.cora)
        for metadata in ("<not xml", "<a/>", '<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'):
            response = self.client.post(
                reverse("sso:provider_create"), self.values(metadata_xml=metadata)
            )
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.context["form"].errors["metadata_xml"])
        self.assertFalse(IdentityProvider.objects.exists())

    def test_an_oidc_provider_needs_issuer_and_client(self) -> None:
        self.client.force_login(self.cora)
        response = self.client.post(
            reverse("sso:provider_create"), self.values(protocol="oidc", scopes="email")
        )
        errors = response.context["form"].errors
        self.assertEqual(sorted(errors), ["client_id", "issuer", "scopes"])

    def test_an_issuer_on_a_private_address_is_a_form_error(self) -> None:
        # A coordinator must not be able to point the server at the internal network.
        self.client.force_login(self.cora)
        for issuer in ("http://127.0.0.1:8080", "https://10.1.2.3/realms/x", "http://[::1]/"):
            with self.subTest(issuer=issuer):
                data = self.values(protocol="oidc", issuer=issuer, client_id="dc")
                response = self.client.post(reverse("sso:provider_create"), data)
                self.assertEqual(response.status_code, 200)
                self.assertIn("private", str(response.context["form"].errors["issuer"]))
        self.assertFalse(IdentityProvider.objects.exists())
        with override_settings(SSO_ALLOW_PRIVATE_HOSTS=True):  # a campus-network provider
            data = self.values(protocol="oidc", issuer="https://10.1.2.3/realms/x", client_id="dc")
            self.client.post(reverse("sso:provider_create"), data)
        self.assertEqual(IdentityProvider.objects.get().issuer, "https://10.1.2.3/realms/x")

    def test_an_issuer_typed_without_its_scheme_is_taken_as_https(self) -> None:
        self.client.force_login(self.cora)
        data = self.values(protocol="oidc", issuer="login.uni-alpha.example", client_id="dc")
        self.client.post(reverse("sso:provider_create"), data)
        self.assertEqual(IdentityProvider.objects.get().issuer, "https://login.uni-alpha.example")

    def test_the_client_secret_is_kept_when_left_empty(self) -> None:
        self.client.force_login(self.cora)
        data = self.values(
            protocol="oidc", issuer="https://login.uni-alpha.example", client_id="dc"
        )
        self.client.post(reverse("sso:provider_create"), {**data, "client_secret": "s3cret"})
        provider = IdentityProvider.objects.get()
        self.client.post(reverse("sso:provider_edit", args=[provider.pk]), {**data, "label": "Neu"})
        provider.refresh_from_db()
        self.assertEqual((provider.label, provider.client_secret), ("Neu", "s3cret"))
        self.assertNotContains(
            self.client.get(reverse("sso:provider_edit", args=[provider.pk])), "s3cret"
        )

    def test_officers_and_outsiders_are_refused(self) -> None:
        provider = IdentityProvider.objects.create(
            institution=self.inst, slug="a", label="A", protocol="oidc", email_domains="a.example"
        )
        for user in (self.alice, self.charlie, self.emil, self.paula):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("sso:provider_list")).status_code, 403)
            self.assertEqual(
                self.client.post(reverse("sso:provider_create"), self.values()).status_code, 403
            )
            self.assertEqual(
                self.client.get(reverse("sso:provider_edit", args=[provider.pk])).status_code, 403
            )
        self.assertEqual(IdentityProvider.objects.count(), 1)

    def test_a_coordinator_cannot_configure_a_non_member(self) -> None:
        stranger = type(self.inst).objects.create(
            name="Fremd", slug="fremd", city="Köln", sector=self.inst.sector
        )
        self.client.force_login(self.cora)
        response = self.client.post(
            reverse("sso:provider_create"), self.values(institution=str(stranger.pk))
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors["institution"])

    def test_the_login_page_offers_the_active_providers(self) -> None:
        IdentityProvider.objects.create(
            institution=self.inst,
            slug="a",
            label="Uni A Konto",
            protocol="oidc",
            email_domains="a.example",
            is_active=True,
        )
        IdentityProvider.objects.create(
            institution=self.inst,
            slug="b",
            label="Uni B Konto",
            protocol="oidc",
            email_domains="b.example",
        )
        response = self.client.get(reverse("sso:choose"))
        self.assertContains(response, "Uni A Konto")
        self.assertNotContains(response, "Uni B Konto")
        self.assertContains(self.client.get(reverse("accounts:login")), reverse("sso:choose"))


class ProviderPagesLanguageTests(BaseTestCase):
    """The pages follow the reader's language; the protocol endpoints keep one address."""

    def test_the_provider_list_is_served_in_english_under_en(self) -> None:
        self.client.force_login(self.cora)
        german = self.client.get(reverse("sso:provider_list"))
        with translation.override("en"):
            english_url = reverse("sso:provider_list")
        english = self.client.get(english_url)
        self.assertEqual(english_url, "/en/sso/providers/")
        self.assertContains(german, "Identity Provider hinzufügen")
        self.assertContains(english, "Add an identity provider")
        self.assertNotContains(english, "hinzufügen")

    def test_an_english_reader_is_taken_to_the_english_page(self) -> None:
        self.cora.language = "en"
        self.cora.save(update_fields=["language"])
        self.client.force_login(self.cora)
        response = self.client.get("/sso/providers/")
        self.assertRedirects(response, "/en/sso/providers/")

    def test_the_protocol_endpoints_have_one_address_in_every_language(self) -> None:
        for name in ("saml_metadata", "saml_acs", "oidc_callback"):
            with translation.override("de"):
                german = reverse(f"sso_endpoints:{name}")
            with translation.override("en"):
                english = reverse(f"sso_endpoints:{name}")
            self.assertEqual(german, english)
            self.assertTrue(german.startswith("/sso/"), german)
