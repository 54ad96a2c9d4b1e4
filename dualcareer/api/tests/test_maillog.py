"""The e-mail log: template, language, status and an address hash; no bodies, no addresses."""

import datetime as dt
import io

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from dualcareer.api.maillog import address_hash, mail_log_prune
from dualcareer.api.models import SentMail
from dualcareer.core.mail import send_safely, send_templated
from dualcareer.testing.jobs import DATABASE_TASKS, make_jobs_due, run_worker

CONTEXT = {"protocol": "https", "domain": "x.example", "uid": "u", "token": "t"}
TEMPLATE = "accounts/mail/password_reset"


class MailLogTests(TestCase):
    def assert_no_personal_data(self, entry):
        text = " ".join(str(value) for value in entry.__dict__.values())
        self.assertNotIn("erika", text)
        self.assertNotIn("example.org", text)
        self.assertNotIn("password", text.replace(TEMPLATE, ""))

    def test_a_sent_message_is_logged_without_address_or_body(self):
        send_templated(to="Erika@example.org", language="en", template=TEMPLATE, context=CONTEXT)
        entry = SentMail.objects.get()
        self.assertEqual((entry.template, entry.language, entry.status), (TEMPLATE, "en", "sent"))
        self.assertEqual(entry.recipient_hash, address_hash("erika@example.org"))
        self.assert_no_personal_data(entry)

    @override_settings(EMAIL_BACKEND="dualcareer.testing.mail.FailingEmailBackend")
    def test_a_failure_is_logged_with_the_error_type(self):
        with self.assertLogs("dualcareer.core.mail", level="ERROR"):
            self.assertFalse(
                send_safely(
                    to="erika@example.org", language="de", template=TEMPLATE, context=CONTEXT
                )
            )
        entry = SentMail.objects.get()
        self.assertEqual((entry.status, entry.error), ("failed", "ConnectionRefusedError"))

    @override_settings(TASKS=DATABASE_TASKS)
    def test_the_worker_logs_after_sending_with_its_attempts(self):
        send_templated(to="erika@example.org", language="de", template=TEMPLATE, context=CONTEXT)
        self.assertFalse(SentMail.objects.exists())  # queued, not sent yet
        with (
            override_settings(EMAIL_BACKEND="dualcareer.testing.mail.FailingEmailBackend"),
            self.assertLogs("dualcareer.core.mail", level="WARNING"),
        ):
            run_worker()
        self.assertFalse(SentMail.objects.exists())  # a retry is not the end
        make_jobs_due()
        run_worker()
        entry = SentMail.objects.get()
        self.assertEqual((entry.status, entry.attempts), ("sent", 2))
        self.assert_no_personal_data(entry)

    def test_retention(self):
        SentMail.objects.create(template=TEMPLATE, language="de", recipient_hash="x", status="sent")
        old = SentMail.objects.create(
            template=TEMPLATE, language="de", recipient_hash="y", status="sent"
        )
        SentMail.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=91))
        self.assertEqual(mail_log_prune(), 1)
        self.assertEqual(list(SentMail.objects.values_list("recipient_hash", flat=True)), ["x"])
        out = io.StringIO()
        call_command("api_cleanup", stdout=out)
        self.assertIn("api_cleanup:", out.getvalue())

    def test_the_admin_shows_the_log_read_only(self):
        admin = get_user_model().objects.create_superuser(
            email="admin@example.org", password="x-very-long-password-1"
        )
        SentMail.objects.create(template=TEMPLATE, language="de", recipient_hash="x", status="sent")
        self.client.force_login(admin)
        response = self.client.get(reverse("admin:api_sentmail_changelist"))
        self.assertContains(response, TEMPLATE)
        self.assertEqual(self.client.get(reverse("admin:api_sentmail_add")).status_code, 403)
