import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dualcareer.core.models import AuditEntry
from dualcareer.network.models import Application
from dualcareer.network.selectors import application_by_token
from dualcareer.network.services import (
    application_answer,
    application_approve,
    application_ask,
    application_decline,
)
from dualcareer.network.services.applications import REPLY_LINK_VALIDITY
from dualcareer.network.tests.factories import ApplicationFactory
from dualcareer.testing.base import BaseTestCase


class ApplicationAskTests(BaseTestCase):
    def setUp(self):
        self.application = ApplicationFactory.create(network=self.network, contact_language="de")

    def test_it_asks_and_mails_the_reply_link(self):
        with self.captureOnCommitCallbacks(execute=True):
            application_ask(
                application=self.application, actor=self.cora, question="Wie viele Beschäftigte?"
            )
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.INFO_REQUESTED)
        message = mail.outbox[-1]
        self.assertIn("Rückfrage", message.subject)
        self.assertIn(f"/network/applications/reply/{self.application.reply_token}/", message.body)
        self.assertIn("Wie viele Beschäftigte?", message.body)
        self.assertTrue(AuditEntry.objects.filter(action="application.info_requested").exists())

    def test_it_refuses_an_officer(self):
        with self.assertRaises(PermissionDenied):
            application_ask(application=self.application, actor=self.charlie, question="?")

    def test_it_refuses_markup(self):
        with self.assertRaises(ValidationError):
            application_ask(application=self.application, actor=self.cora, question="<img src=x>")
        self.assertFalse(self.application.messages.exists())


class ApplicationAnswerTests(BaseTestCase):
    def setUp(self):
        self.application = ApplicationFactory.create(network=self.network)
        application_ask(application=self.application, actor=self.cora, question="Wie viele?")

    def test_the_answer_reopens_the_application_and_tells_the_coordinator(self):
        with self.captureOnCommitCallbacks(execute=True):
            application_answer(application=self.application, answer="Etwa 400.")
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)
        self.assertEqual(mail.outbox[-1].to, ["cora@example.org"])
        self.assertEqual(
            list(self.application.messages.values_list("author_kind", flat=True)),
            ["coordinator", "applicant"],
        )

    def test_it_refuses_an_answer_when_nothing_was_asked(self):
        application_answer(application=self.application, answer="Etwa 400.")
        with self.assertRaises(ValidationError):
            application_answer(application=self.application, answer="Noch einmal")
        self.assertEqual(self.application.messages.count(), 2)


class ApplicationReplyLinkTests(BaseTestCase):
    """The applicant's reply link expires, serves once and ends with the decision."""

    def setUp(self):
        self.application = ApplicationFactory.create(network=self.network)
        application_ask(application=self.application, actor=self.cora, question="Wie viele?")
        self.application.refresh_from_db()
        self.token = self.application.reply_token

    def test_the_link_is_valid_for_a_limited_time(self):
        expires = self.application.reply_token_expires_at
        assert expires is not None
        self.assertTrue(self.application.reply_link_is_valid)
        self.assertLessEqual(expires, timezone.now() + REPLY_LINK_VALIDITY)

    def test_an_expired_link_is_refused(self):
        Application.objects.filter(pk=self.application.pk).update(
            reply_token_expires_at=timezone.now() - dt.timedelta(seconds=1)
        )
        self.application.refresh_from_db()
        with self.assertRaises(ValidationError):
            application_answer(application=self.application, answer="Zu spät")
        self.assertFalse(self.application.messages.filter(author_kind="applicant").exists())

    def test_the_answer_uses_the_link_up(self):
        application_answer(application=self.application, answer="Etwa 400.")
        self.assertIsNone(application_by_token(token=self.token))

    def test_a_new_question_replaces_the_earlier_link(self):
        application_answer(application=self.application, answer="Etwa 400.")
        application_ask(application=self.application, actor=self.cora, question="Und?")
        self.application.refresh_from_db()
        self.assertNotEqual(self.application.reply_token, self.token)
        self.assertTrue(self.application.reply_link_is_valid)

    def test_declining_ends_the_link(self):
        application_decline(application=self.application, actor=self.cora, reason="Nein.")
        self.assertIsNone(application_by_token(token=self.token))

    def test_approving_ends_the_link(self):
        application_approve(application=self.application, actor=self.cora, role="")
        self.assertIsNone(application_by_token(token=self.token))


class ApplicationDeclineTests(BaseTestCase):
    def setUp(self):
        self.application = ApplicationFactory.create(network=self.network, contact_language="en")

    def test_it_declines_with_the_reason_mailed_to_the_applicant(self):
        with self.captureOnCommitCallbacks(execute=True):
            application_decline(
                application=self.application, actor=self.cora, reason="Outside the region."
            )
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.DECLINED)
        self.assertEqual(self.application.decided_by, self.cora)
        self.assertIn("Outside the region.", mail.outbox[-1].body)
        entry = AuditEntry.objects.get(action="application.declined")
        self.assertNotIn("region", str(entry.data))

    def test_it_requires_a_reason(self):
        with self.assertRaises(ValidationError) as caught:
            application_decline(application=self.application, actor=self.cora, reason="  ")
        self.assertIn("reason", caught.exception.error_dict)

    def test_it_refuses_an_officer(self):
        with self.assertRaises(PermissionDenied):
            application_decline(application=self.application, actor=self.alice, reason="No")
        self.application.refresh_from_db()
        self.assertEqual(self.application.status, Application.Status.SUBMITTED)
