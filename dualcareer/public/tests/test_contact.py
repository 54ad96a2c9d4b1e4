"""The contact form: stored, e-mailed to the coordinators in their language, spam-protected,
deleted after the retention period."""

import datetime as dt
from unittest import mock

from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from dualcareer.core.models import AuditEntry
from dualcareer.public import services, spam
from dualcareer.public.models import ContactMessage
from dualcareer.testing.base import BaseTestCase

START = 1_800_000_000.0  # a fixed moment; the form is "shown" then and sent later


def sent_after(seconds: float):
    """Patch the clock so that the form is sent `seconds` after it was shown."""
    return mock.patch("time.time", return_value=START + seconds)


class ContactFormTests(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        with mock.patch("time.time", return_value=START):
            self.token = spam.started_token()

    def post(self, seconds: float = 30, language: str = "de", **overrides):
        data = {
            "name": "Maria Muster",
            "email": "maria@example.org",
            "subject": "Frage zur Beratung",
            "message": "Mein Partner hat einen Ruf nach Bochum erhalten.",
            "privacy": "on",
            "website": "",
            "started": self.token,
        }
        data.update(overrides)
        prefix = "/en" if language == "en" else ""
        with sent_after(seconds):
            return self.client.post(f"{prefix}/contact/", data)

    def test_a_message_is_stored_and_mailed_to_each_coordinator_in_their_language(self) -> None:
        self.cora.language = "en"
        self.cora.save()
        response = self.post()
        self.assertRedirects(response, reverse("public:contact"))
        stored = ContactMessage.objects.get()
        self.assertEqual((stored.email, stored.language), ("maria@example.org", "de"))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["cora@example.org"])
        self.assertEqual(message.reply_to, ["maria@example.org"])
        self.assertIn("Contact form: Frage zur Beratung", message.subject)
        self.assertIn("Mein Partner hat einen Ruf", message.body)

    def test_it_writes_an_audit_entry_without_personal_data(self) -> None:
        self.post()
        entry = AuditEntry.objects.get(action="contact_message.received")
        self.assertEqual(entry.data, {})
        self.assertIsNone(entry.actor)

    def test_the_honeypot_refuses_the_message(self) -> None:
        response = self.post(website="https://spam.example.com")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].non_field_errors())
        self.assertFalse(ContactMessage.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_form_sent_faster_than_a_person_types_is_refused(self) -> None:
        response = self.post(seconds=1)
        self.assertContains(response, "sehr schnell")
        self.assertFalse(ContactMessage.objects.exists())

    def test_a_forged_or_expired_timestamp_is_refused(self) -> None:
        self.post(started="contact:1:forged")
        self.post(seconds=spam.MAX_AGE_SECONDS + 10)
        self.assertFalse(ContactMessage.objects.exists())

    def test_the_form_shown_again_carries_a_fresh_timestamp(self) -> None:
        response = self.post(seconds=1)
        self.assertNotEqual(response.context["form"].data["started"], self.token)

    def test_more_than_the_limit_per_address_and_hour_answers_429(self) -> None:
        for _ in range(spam.RATE_LIMIT):
            self.assertEqual(self.post().status_code, 302)
        response = self.post()
        self.assertEqual(response.status_code, 429)
        self.assertEqual(ContactMessage.objects.count(), spam.RATE_LIMIT)

    def test_the_cache_key_does_not_contain_the_address(self) -> None:
        self.assertNotIn("127.0.0.1", spam._key("127.0.0.1"))

    def test_missing_fields_are_named(self) -> None:
        response = self.post(email="not-an-address", privacy="")
        self.assertEqual(set(response.context["form"].errors), {"email", "privacy"})

    def test_english_page_and_stored_language(self) -> None:
        self.post(language="en")
        self.assertEqual(ContactMessage.objects.get().language, "en")


class ContactRetentionTests(BaseTestCase):
    def test_messages_older_than_the_retention_period_are_deleted(self) -> None:
        now = timezone.now()
        old = ContactMessage.objects.create(
            name="a", email="a@example.org", subject="s", message="m"
        )
        new = ContactMessage.objects.create(
            name="b", email="b@example.org", subject="s", message="m"
        )
        ContactMessage.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(days=181))
        ContactMessage.objects.filter(pk=new.pk).update(created_at=now - dt.timedelta(days=179))
        with self.settings(CONTACT_RETENTION_DAYS=180):
            self.assertEqual(services.contact_messages_purge(now=now), 1)
        self.assertEqual(list(ContactMessage.objects.all()), [new])
        self.assertEqual(AuditEntry.objects.get(action="contact_message.purged").data, {"count": 1})

    def test_the_command_runs_the_purge(self) -> None:
        ContactMessage.objects.create(name="a", email="a@example.org", subject="s", message="m")
        ContactMessage.objects.update(created_at=timezone.now() - dt.timedelta(days=400))
        call_command("public_contact_purge", stdout=mock.MagicMock())
        self.assertFalse(ContactMessage.objects.exists())


class ContactMessagesPageTests(BaseTestCase):
    def test_coordinators_read_the_messages_and_others_are_refused(self) -> None:
        ContactMessage.objects.create(
            name="Maria", email="m@example.org", subject="Frage", message="Hallo"
        )
        url = reverse("public:contact_messages")
        self.assertRedirects(self.client.get(url), f"{reverse('accounts:login')}?next={url}")
        for user in (self.alice, self.charlie, self.emil, self.paula):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.cora)
        self.assertContains(self.client.get(url), "Frage")
