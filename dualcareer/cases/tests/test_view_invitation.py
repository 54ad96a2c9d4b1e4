import re

from django.core import mail
from django.urls import reverse

from dualcareer.cases.invitations import partner_invite
from dualcareer.cases.models import Case
from dualcareer.cases.tests.helpers import CaseTestCase


class InvitationViewTests(CaseTestCase):
    def test_the_partner_sets_a_password_and_is_logged_in(self):
        case = self.open_case(partner_email="")
        with self.captureOnCommitCallbacks(execute=True):
            partner_invite(case=case, actor=self.alice, email="new@example.org", language="en")
        match = re.search(r"http://\S+", mail.outbox[0].body)
        assert match is not None
        link = match.group(0)
        path = link.split("8000", 1)[1] if "8000" in link else link
        response = self.client.get(path)
        self.assertContains(response, "new@example.org")
        response = self.client.post(
            path, {"password1": "sturdy-passphrase-991", "password2": "sturdy-passphrase-991"}
        )
        self.assertRedirects(response, reverse("cases:my_profile"), fetch_redirect_response=False)
        partner = Case.objects.get(pk=case.pk).partner_user
        assert partner is not None
        self.assertEqual(partner.email, "new@example.org")
        self.assertEqual(self.client.get(reverse("cases:my_profile")).status_code, 200)

    def test_mismatching_passwords_are_a_form_error(self):
        case = self.open_case(partner_email="")
        with self.captureOnCommitCallbacks(execute=True):
            partner_invite(case=case, actor=self.alice, email="new@example.org", language="de")
        match = re.search(r"/cases/invitation/\S+/", mail.outbox[0].body)
        assert match is not None
        path = match.group(0)
        response = self.client.post(
            path, {"password1": "sturdy-passphrase-991", "password2": "other-passphrase-991"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(Case.objects.get(pk=case.pk).partner_user)

    def test_a_guessed_token_is_refused(self):
        response = self.client.get(reverse("cases:invitation", args=["guessed-token"]))
        self.assertEqual(response.status_code, 404)

    def invitation_path(self):
        case = self.open_case(partner_email="")
        with self.captureOnCommitCallbacks(execute=True):
            partner_invite(case=case, actor=self.alice, email="new@example.org", language="en")
        match = re.search(r"/cases/invitation/\S+/", mail.outbox[-1].body)
        assert match is not None
        return "/en" + match.group(0)

    def test_a_used_link_shows_the_invalid_link_page(self):
        path = self.invitation_path()
        passwords = {"password1": "sturdy-passphrase-991", "password2": "sturdy-passphrase-991"}
        self.assertEqual(self.client.post(path, passwords).status_code, 302)
        self.client.logout()
        for response in (self.client.get(path), self.client.post(path, passwords)):
            with self.subTest(method=response.request["REQUEST_METHOD"]):
                self.assertContains(
                    response, "This invitation link is no longer valid", status_code=404
                )

    def test_an_expired_link_shows_the_invalid_link_page(self):
        import datetime as dt
        from unittest import mock

        from django.utils import timezone

        from dualcareer.cases.invitations import INVITATION_DAYS

        path = self.invitation_path()
        later = timezone.now() + dt.timedelta(days=INVITATION_DAYS, minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=later):
            response = self.client.get(path)
        self.assertContains(response, "This invitation link is no longer valid", status_code=404)
