"""Officers send the invitation again: a new link is queued, the old one no longer works."""

import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dualcareer.cases.invitations import invitation_by_token
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.models import OutgoingMail
from dualcareer.testing.jobs import DATABASE_TASKS, run_worker


def _token(body: str) -> str:
    match = re.search(r"/invitation/([^/\s]+)/", body)
    assert match is not None
    return match.group(1)


@override_settings(TASKS=DATABASE_TASKS)
class InvitationResendTests(CaseTestCase):
    def setUp(self) -> None:
        translation.activate("de")  # the pages below are read in German
        self.addCleanup(translation.deactivate)
        self.case = self.open_case(partner_email="")
        self.url = reverse("cases:invite", args=[self.case.public_id])

    def _invite(self):
        return self.client.post(
            self.url, {"email": "new@example.org", "language": "de"}, follow=True
        )

    def test_the_page_says_queued_and_the_worker_sends_it(self) -> None:
        self.client.force_login(self.alice)
        response = self._invite()
        self.assertContains(response, "vorgemerkt")
        self.assertContains(response, "Einladung erneut senden")
        self.assertEqual(OutgoingMail.objects.get().institution_id, self.case.institution_id)
        run_worker()
        self.assertEqual(len(mail.outbox), 1)

    def test_sending_again_makes_a_new_link_and_voids_the_old_one(self) -> None:
        self.client.force_login(self.alice)
        self._invite()
        run_worker()
        self.assertContains(self.client.get(self.url), "ersetzt die frühere")
        self._invite()
        run_worker()
        first, second = (_token(message.body) for message in mail.outbox)
        self.assertNotEqual(first, second)
        self.assertIsNone(invitation_by_token(token=first))
        self.assertIsNotNone(invitation_by_token(token=second))

    def test_an_outsider_cannot_send_it_again(self) -> None:
        self.client.force_login(self.charlie)
        response = self.client.post(self.url, {"email": "new@example.org", "language": "de"})
        self.assertIn(response.status_code, (403, 404))
        self.assertFalse(OutgoingMail.objects.exists())
