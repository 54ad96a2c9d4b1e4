"""The digest per recipient: one refused address does not stop the others."""

import datetime as dt

from django.core import mail
from django.test import override_settings
from django.utils import timezone

from dualcareer.core.models import OutgoingMail
from dualcareer.openings.alerts import digest_send
from dualcareer.openings.models import SavedSearch
from dualcareer.openings.services import saved_search_create
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.jobs import DATABASE_TASKS, run_worker
from dualcareer.testing.mail import REFUSED


@override_settings(EMAIL_BACKEND="dualcareer.testing.mail.RefusingEmailBackend")
class DigestPerRecipientTests(BaseTestCase):
    def setUp(self) -> None:
        self.alice.email = REFUSED
        self.alice.save(update_fields=["email"])
        for user in (self.alice, self.bob):
            search = saved_search_create(user=user, name="Labor", params={"q": "labor"})
            search.last_sent_at = timezone.now() - dt.timedelta(days=1)
            search.save()
        OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")

    def test_the_others_get_the_digest_and_the_refused_one_is_tried_again_next_run(self) -> None:
        with self.assertLogs("dualcareer.openings.alerts", level="ERROR") as logs:
            self.assertEqual(digest_send(), 1)
        self.assertEqual([message.to[0] for message in mail.outbox], ["bob@example.org"])
        self.assertNotIn(REFUSED, "".join(logs.output))
        refused = SavedSearch.objects.get(user=self.alice)
        self.assertLess(refused.last_sent_at, timezone.now() - dt.timedelta(hours=1))

    @override_settings(TASKS=DATABASE_TASKS)
    def test_with_the_queue_the_others_get_it_and_the_refused_message_waits_for_a_retry(
        self,
    ) -> None:
        self.assertEqual(digest_send(), 2)
        with self.assertLogs("dualcareer.core.mail", level="WARNING"):
            run_worker()
        self.assertEqual([message.to[0] for message in mail.outbox], ["bob@example.org"])
        waiting = OutgoingMail.objects.get()
        self.assertEqual(waiting.status, OutgoingMail.Status.QUEUED)
        self.assertEqual(waiting.last_error, "SMTPRecipientsRefused")
