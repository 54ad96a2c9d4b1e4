from django.urls import reverse
from django.utils import translation

from dualcareer.accounts.models import InstitutionRole
from dualcareer.network.models import Application, Contact, NetworkMembership
from dualcareer.network.tests.factories import (
    ApplicationFactory,
    StatementVersionFactory,
    make_contact,
)
from dualcareer.testing.base import BaseTestCase as _Base


class BaseTestCase(_Base):
    def setUp(self):
        super().setUp()
        translation.activate("de")


class ApplicationViewsTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.application = ApplicationFactory.create(
            network=self.network, organisation_name="Antrag AG"
        )
        self.url = reverse("network:application_detail", args=[self.application.public_id])

    def test_the_coordinator_sees_the_list_and_the_application(self):
        self.client.force_login(self.cora)
        self.assertContains(self.client.get(reverse("network:application_list")), "Antrag AG")
        self.assertContains(self.client.get(self.url), "Antrag annehmen")

    def test_an_officer_is_refused(self):
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(reverse("network:application_list")).status_code, 403)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.post(self.url, {"action": "approve"})
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)

    def test_an_anonymous_user_cannot_approve(self):
        response = self.client.post(self.url, {"action": "approve"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)

    def test_approve_creates_the_member_with_the_chosen_role(self):
        self.client.force_login(self.cora)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="employer" selected')
        self.assertNotContains(response, 'value="officer"')
        response = self.client.post(self.url, {"action": "approve", "approve-role": "employer"})
        self.assertRedirects(response, reverse("network:application_list"))
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.APPROVED)
        self.assertEqual(
            list(
                InstitutionRole.objects.filter(
                    user__email=self.application.contact_email
                ).values_list("role", flat=True)
            ),
            ["employer"],
        )

    def test_approve_with_a_role_that_does_not_fit_gets_a_message(self):
        self.client.force_login(self.cora)
        response = self.client.post(self.url, {"action": "approve", "approve-role": "officer"})
        self.assertContains(
            response, "Diese Rolle kann der Ansprechperson hier nicht gegeben werden."
        )
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)

    def test_approving_under_a_registered_name_warns_and_needs_a_confirmation(self):
        application = ApplicationFactory.create(
            network=self.network, organisation_name="Universität Beta", sector="university"
        )
        url = reverse("network:application_detail", args=[application.public_id])
        self.client.force_login(self.cora)
        response = self.client.get(url)
        self.assertContains(response, "ist bereits registriert")
        self.assertNotContains(response, 'value="officer"')
        response = self.client.post(
            url, {"action": "approve", "approve-existing": str(self.other_inst.pk)}
        )
        self.assertContains(response, "Bitte bestätigen Sie")
        application.refresh_from_db()
        self.assertEqual(application.status, Application.Status.SUBMITTED)
        response = self.client.post(
            url,
            {
                "action": "approve",
                "approve-existing": str(self.other_inst.pk),
                "approve-confirm_existing": "on",
            },
        )
        self.assertRedirects(response, reverse("network:application_list"))
        application.refresh_from_db()
        self.assertEqual(application.institution, self.other_inst)
        self.assertFalse(
            InstitutionRole.objects.filter(user__email=application.contact_email).exists()
        )

    def test_decline_without_reason_shows_the_error(self):
        self.client.force_login(self.cora)
        response = self.client.post(self.url, {"action": "decline", "decline-reason": ""})
        self.assertContains(response, "Dieses Feld ist zwingend erforderlich.")
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)

    def test_ask_with_html_shows_the_error(self):
        self.client.force_login(self.cora)
        response = self.client.post(self.url, {"action": "ask", "ask-question": "<b>Hi</b>"})
        self.assertContains(response, "ohne HTML-Tags")

    def test_an_unknown_action_is_400(self):
        self.client.force_login(self.cora)
        self.assertEqual(self.client.post(self.url, {"action": "explode"}).status_code, 400)


class InstitutionEditViewTests(BaseTestCase):
    def setUp(self):
        super().setUp()
        self.url = reverse("network:institution_edit", args=[self.inst.slug])

    def post(self, **overrides):
        data = {
            "postcode": "44801",
            "city": "Bochum",
            "offers_dual_career_service": "on",
            "service_provision": "in_house",
            "counselling_languages": ["de", "en"],
        }
        data.update(overrides)
        return self.client.post(self.url, data)

    def test_the_officer_saves_the_profile(self):
        self.client.force_login(self.alice)
        response = self.post(description_en="We counsel couples.")
        self.assertRedirects(response, reverse("network:institution_detail", args=[self.inst.slug]))
        self.inst.refresh_from_db()
        self.assertEqual(self.inst.description_en, "We counsel couples.")
        self.assertEqual(self.inst.counselling_languages, ["de", "en"])

    def test_an_officer_of_another_institution_is_refused(self):
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post(city="Hacked").status_code, 403)
        self.inst.refresh_from_db()
        self.assertEqual(self.inst.city, "Bochum")

    def test_an_invalid_postcode_and_script_get_messages(self):
        self.client.force_login(self.alice)
        response = self.post(postcode="1234", description_de="<script>x</script>")
        self.assertContains(response, "fünf Ziffern")
        self.assertContains(response, "ohne HTML-Tags")

    def test_oversized_description_is_refused(self):
        self.client.force_login(self.alice)
        response = self.post(description_de="x" * 5001)
        self.assertEqual(response.status_code, 200)
        self.inst.refresh_from_db()
        self.assertEqual(self.inst.description_de, "")


class ContactViewsTests(BaseTestCase):
    def test_the_officer_adds_and_deletes_a_contact(self):
        self.client.force_login(self.alice)
        url = reverse("network:contact_add", args=[self.inst.slug])
        response = self.client.post(
            url, {"name": "Neue Person", "email": "neu@example.org", "is_dual_career_contact": "on"}
        )
        self.assertEqual(response.status_code, 302)
        contact = Contact.objects.get(institution=self.inst)
        delete = reverse("network:contact_delete", args=[self.inst.slug, contact.pk])
        self.client.post(delete)
        self.assertFalse(Contact.objects.filter(pk=contact.pk).exists())

    def test_an_outsider_cannot_touch_the_contacts(self):
        contact = make_contact(institution=self.inst)
        self.client.force_login(self.charlie)
        edit = reverse("network:contact_edit", args=[self.inst.slug, contact.pk])
        self.assertEqual(self.client.post(edit, {"name": "X"}).status_code, 403)
        # Nor through their own institution's URL.
        sneaky = reverse("network:contact_edit", args=[self.other_inst.slug, contact.pk])
        self.assertEqual(self.client.post(sneaky, {"name": "X"}).status_code, 404)
        contact.refresh_from_db()
        self.assertNotEqual(contact.name, "X")


class InstitutionUsersViewTests(BaseTestCase):
    def form(self, **overrides):
        data = {
            "email": "neu@example.org",
            "first_name": "Neu",
            "last_name": "Person",
            "role": "officer",
            "language": "de",
        }
        data.update(overrides)
        return data

    def test_an_officer_gives_a_colleague_a_role(self):
        self.client.force_login(self.alice)
        url = reverse("network:institution_users", args=[self.inst.slug])
        self.assertContains(self.client.get(url), "bob@example.org")
        response = self.client.post(url, self.form())
        self.assertRedirects(response, url)
        self.assertTrue(
            InstitutionRole.objects.filter(
                user__email="neu@example.org", institution=self.inst, role="officer"
            ).exists()
        )

    def test_the_coordinator_cannot_make_themselves_an_officer_of_a_member(self):
        self.client.force_login(self.cora)
        url = reverse("network:institution_users", args=[self.inst.slug])
        response = self.client.get(url)
        self.assertContains(response, "vergeben ihre eigenen Dual Career-Beauftragten")
        self.assertNotContains(response, 'name="role"')
        response = self.client.post(url, self.form(email="cora@example.org"))
        self.assertEqual(response.status_code, 403)
        response = self.client.post(url, self.form(email="helfer@example.org"))
        self.assertEqual(response.status_code, 403)
        self.assertFalse(InstitutionRole.objects.filter(user=self.cora, institution=self.inst))
        self.assertFalse(InstitutionRole.objects.filter(user__email="helfer@example.org"))

    def test_the_form_offers_only_the_roles_the_user_may_give(self):
        self.client.force_login(self.emil)
        url = reverse("network:institution_users", args=[self.employer_inst.slug])
        response = self.client.get(url)
        self.assertContains(response, 'value="employer"')
        self.assertNotContains(response, 'value="officer"')
        response = self.client.post(url, self.form())
        self.assertContains(
            response, "Sie dürfen diese Rolle bei dieser Einrichtung nicht vergeben."
        )
        self.assertFalse(InstitutionRole.objects.filter(user__email="neu@example.org").exists())

    def test_a_self_grant_gets_a_message(self):
        self.client.force_login(self.alice)
        url = reverse("network:institution_users", args=[self.inst.slug])
        response = self.client.post(url, self.form(email="alice@example.org", role="employer"))
        self.assertContains(response, "Sie können sich selbst keine Rolle geben.")

    def test_an_outsider_is_refused(self):
        self.client.force_login(self.charlie)
        url = reverse("network:institution_users", args=[self.inst.slug])
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, self.form()).status_code, 403)
        role = InstitutionRole.objects.get(user=self.bob)
        revoke = reverse("network:role_revoke", args=[self.inst.slug, role.pk])
        self.assertEqual(self.client.post(revoke).status_code, 403)
        self.assertTrue(InstitutionRole.objects.filter(pk=role.pk).exists())

    def test_an_employer_contact_cannot_remove_an_officer(self):
        officer = self.make_user("olaf", self.employer_inst, "officer")
        role = InstitutionRole.objects.get(user=officer)
        self.client.force_login(self.emil)
        revoke = reverse("network:role_revoke", args=[self.employer_inst.slug, role.pk])
        self.assertEqual(self.client.post(revoke).status_code, 403)
        self.assertTrue(InstitutionRole.objects.filter(pk=role.pk).exists())


class MembershipLeaveViewTests(BaseTestCase):
    def test_the_officer_leaves_after_confirming(self):
        membership = NetworkMembership.objects.get(network=self.network, institution=self.inst)
        self.client.force_login(self.alice)
        url = reverse("network:membership_leave", args=[membership.pk])
        self.assertContains(self.client.get(url), "Mitgliedschaft beenden")
        self.client.post(url)
        membership.refresh_from_db()
        self.assertIsNotNone(membership.left_on)

    def test_an_outsider_is_refused(self):
        membership = NetworkMembership.objects.get(network=self.network, institution=self.inst)
        self.client.force_login(self.charlie)
        url = reverse("network:membership_leave", args=[membership.pk])
        self.assertEqual(self.client.post(url).status_code, 403)
        membership.refresh_from_db()
        self.assertIsNone(membership.left_on)


class StatementVersionViewTests(BaseTestCase):
    def test_the_coordinator_publishes_a_new_version(self):
        StatementVersionFactory.create(network=self.network)
        self.client.force_login(self.cora)
        url = reverse("network:statement_new_version", args=[self.network.slug])
        response = self.client.post(
            url,
            {"title_de": "Erklärung", "title_en": "Statement", "text_de": "Neu", "text_en": "New"},
        )
        self.assertRedirects(response, reverse("network:statement", args=[self.network.slug]))
        self.assertEqual(self.network.statement_versions.count(), 2)

    def test_an_officer_is_refused(self):
        self.client.force_login(self.alice)
        url = reverse("network:statement_new_version", args=[self.network.slug])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_an_officer_signs_for_their_own_institution_only(self):
        StatementVersionFactory.create(network=self.network)
        self.client.force_login(self.charlie)
        url = reverse("network:statement_sign", args=[self.network.slug])
        self.assertEqual(self.client.post(url, {"institution": self.inst.slug}).status_code, 403)
        self.client.force_login(self.alice)
        self.client.post(url, {"institution": self.inst.slug})
        self.assertTrue(self.inst.signatures.exists())


class DashboardPanelTests(BaseTestCase):
    def test_the_coordinator_sees_pending_applications(self):
        ApplicationFactory.create(network=self.network, organisation_name="Wartend GmbH")
        self.client.force_login(self.cora)
        self.assertContains(self.client.get(reverse("site:dashboard")), "Wartend GmbH")

    def test_an_officer_does_not(self):
        ApplicationFactory.create(network=self.network, organisation_name="Wartend GmbH")
        self.client.force_login(self.alice)
        response = self.client.get(reverse("site:dashboard"))
        self.assertNotContains(response, "Wartend GmbH")
        self.assertContains(response, reverse("network:institution_edit", args=[self.inst.slug]))
