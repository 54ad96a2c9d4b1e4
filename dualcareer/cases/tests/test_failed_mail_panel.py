"""Coordinators see the e-mails about their members that failed for good (masked)."""

from django.urls import reverse
from django.utils import timezone

from dualcareer.cases.selectors import failed_mails_for_coordinator
from dualcareer.core.models import OutgoingMail
from dualcareer.testing.base import BaseTestCase


def _failed(**fields) -> OutgoingMail:
    defaults = {
        "language": "de",
        "template": "cases/mail/invitation",
        "subject": "Einladung",
        "body": "Ihr Link: https://example.org/geheim",
        "status": OutgoingMail.Status.FAILED,
        "attempts": 6,
        "last_error": "SMTPRecipientsRefused",
        "failed_at": timezone.now(),
    }
    return OutgoingMail.objects.create(**{**defaults, **fields})


class FailedMailPanelTests(BaseTestCase):
    def setUp(self) -> None:
        self.about_member = _failed(to="erika@example.org", institution_id=self.inst.pk)
        self.to_officer = _failed(to=self.bob.email, template="cases/mail/reminders")
        self.elsewhere = _failed(to="someone@example.org")

    def test_the_coordinator_sees_the_networks_failures_masked_without_text(self) -> None:
        mails = failed_mails_for_coordinator(user=self.cora) or []
        self.assertEqual({mail.pk for mail in mails}, {self.about_member.pk, self.to_officer.pk})
        self.client.force_login(self.cora)
        response = self.client.get(reverse("site:dashboard"))
        self.assertContains(response, "e…@example.org")
        self.assertContains(response, "SMTPRecipientsRefused")
        self.assertNotContains(response, "erika@example.org")
        self.assertNotContains(response, "geheim")

    def test_others_see_no_failures(self) -> None:
        for user in (self.alice, self.charlie, self.emil, self.paula, self.nobody):
            self.assertIsNone(failed_mails_for_coordinator(user=user), user.email)
            self.client.force_login(user)
            self.assertNotContains(self.client.get(reverse("site:dashboard")), "SMTPRecipients")
