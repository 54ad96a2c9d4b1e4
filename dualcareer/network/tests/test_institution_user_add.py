from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.network.services import institution_role_revoke, institution_user_add
from dualcareer.testing.base import BaseTestCase


class InstitutionUserAddTests(BaseTestCase):
    def add(self, actor, email="neu@example.org"):
        return institution_user_add(
            institution=self.inst,
            actor=actor,
            email=email,
            first_name="Neu",
            last_name="Person",
            role=Role.OFFICER,
            language="en",
        )

    def test_the_coordinator_creates_an_account_with_a_set_password_link(self):
        with self.captureOnCommitCallbacks(execute=True):
            role = self.add(self.cora)
        user = User.objects.get(email="neu@example.org")
        self.assertEqual(role.user, user)
        self.assertFalse(user.has_usable_password())
        self.assertIn("/en/accounts/reset/", mail.outbox[-1].body)

    def test_an_existing_account_gets_the_role_without_a_link(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.add(self.cora, email="charlie@example.org")
        self.assertTrue(
            InstitutionRole.objects.filter(user=self.charlie, institution=self.inst).exists()
        )
        self.assertNotIn("/reset/", mail.outbox[-1].body)

    def test_it_refuses_an_officer(self):
        with self.assertRaises(PermissionDenied):
            self.add(self.alice)
        self.assertFalse(User.objects.filter(email="neu@example.org").exists())

    def test_it_refuses_a_partner_account(self):
        with self.assertRaises(ValidationError):
            self.add(self.cora, email="paula@example.org")


class InstitutionRoleRevokeTests(BaseTestCase):
    def test_the_coordinator_removes_a_role(self):
        role = InstitutionRole.objects.get(user=self.bob, institution=self.inst)
        institution_role_revoke(role=role, actor=self.cora)
        self.assertFalse(InstitutionRole.objects.filter(pk=role.pk).exists())

    def test_it_refuses_an_officer(self):
        role = InstitutionRole.objects.get(user=self.bob, institution=self.inst)
        with self.assertRaises(PermissionDenied):
            institution_role_revoke(role=role, actor=self.alice)
