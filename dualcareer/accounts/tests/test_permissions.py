"""The permissions module: roles, institutions, coordinators' reach, partners' own data."""

import datetime as dt

from django.core.exceptions import PermissionDenied

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, Role
from dualcareer.network.models import NetworkMembership
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class PermissionsTests(BaseTestCase):
    def test_officer_holds_officer_permissions_at_own_institution_only(self) -> None:
        self.assertEqual(permissions.institution_ids_with(self.alice, "case.view"), {self.inst.pk})
        self.assertTrue(permissions.has(self.alice, "institution.edit", self.inst))
        self.assertFalse(permissions.has(self.alice, "institution.edit", self.other_inst))

    def test_outsider_is_refused_by_require(self) -> None:
        with self.assertRaises(PermissionDenied):
            permissions.require(self.charlie, "institution.edit", self.inst)

    def test_objects_are_scoped_by_their_institution_id(self) -> None:
        contact = f.ContactFactory(institution=self.inst)
        self.assertTrue(permissions.has(self.bob, "institution.edit", contact))
        self.assertFalse(permissions.has(self.charlie, "institution.edit", contact))

    def test_employer_does_not_hold_officer_permissions(self) -> None:
        self.assertFalse(permissions.has(self.emil, "case.view"))
        self.assertTrue(permissions.has(self.emil, "opening.create", self.employer_inst))

    def test_coordinator_reaches_current_members_of_the_coordinated_network(self) -> None:
        ids = permissions.institution_ids_with(self.cora, "institution.edit")
        self.assertEqual(
            ids, {self.coord_inst.pk, self.inst.pk, self.other_inst.pk, self.employer_inst.pk}
        )
        self.assertEqual(permissions.network_ids_coordinated_by(self.cora), {self.network.pk})

    def test_coordinator_does_not_reach_a_member_that_left(self) -> None:
        NetworkMembership.objects.filter(institution=self.other_inst).update(
            left_on=dt.date(2021, 1, 1)
        )
        self.assertNotIn(
            self.other_inst.pk, permissions.institution_ids_with(self.cora, "institution.edit")
        )

    def test_coordinator_does_not_reach_institutions_outside_the_network(self) -> None:
        stranger = f.InstitutionFactory()
        self.assertFalse(permissions.has(self.cora, "institution.edit", stranger))

    def test_coordinator_holds_no_case_permissions(self) -> None:
        self.assertFalse(permissions.has(self.cora, "case.view", self.inst))

    def test_partner_permissions_cover_only_their_own_objects(self) -> None:
        class Owned:
            class _meta:
                label = "cases.Case"

            def __init__(self, owner_id: int) -> None:
                self.partner_user_id = owner_id
                self.pk = 1

        self.assertTrue(permissions.has(self.paula, "profile.edit_own", Owned(self.paula.pk)))
        self.assertFalse(permissions.has(self.paula, "profile.edit_own", Owned(self.alice.pk)))
        self.assertFalse(permissions.has(self.alice, "profile.edit_own", Owned(self.paula.pk)))
        self.assertTrue(permissions.has(self.paula, "data.export_own", self.paula))

    def test_inactive_and_anonymous_users_hold_nothing(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        self.alice.is_active = False
        self.assertFalse(permissions.has(self.alice, "case.view", self.inst))
        self.assertFalse(permissions.has(AnonymousUser(), "case.view"))
        self.assertEqual(permissions.institution_ids_with(AnonymousUser(), "case.view"), set())

    def test_unknown_permission_names_are_a_programming_error(self) -> None:
        with self.assertRaises(ValueError):
            permissions.has(self.alice, "case.teleport")

    def test_user_roles(self) -> None:
        self.assertEqual(permissions.user_roles(self.cora), {"coordinator"})
        self.assertEqual(permissions.user_roles(self.paula), {"partner"})
        self.assertEqual(permissions.user_roles(self.nobody), set())


class RoleGrantingTests(BaseTestCase):
    """Who may give which role at which institution (`may_grant_role`)."""

    def setUp(self) -> None:
        self.newcomer = f.InstitutionFactory(offers_dual_career_service=True)
        f.NetworkMembershipFactory(network=self.network, institution=self.newcomer)
        self.colleague = f.UserFactory()

    def may(self, user: object, institution: object, role: str, grantee: object = None) -> bool:
        return permissions.may_grant_role(user, institution, role, grantee=grantee)

    def test_an_officer_gives_both_roles_at_their_own_institution_only(self) -> None:
        self.assertTrue(self.may(self.alice, self.inst, Role.OFFICER, self.colleague))
        self.assertTrue(self.may(self.alice, self.inst, Role.EMPLOYER, self.colleague))
        self.assertFalse(self.may(self.charlie, self.inst, Role.OFFICER, self.colleague))
        self.assertFalse(self.may(self.alice, self.inst, Role.COORDINATOR, self.colleague))

    def test_an_employer_contact_gives_only_the_employer_role(self) -> None:
        self.assertTrue(self.may(self.emil, self.employer_inst, Role.EMPLOYER))
        self.assertFalse(self.may(self.emil, self.employer_inst, Role.OFFICER))

    def test_nobody_gives_a_role_to_themselves(self) -> None:
        self.assertFalse(self.may(self.alice, self.inst, Role.EMPLOYER, self.alice))
        self.assertFalse(self.may(self.cora, self.newcomer, Role.OFFICER, self.cora))

    def test_a_coordinator_gives_no_role_at_a_member_that_has_its_own_people(self) -> None:
        self.assertFalse(self.may(self.cora, self.inst, Role.OFFICER))
        self.assertFalse(self.may(self.cora, self.inst, Role.EMPLOYER))
        self.assertFalse(self.may(self.cora, self.employer_inst, Role.EMPLOYER))
        self.assertEqual(permissions.grantable_roles(self.cora, self.inst), [])

    def test_a_coordinator_gives_the_first_role_of_a_new_member_that_fits_its_kind(self) -> None:
        self.assertEqual(
            permissions.grantable_roles(self.cora, self.newcomer), [Role.OFFICER, Role.EMPLOYER]
        )
        company = f.InstitutionFactory(sector="company")
        f.NetworkMembershipFactory(network=self.network, institution=company)
        self.assertEqual(permissions.grantable_roles(self.cora, company), [Role.EMPLOYER])

    def test_a_coordinator_gives_no_role_at_a_member_that_keeps_partner_data(self) -> None:
        from dualcareer.cases.tests.factories import CaseFactory

        CaseFactory(institution=self.newcomer)
        self.assertEqual(permissions.grantable_roles(self.cora, self.newcomer), [])

    def test_a_coordinator_gives_no_role_outside_their_network(self) -> None:
        stranger = f.InstitutionFactory(offers_dual_career_service=True)
        self.assertEqual(permissions.grantable_roles(self.cora, stranger), [])

    def test_partners_and_outsiders_may_not_manage_users(self) -> None:
        self.assertTrue(permissions.may_manage_users(self.alice, self.inst))
        self.assertTrue(permissions.may_manage_users(self.cora, self.inst))
        self.assertFalse(permissions.may_manage_users(self.charlie, self.inst))
        self.assertFalse(permissions.may_manage_users(self.paula, self.inst))
        self.assertFalse(permissions.may_grant_role(self.paula, self.inst, Role.EMPLOYER))

    def test_taking_a_role_away(self) -> None:
        bobs = InstitutionRole.objects.get(user=self.bob, institution=self.inst)
        alices = InstitutionRole.objects.get(user=self.alice, institution=self.inst)
        self.assertTrue(permissions.may_revoke_role(self.alice, bobs))
        self.assertTrue(permissions.may_revoke_role(self.cora, bobs))
        self.assertFalse(permissions.may_revoke_role(self.alice, alices))
        self.assertFalse(permissions.may_revoke_role(self.charlie, bobs))
