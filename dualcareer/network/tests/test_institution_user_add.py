from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.cases.tests.factories import CaseFactory
from dualcareer.core.models import AuditEntry
from dualcareer.network.services import institution_role_revoke, institution_user_add
from dualcareer.network.tests.factories import make_institution, make_membership
from dualcareer.testing.base import BaseTestCase


class InstitutionUserAddTests(BaseTestCase):
    def setUp(self):
        # A new member with a Dual Career service and nobody with a role yet.
        self.newcomer = make_institution(name="Hochschule Neu", offers_dual_career_service=True)
        make_membership(network=self.network, institution=self.newcomer)

    def add(self, actor, institution=None, email="neu@example.org", role=Role.OFFICER):
        return institution_user_add(
            institution=institution or self.inst,
            actor=actor,
            email=email,
            first_name="Neu",
            last_name="Person",
            role=role,
            language="en",
        )

    def test_the_coordinator_gives_the_first_officer_of_a_new_member_a_set_password_link(self):
        with self.captureOnCommitCallbacks(execute=True):
            role = self.add(self.cora, institution=self.newcomer)
        user = User.objects.get(email="neu@example.org")
        self.assertEqual(role.user, user)
        self.assertFalse(user.has_usable_password())
        self.assertIn("/en/accounts/reset/", mail.outbox[-1].body)

    def test_the_coordinator_cannot_make_themselves_an_officer_of_a_member(self):
        with self.assertRaises(ValidationError) as caught:
            self.add(self.cora, email="CORA@example.org")
        self.assertIn("email", caught.exception.error_dict)
        with self.assertRaises(ValidationError):
            self.add(self.cora, institution=self.newcomer, email="cora@example.org")
        self.assertFalse(InstitutionRole.objects.filter(user=self.cora, role=Role.OFFICER).exists())

    def test_the_coordinator_cannot_give_the_officer_role_at_a_member_that_has_officers(self):
        with self.assertRaises(ValidationError) as caught:
            self.add(self.cora, email="helper@example.org")
        self.assertIn("role", caught.exception.error_dict)
        self.assertFalse(User.objects.filter(email="helper@example.org").exists())

    def test_the_coordinator_cannot_give_a_role_at_a_member_that_keeps_cases(self):
        CaseFactory.create(institution=self.newcomer)
        for role in (Role.OFFICER, Role.EMPLOYER):
            with self.assertRaises(ValidationError):
                self.add(self.cora, institution=self.newcomer, role=role)
        self.assertFalse(InstitutionRole.objects.filter(institution=self.newcomer).exists())

    def test_the_coordinator_gives_a_company_an_employer_contact_not_an_officer(self):
        company = make_institution(name="Firma Neu GmbH", sector="company")
        make_membership(network=self.network, institution=company)
        with self.assertRaises(ValidationError):
            self.add(self.cora, institution=company, role=Role.OFFICER)
        self.add(self.cora, institution=company, role=Role.EMPLOYER)
        self.assertTrue(
            InstitutionRole.objects.filter(institution=company, role=Role.EMPLOYER).exists()
        )

    def test_an_officer_gives_a_colleague_a_role_and_the_other_officers_are_told(self):
        self.bob.language = "en"
        self.bob.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.add(self.alice, email="charlie@example.org")
        self.assertTrue(
            InstitutionRole.objects.filter(user=self.charlie, institution=self.inst).exists()
        )
        to_charlie = next(m for m in mail.outbox if m.to == ["charlie@example.org"])
        self.assertNotIn("/reset/", to_charlie.body)
        notices = [m for m in mail.outbox if m.to == ["bob@example.org"]]
        self.assertEqual(len(notices), 1)
        self.assertIn("A new role at Universität Alpha", notices[0].subject)
        self.assertIn("charlie@example.org", notices[0].body)
        self.assertIn("/en/network/members/", notices[0].body)
        self.assertFalse([m for m in mail.outbox if m.to == ["alice@example.org"]])

    def test_the_grant_is_audited_without_personal_data(self):
        role = self.add(self.alice)
        entry = AuditEntry.objects.get(action="role.granted")
        self.assertEqual(entry.actor, self.alice)
        self.assertEqual(entry.data["user_id"], role.user_id)
        self.assertFalse(entry.data["by_coordinator"])
        self.assertNotIn("neu@", str(entry.data))

    def test_nobody_gives_themselves_a_role(self):
        with self.assertRaises(ValidationError):
            self.add(self.alice, email="alice@example.org", role=Role.EMPLOYER)
        with self.assertRaises(ValidationError):
            self.add(self.emil, institution=self.employer_inst, email="emil@example.org")

    def test_an_employer_contact_gives_an_employer_contact_but_not_an_officer(self):
        self.add(self.emil, institution=self.employer_inst, role=Role.EMPLOYER)
        with self.assertRaises(ValidationError):
            self.add(self.emil, institution=self.employer_inst, email="x@example.org")
        self.assertFalse(User.objects.filter(email="x@example.org").exists())

    def test_it_refuses_an_officer_of_another_institution(self):
        with self.assertRaises(PermissionDenied):
            self.add(self.charlie)
        with self.assertRaises(PermissionDenied):
            self.add(self.nobody)
        self.assertFalse(User.objects.filter(email="neu@example.org").exists())

    def test_it_refuses_a_partner_account(self):
        with self.assertRaises(ValidationError):
            self.add(self.alice, email="paula@example.org")


class InstitutionRoleRevokeTests(BaseTestCase):
    def test_the_coordinator_removes_a_role(self):
        role = InstitutionRole.objects.get(user=self.bob, institution=self.inst)
        institution_role_revoke(role=role, actor=self.cora)
        self.assertFalse(InstitutionRole.objects.filter(pk=role.pk).exists())

    def test_an_officer_removes_a_colleagues_role_but_not_their_own(self):
        role = InstitutionRole.objects.get(user=self.bob, institution=self.inst)
        institution_role_revoke(role=role, actor=self.alice)
        self.assertFalse(InstitutionRole.objects.filter(pk=role.pk).exists())
        own = InstitutionRole.objects.get(user=self.alice, institution=self.inst)
        with self.assertRaises(ValidationError):
            institution_role_revoke(role=own, actor=self.alice)

    def test_it_refuses_an_officer_of_another_institution(self):
        role = InstitutionRole.objects.get(user=self.bob, institution=self.inst)
        with self.assertRaises(PermissionDenied):
            institution_role_revoke(role=role, actor=self.charlie)
        self.assertTrue(InstitutionRole.objects.filter(pk=role.pk).exists())
