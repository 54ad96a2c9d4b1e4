import datetime as dt

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.cases.tests.factories import CaseFactory
from dualcareer.core.models import AuditEntry
from dualcareer.network.models import (
    Application,
    Institution,
    NetworkMembership,
    Sector,
    Signature,
)
from dualcareer.network.selectors import application_approval_options
from dualcareer.network.services import application_approve
from dualcareer.network.tests.factories import (
    ApplicationFactory,
    StatementVersionFactory,
    make_institution,
    make_membership,
    make_network,
)
from dualcareer.testing.base import BaseTestCase


class ApplicationApproveTests(BaseTestCase):
    def setUp(self):
        self.application = ApplicationFactory.create(
            network=self.network,
            organisation_name="Neue Technik GmbH",
            contact_name="Dana Demo",
            contact_email="dana@example.org",
            postcode="45128",
            city="Essen",
        )

    def approve(self, role=Role.EMPLOYER, actor=None, **kwargs):
        return application_approve(
            application=self.application, actor=actor or self.cora, role=role, **kwargs
        )

    def test_it_creates_institution_contact_employer_account_and_membership(self):
        institution = self.approve()
        self.assertEqual(institution.name, "Neue Technik GmbH")
        self.assertEqual(institution.city, "Essen")
        self.assertIsNotNone(institution.latitude)
        self.assertTrue(self.network.memberships.current().filter(institution=institution).exists())
        contact = institution.dual_career_contact
        assert contact is not None
        self.assertEqual(contact.email, "dana@example.org")
        user = User.objects.get(email="dana@example.org")
        self.assertFalse(user.has_usable_password())
        self.assertEqual(user.language, "en")
        self.assertEqual(
            list(InstitutionRole.objects.filter(user=user).values_list("institution", "role")),
            [(institution.pk, Role.EMPLOYER)],
        )
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.APPROVED)
        self.assertEqual(self.application.institution, institution)

    def test_it_mails_a_working_set_password_link_in_the_applicants_language(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.approve()
        message = mail.outbox[-1]
        self.assertEqual(message.to, ["dana@example.org"])
        self.assertIn("Welcome", message.subject)
        user = User.objects.get(email="dana@example.org")
        link = next(line for line in message.body.splitlines() if "/reset/" in line)
        self.assertTrue(link.strip().startswith("http"))
        self.assertIn("/en/accounts/reset/", link)
        token = link.rstrip("/").split("/")[-1]
        self.assertTrue(default_token_generator.check_token(user, token))

    def test_it_signs_the_current_statement_when_there_is_one(self):
        version = StatementVersionFactory.create(network=self.network)
        institution = self.approve()
        self.assertTrue(Signature.objects.filter(version=version, institution=institution).exists())

    def test_a_signature_application_signs_without_membership(self):
        version = StatementVersionFactory.create(network=self.network)
        self.application.kind = Application.Kind.SIGN
        self.application.save()
        institution = self.approve()
        self.assertTrue(Signature.objects.filter(version=version, institution=institution).exists())
        self.assertFalse(self.network.memberships.filter(institution=institution).exists())

    def test_it_writes_audit_entries(self):
        institution = self.approve()
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        self.assertTrue(
            {"application.approved", "institution.created", "membership.started", "role.granted"}
            <= actions
        )
        entry = AuditEntry.objects.get(action="application.approved")
        self.assertEqual(entry.actor, self.cora)
        self.assertEqual(entry.data["institution_id"], institution.pk)
        self.assertNotIn("dana", str(AuditEntry.objects.values_list("data", flat=True)))

    def test_it_refuses_an_officer(self):
        with self.assertRaises(PermissionDenied):
            self.approve(actor=self.alice)
        self.assertFalse(Institution.objects.filter(name="Neue Technik GmbH").exists())

    def test_it_refuses_an_anonymous_user(self):
        from django.contrib.auth.models import AnonymousUser

        with self.assertRaises(PermissionDenied):
            self.approve(actor=AnonymousUser())

    def test_it_refuses_the_coordinator_of_another_network(self):
        other_coord = make_institution(name="Anderer Verband")
        make_network(coordinating_institution=other_coord)
        # The other coordinator's institution is even a member of our network.
        make_membership(network=self.network, institution=other_coord)
        outsider = self.make_user("olga", other_coord, Role.COORDINATOR)
        with self.assertRaises(PermissionDenied):
            self.approve(actor=outsider)

    def test_it_refuses_an_application_decided_before(self):
        self.approve()
        with self.assertRaises(ValidationError):
            self.approve()
        self.assertEqual(Institution.objects.filter(name="Neue Technik GmbH").count(), 1)

    def test_it_stores_nothing_when_the_contact_is_a_partner(self):
        self.application.contact_email = "paula@example.org"
        self.application.save()
        with self.assertRaises(ValidationError):
            self.approve()
        self.assertFalse(Institution.objects.filter(name="Neue Technik GmbH").exists())
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)


class ApprovalRoleTests(BaseTestCase):
    """The contact person's role follows the member's kind and is the coordinator's choice."""

    def make(self, **kwargs):
        values = {
            "network": self.network,
            "organisation_name": "Neue Hochschule",
            "contact_email": "dana@example.org",
            "postcode": "45128",
            "city": "Essen",
        }
        values.update(kwargs)
        return ApplicationFactory.create(**values)

    def test_a_company_contact_cannot_become_a_dual_career_officer(self):
        application = self.make(sector=Sector.COMPANY, offers_dual_career_service=False)
        with self.assertRaises(ValidationError) as caught:
            application_approve(application=application, actor=self.cora, role=Role.OFFICER)
        self.assertIn("role", caught.exception.error_dict)
        self.assertFalse(User.objects.filter(email="dana@example.org").exists())

    def test_a_university_with_a_dual_career_service_gets_an_officer(self):
        application = self.make(sector=Sector.UNIVERSITY, offers_dual_career_service=True)
        institution = application_approve(
            application=application, actor=self.cora, role=Role.OFFICER
        )
        self.assertTrue(
            InstitutionRole.objects.filter(
                user__email="dana@example.org", institution=institution, role=Role.OFFICER
            ).exists()
        )

    def test_the_options_offer_officer_only_with_a_service_and_default_by_sector(self):
        company = self.make(organisation_name="Firma AG", contact_email="a@example.org")
        options = application_approval_options(user=self.cora, application=company)
        assert options is not None
        self.assertEqual((options.roles, options.default_role), ([Role.EMPLOYER], Role.EMPLOYER))
        university = self.make(sector=Sector.UNIVERSITY, offers_dual_career_service=True)
        options = application_approval_options(user=self.cora, application=university)
        assert options is not None
        self.assertEqual(options.roles, [Role.OFFICER, Role.EMPLOYER])
        self.assertEqual(options.default_role, Role.OFFICER)
        self.assertIsNone(application_approval_options(user=self.alice, application=university))

    def test_without_a_role_the_contact_gets_no_account(self):
        application = self.make()
        with self.captureOnCommitCallbacks(execute=True):
            institution = application_approve(application=application, actor=self.cora, role="")
        self.assertFalse(User.objects.filter(email="dana@example.org").exists())
        self.assertEqual(institution.contacts.get().email, "dana@example.org")
        self.assertNotIn("/reset/", mail.outbox[-1].body)

    def test_the_coordinator_gets_no_role_through_their_own_application(self):
        application = self.make(contact_email="cora@example.org")
        with self.assertRaises(ValidationError):
            application_approve(application=application, actor=self.cora, role=Role.EMPLOYER)
        self.assertFalse(Institution.objects.filter(name="Neue Hochschule").exists())


class ApprovalOfAnExistingInstitutionTests(BaseTestCase):
    """An applicant with the name of a registered institution (e.g. a former member)."""

    def setUp(self):
        # Universität Beta left the network; its officer charlie and its cases stay.
        NetworkMembership.objects.filter(institution=self.other_inst).update(
            left_on=dt.date(2021, 1, 1)
        )
        self.other_inst.offers_dual_career_service = True
        self.other_inst.save()
        CaseFactory.create(institution=self.other_inst)
        self.application = ApplicationFactory.create(
            network=self.network,
            organisation_name="Universität  BETA",
            sector=Sector.UNIVERSITY,
            offers_dual_career_service=True,
            contact_email="mallory@example.org",
            contact_language="en",
        )

    def test_approving_without_confirmation_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            application_approve(application=self.application, actor=self.cora, role="")
        self.assertIn("confirm_existing", caught.exception.error_dict)
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)
        self.assertFalse(self.other_inst.contacts.filter(email="mallory@example.org").exists())

    def test_the_applicant_never_gets_a_role_with_access_to_its_cases(self):
        for role in (Role.OFFICER, Role.EMPLOYER):
            with self.assertRaises(ValidationError) as caught:
                application_approve(
                    application=self.application,
                    actor=self.cora,
                    role=role,
                    attach_to=self.other_inst,
                )
            self.assertIn("role", caught.exception.error_dict)
        self.assertFalse(User.objects.filter(email="mallory@example.org").exists())
        options = application_approval_options(user=self.cora, application=self.application)
        assert options is not None
        self.assertEqual((options.existing, options.roles), (self.other_inst, []))
        self.assertTrue(options.existing_holds_partner_data)

    def test_a_confirmed_attachment_adds_a_contact_and_tells_its_officers(self):
        with self.captureOnCommitCallbacks(execute=True):
            institution = application_approve(
                application=self.application, actor=self.cora, role="", attach_to=self.other_inst
            )
        self.assertEqual(institution, self.other_inst)
        self.assertEqual(Institution.objects.filter(name="Universität Beta").count(), 1)
        self.assertFalse(InstitutionRole.objects.filter(user__email="mallory@example.org").exists())
        self.assertTrue(self.network.memberships.current().filter(institution=institution).exists())
        self.assertTrue(institution.contacts.filter(email="mallory@example.org").exists())
        to_charlie = next(m for m in mail.outbox if m.to == ["charlie@example.org"])
        self.assertIn("mallory@example.org", to_charlie.body)
        to_applicant = next(m for m in mail.outbox if m.to == ["mallory@example.org"])
        self.assertNotIn("/reset/", to_applicant.body)

    def test_a_confirmation_of_another_institution_is_refused(self):
        with self.assertRaises(ValidationError):
            application_approve(
                application=self.application, actor=self.cora, role="", attach_to=self.inst
            )

    def test_an_unused_registered_institution_may_get_its_first_officer(self):
        unused = make_institution(name="Akademie Leer", offers_dual_career_service=True)
        application = ApplicationFactory.create(
            network=self.network, organisation_name="Akademie Leer", sector=Sector.UNIVERSITY
        )
        application_approve(
            application=application, actor=self.cora, role=Role.OFFICER, attach_to=unused
        )
        self.assertTrue(unused.user_roles.filter(role=Role.OFFICER).exists())
