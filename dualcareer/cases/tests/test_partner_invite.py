from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.cases.invitations import partner_invite
from dualcareer.cases.models import Invitation
from dualcareer.cases.tests.helpers import CaseTestCase


class PartnerInviteTests(CaseTestCase):
    def setUp(self):
        self.fresh = self.open_case(partner_email="")

    def test_it_sends_a_link_in_the_partners_language(self):
        with self.captureOnCommitCallbacks(execute=True):
            partner_invite(
                case=self.fresh, actor=self.alice, email="Neu@Example.org", language="en"
            )
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["neu@example.org"])
        self.assertIn("invitation", message.subject.lower())
        self.assertIn("/en/cases/invitation/", message.body)
        self.assertNotIn(Invitation.objects.get(case=self.fresh).token_hash, message.body)

    def test_german_invitation(self):
        with self.captureOnCommitCallbacks(execute=True):
            partner_invite(
                case=self.fresh, actor=self.alice, email="neu@example.org", language="de"
            )
        self.assertIn("Passwort", mail.outbox[0].body)

    def test_a_new_invitation_revokes_the_earlier(self):
        first = partner_invite(case=self.fresh, actor=self.alice, email="a@example.org")
        partner_invite(case=self.fresh, actor=self.alice, email="b@example.org")
        first.refresh_from_db()
        self.assertIsNotNone(first.revoked_at)

    def test_it_refuses_staff_addresses(self):
        with self.assertRaises(ValidationError):
            partner_invite(case=self.fresh, actor=self.alice, email="bob@example.org")

    def test_it_refuses_outsiders(self):
        for user in (self.charlie, self.paula, self.cora):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                partner_invite(case=self.fresh, actor=user, email="x@example.org")
        self.assertFalse(Invitation.objects.exists())
