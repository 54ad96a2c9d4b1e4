from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.core.models import AuditEntry
from dualcareer.network.models import Application, Institution, Signature
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

    def test_it_creates_institution_contact_account_and_membership(self):
        institution = application_approve(application=self.application, actor=self.cora)
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
        self.assertTrue(
            InstitutionRole.objects.filter(
                user=user, institution=institution, role=Role.OFFICER
            ).exists()
        )
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.APPROVED)
        self.assertEqual(self.application.institution, institution)

    def test_it_mails_a_working_set_password_link_in_the_applicants_language(self):
        with self.captureOnCommitCallbacks(execute=True):
            application_approve(application=self.application, actor=self.cora)
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
        institution = application_approve(application=self.application, actor=self.cora)
        self.assertTrue(Signature.objects.filter(version=version, institution=institution).exists())

    def test_a_signature_application_signs_without_membership(self):
        version = StatementVersionFactory.create(network=self.network)
        self.application.kind = Application.Kind.SIGN
        self.application.save()
        institution = application_approve(application=self.application, actor=self.cora)
        self.assertTrue(Signature.objects.filter(version=version, institution=institution).exists())
        self.assertFalse(self.network.memberships.filter(institution=institution).exists())

    def test_it_reuses_an_institution_that_is_already_registered(self):
        existing = make_institution(name="Neue Technik GmbH")
        institution = application_approve(application=self.application, actor=self.cora)
        self.assertEqual(institution, existing)
        self.assertEqual(Institution.objects.filter(name="Neue Technik GmbH").count(), 1)

    def test_it_writes_audit_entries(self):
        institution = application_approve(application=self.application, actor=self.cora)
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
            application_approve(application=self.application, actor=self.alice)
        self.assertFalse(Institution.objects.filter(name="Neue Technik GmbH").exists())

    def test_it_refuses_an_anonymous_user(self):
        from django.contrib.auth.models import AnonymousUser

        with self.assertRaises(PermissionDenied):
            application_approve(application=self.application, actor=AnonymousUser())

    def test_it_refuses_the_coordinator_of_another_network(self):
        other_coord = make_institution(name="Anderer Verband")
        make_network(coordinating_institution=other_coord)
        # The other coordinator's institution is even a member of our network.
        make_membership(network=self.network, institution=other_coord)
        outsider = self.make_user("olga", other_coord, Role.COORDINATOR)
        with self.assertRaises(PermissionDenied):
            application_approve(application=self.application, actor=outsider)

    def test_it_refuses_an_application_decided_before(self):
        application_approve(application=self.application, actor=self.cora)
        with self.assertRaises(ValidationError):
            application_approve(application=self.application, actor=self.cora)
        self.assertEqual(Institution.objects.filter(name="Neue Technik GmbH").count(), 1)

    def test_it_stores_nothing_when_the_contact_is_a_partner(self):
        self.application.contact_email = "paula@example.org"
        self.application.save()
        with self.assertRaises(ValidationError):
            application_approve(application=self.application, actor=self.cora)
        self.assertFalse(Institution.objects.filter(name="Neue Technik GmbH").exists())
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)
