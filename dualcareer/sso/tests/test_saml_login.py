"""SAML login end to end against an identity provider run in the test."""

from __future__ import annotations

import base64

from django.urls import reverse

from dualcareer.accounts import twofactor
from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.core.models import AuditEntry
from dualcareer.sso.models import ExternalIdentity
from dualcareer.sso.tests.factories import saml_provider
from dualcareer.sso.tests.idp import TestIdentityProvider, identity
from dualcareer.testing.base import BaseTestCase


class SamlLoginTests(BaseTestCase):
    idp: TestIdentityProvider

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.idp = TestIdentityProvider()

    def setUp(self) -> None:
        self.provider = saml_provider(self.inst, self.idp.metadata, self.idp.entity_id)

    def start(self) -> str:
        response = self.client.get(reverse("sso:login", args=[self.provider.slug]))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith("https://idp.uni-alpha.example/"))
        return response["Location"]

    def post(self, answer: str):
        return self.client.post(reverse("sso_endpoints:saml_acs"), {"SAMLResponse": answer})

    def refusals(self) -> list[str]:
        return [e.data["reason"] for e in AuditEntry.objects.filter(action="sso.login_refused")]

    def test_a_signed_answer_logs_in_a_new_user_without_any_role(self) -> None:
        response = self.post(self.idp.answer(self.start(), identity()))
        self.assertRedirects(response, reverse("site:dashboard"), fetch_redirect_response=False)
        user = User.objects.get(email="h.muster@uni-alpha.example")
        self.assertEqual(self.client.session["_auth_user_id"], str(user.pk))
        self.assertEqual((user.first_name, user.last_name), ("Hanna", "Muster"))
        self.assertFalse(user.has_usable_password())
        self.assertFalse(InstitutionRole.objects.filter(user=user).exists())
        self.assertEqual(
            ExternalIdentity.objects.get(user=user).subject, "hmuster@uni-alpha.example"
        )
        self.assertTrue(AuditEntry.objects.filter(action="sso.user_created", actor=user).exists())

    def test_the_second_login_finds_the_same_account(self) -> None:
        self.post(self.idp.answer(self.start(), identity()))
        self.client.logout()
        self.post(self.idp.answer(self.start(), identity(mail=["H.Muster@uni-alpha.example"])))
        self.assertEqual(User.objects.filter(email__endswith="uni-alpha.example").count(), 1)
        self.assertTrue(AuditEntry.objects.filter(action="sso.login").exists())

    def test_an_attribute_changed_after_signing_is_refused(self) -> None:
        answer = base64.b64decode(self.idp.answer(self.start(), identity())).decode()
        self.assertIn("hmuster@uni-alpha.example", answer)
        forged = answer.replace("hmuster@uni-alpha.example", "boss@uni-alpha.example")
        response = self.post(base64.b64encode(forged.encode()).decode())
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertFalse(User.objects.filter(email__endswith="uni-alpha.example").exists())
        self.assertEqual(self.refusals(), ["bad_signature"])

    def test_an_expired_answer_is_refused(self) -> None:
        late_idp = TestIdentityProvider(lifetime_minutes=-10)
        self.provider.metadata_xml = late_idp.metadata
        self.provider.save()
        response = self.post(late_idp.answer(self.start(), identity()))
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.refusals(), ["not_valid_now"])

    def test_an_answer_for_another_service_provider_is_refused(self) -> None:
        answer = self.idp.answer(
            self.start(), identity(), audience="https://other-sp.example/shibboleth"
        )
        response = self.post(answer)
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.refusals(), ["wrong_audience"])

    def test_an_answer_used_twice_is_refused(self) -> None:
        answer = self.idp.answer(self.start(), identity())
        self.assertEqual(self.post(answer).status_code, 302)
        self.client.logout()
        self.assertEqual(self.post(answer).status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertIn("unknown_request", self.refusals())

    def test_an_answer_signed_by_another_provider_is_refused(self) -> None:
        impostor = TestIdentityProvider()  # same entity ID, another key
        response = self.post(impostor.answer(self.start(), identity()))
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(self.refusals(), ["bad_signature"])

    def test_an_unsolicited_answer_is_refused(self) -> None:
        other = TestIdentityProvider()
        answer = other.answer(self.start(), identity())
        self.client.logout()
        # an answer to a request that this platform never sent
        xml = base64.b64decode(answer).decode()
        request_id = xml.split('InResponseTo="')[1].split('"')[0]
        forged = xml.replace(request_id, "id-never-sent")
        self.assertEqual(self.post(base64.b64encode(forged.encode()).decode()).status_code, 403)

    def test_garbage_is_refused_without_error(self) -> None:
        self.assertEqual(self.post("not base64 at all!").status_code, 403)
        self.assertEqual(self.client.post(reverse("sso_endpoints:saml_acs")).status_code, 400)

    def test_an_address_outside_the_institutions_domains_is_refused(self) -> None:
        answer = self.idp.answer(self.start(), identity(mail=["someone@elsewhere.example"]))
        self.assertEqual(self.post(answer).status_code, 403)
        self.assertIn("email_domain", self.refusals())

    def test_an_existing_account_is_not_taken_over_without_linking(self) -> None:
        User.objects.create_user(email="h.muster@uni-alpha.example", password="x" * 12)
        self.assertEqual(self.post(self.idp.answer(self.start(), identity())).status_code, 403)
        self.assertIn("account_exists", self.refusals())

    def test_linking_by_verified_address_when_the_provider_is_set_to(self) -> None:
        self.provider.link_by_email = True
        self.provider.save()
        local = User.objects.create_user(email="h.muster@uni-alpha.example", password="x" * 12)
        self.post(self.idp.answer(self.start(), identity()))
        self.assertEqual(self.client.session["_auth_user_id"], str(local.pk))
        self.assertTrue(AuditEntry.objects.filter(action="sso.account_linked").exists())

    def test_a_partners_account_is_never_linked(self) -> None:
        self.provider.link_by_email = True
        self.provider.save()
        self.paula.email = "h.muster@uni-alpha.example"
        self.paula.save()
        self.assertEqual(self.post(self.idp.answer(self.start(), identity())).status_code, 403)
        self.assertIn("account_not_linkable", self.refusals())

    def test_an_account_with_a_role_at_another_institution_is_never_linked(self) -> None:
        self.provider.link_by_email = True
        self.provider.save()
        self.charlie.email = "h.muster@uni-alpha.example"  # officer at another institution
        self.charlie.save()
        self.assertEqual(self.post(self.idp.answer(self.start(), identity())).status_code, 403)
        self.assertIn("account_not_linkable", self.refusals())
        self.assertFalse(ExternalIdentity.objects.filter(user=self.charlie).exists())

    def test_a_rule_gives_new_staff_the_employer_role_but_never_officer(self) -> None:
        self.provider.employer_affiliations = "staff"
        self.provider.save()
        self.post(self.idp.answer(self.start(), identity()))
        user = User.objects.get(email="h.muster@uni-alpha.example")
        self.assertEqual(
            list(InstitutionRole.objects.filter(user=user).values_list("institution", "role")),
            [(self.inst.pk, Role.EMPLOYER)],
        )

    def test_an_officer_still_gives_the_local_second_factor(self) -> None:
        self.provider.link_by_email = True
        self.provider.save()
        self.bob.email = "h.muster@uni-alpha.example"
        self.bob.save()
        self.post(self.idp.answer(self.start(), identity()))
        self.assertEqual(self.client.session["_auth_user_id"], str(self.bob.pk))
        self.assertNotIn(twofactor.SESSION_VERIFIED_KEY, self.client.session)
        response = self.client.get(reverse("site:dashboard"))
        self.assertRedirects(
            response, reverse("accounts:twofactor_setup") + "?next=%2Fdashboard%2F"
        )

    def test_a_provider_enforcing_mfa_waives_the_local_second_factor(self) -> None:
        self.provider.link_by_email = True
        self.provider.mfa_enforced_by_idp = True
        self.provider.save()
        self.bob.email = "h.muster@uni-alpha.example"
        self.bob.save()
        self.post(self.idp.answer(self.start(), identity()))
        self.assertEqual(self.client.session[twofactor.SESSION_METHOD_KEY], "idp")
        self.assertEqual(self.client.get(reverse("site:dashboard")).status_code, 200)

    def test_an_inactive_provider_offers_no_login(self) -> None:
        self.provider.is_active = False
        self.provider.save()
        self.assertEqual(
            self.client.get(reverse("sso:login", args=[self.provider.slug])).status_code, 404
        )


class MetadataTests(BaseTestCase):
    def test_the_service_provider_publishes_its_metadata(self) -> None:
        response = self.client.get(reverse("sso_endpoints:saml_metadata"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/samlmetadata+xml")
        body = response.content.decode()
        self.assertIn('entityID="http://127.0.0.1:8000/sso/saml/metadata/"', body)
        self.assertIn("/sso/saml/acs/", body)
        self.assertIn('WantAssertionsSigned="true"', body)
