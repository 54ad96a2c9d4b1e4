import re

from django.core import mail
from django.core.exceptions import ValidationError

from dualcareer.accounts.models import User
from dualcareer.cases.invitations import invitation_accept, partner_invite
from dualcareer.cases.tests.helpers import CaseTestCase

PASSWORD = "a-long-and-unusual-passphrase-42"


class InvitationAcceptTests(CaseTestCase):
    def invite(self, email="neu.partner@example.org"):
        case = self.open_case(partner_email="")
        with self.captureOnCommitCallbacks(execute=True):
            partner_invite(case=case, actor=self.alice, email=email, language="en")
        match = re.search(r"/cases/invitation/([^/]+)/", mail.outbox[-1].body)
        assert match is not None
        token = match.group(1)
        return case, token

    def test_it_creates_the_partner_account_and_links_it(self):
        case, token = self.invite()
        user = invitation_accept(token=token, password=PASSWORD)
        case.refresh_from_db()
        self.assertEqual(case.partner_user, user)
        self.assertTrue(user.is_partner)
        self.assertTrue(user.check_password(PASSWORD))
        self.assertEqual(user.language, "en")

    def test_the_link_works_once(self):
        _case, token = self.invite()
        invitation_accept(token=token, password=PASSWORD)
        with self.assertRaises(ValidationError):
            invitation_accept(token=token, password=PASSWORD)

    def test_unknown_tokens_are_refused(self):
        with self.assertRaises(ValidationError):
            invitation_accept(token="guess", password=PASSWORD)

    def test_weak_passwords_are_refused_and_nothing_is_created(self):
        case, token = self.invite()
        with self.assertRaises(ValidationError):
            invitation_accept(token=token, password="12345")
        self.assertFalse(User.objects.filter(email="neu.partner@example.org").exists())
        case.refresh_from_db()
        self.assertIsNone(case.partner_user)

    def test_an_expired_link_is_refused_and_creates_nothing(self):
        import datetime as dt
        from unittest import mock

        from django.utils import timezone

        from dualcareer.cases.invitations import INVITATION_DAYS

        case, token = self.invite()
        later = timezone.now() + dt.timedelta(days=INVITATION_DAYS, minutes=1)
        with (
            mock.patch("django.utils.timezone.now", return_value=later),
            self.assertRaises(ValidationError),
        ):
            invitation_accept(token=token, password=PASSWORD)
        self.assertFalse(User.objects.filter(email="neu.partner@example.org").exists())
        case.refresh_from_db()
        self.assertIsNone(case.partner_user)

    def test_a_newer_invitation_revokes_the_earlier_link(self):
        case, token = self.invite()
        with self.captureOnCommitCallbacks(execute=True):
            partner_invite(case=case, actor=self.alice, email="neu.partner@example.org")
        with self.assertRaises(ValidationError):
            invitation_accept(token=token, password=PASSWORD)

    def test_accepting_records_that_the_link_was_used(self):
        case, token = self.invite()
        invitation_accept(token=token, password=PASSWORD)
        invitation = case.invitations.get()
        self.assertIsNotNone(invitation.accepted_at)
        self.assertFalse(invitation.is_usable)
