"""A new member whose first e-mail was lost asks for the set-password link again."""

from django.core import mail
from django.test import override_settings
from django.urls import reverse

from dualcareer.accounts.models import User
from dualcareer.core.models import OutgoingMail
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.jobs import DATABASE_TASKS, run_worker


class SetPasswordAgainTests(BaseTestCase):
    def setUp(self) -> None:
        self.newcomer = User.objects.create(email="new@example.org", language="en")
        self.newcomer.set_unusable_password()
        self.newcomer.save()

    def test_an_account_without_password_gets_the_set_password_mail(self) -> None:
        self.client.post(reverse("accounts:password_reset"), {"email": "NEW@example.org"})
        (message,) = mail.outbox
        self.assertEqual(message.to, ["new@example.org"])
        self.assertIn("Set the password of your dualcareer account", message.subject)
        link = next(line for line in message.body.splitlines() if "/reset/" in line)
        response = self.client.get(link, follow=True)
        response = self.client.post(
            response.redirect_chain[-1][0],
            {"new_password1": "a-long-new-passw0rd!", "new_password2": "a-long-new-passw0rd!"},
        )
        self.newcomer.refresh_from_db()
        self.assertTrue(self.newcomer.has_usable_password())

    def test_an_inactive_account_gets_nothing(self) -> None:
        self.newcomer.is_active = False
        self.newcomer.save()
        self.client.post(reverse("accounts:password_reset"), {"email": "new@example.org"})
        self.assertEqual(mail.outbox, [])

    @override_settings(TASKS=DATABASE_TASKS)
    def test_the_link_is_queued_and_sent_by_the_worker(self) -> None:
        self.client.post(reverse("accounts:password_reset"), {"email": "new@example.org"})
        self.assertEqual(OutgoingMail.objects.count(), 1)
        run_worker()
        self.assertEqual(len(mail.outbox), 1)
