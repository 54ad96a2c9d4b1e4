"""Development e-mail: kept by the dev backend, readable at /dev/mail/ only with DEBUG."""

import tempfile

from django.core.mail import EmailMessage
from django.http import Http404
from django.test import RequestFactory, SimpleTestCase, override_settings

from dualcareer.core import devmail
from dualcareer.site.views import dev


class DevMailTests(SimpleTestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.addCleanup(self.folder.cleanup)
        self.factory = RequestFactory()

    def send(self) -> str:
        with override_settings(EMAIL_FILE_PATH=self.folder.name):
            backend = devmail.EmailBackend(stream=open("/dev/null", "w"))  # noqa: SIM115
            message = EmailMessage(
                subject="Your invitation",
                body="Open http://127.0.0.1:8000/en/cases/invitation/abc/ to start.",
                to=["partner@example.org"],
            )
            self.assertEqual(backend.send_messages([message]), 1)
            backend.stream.close()
            (path,) = devmail.stored()
            return path.name

    def test_a_sent_message_is_listed_and_shown_with_clickable_links(self) -> None:
        name = self.send()
        with override_settings(DEBUG=True, EMAIL_FILE_PATH=self.folder.name):
            listing = dev.mail_list(self.factory.get("/dev/mail/"))
            self.assertContains(listing, "Your invitation")
            self.assertContains(listing, f'href="{name}/"')
            page = dev.mail_detail(self.factory.get("/"), name)
        self.assertContains(page, 'href="http://127.0.0.1:8000/en/cases/invitation/abc/"')
        self.assertContains(page, "partner@example.org")

    def test_without_debug_there_is_nothing(self) -> None:
        name = self.send()
        with override_settings(DEBUG=False, EMAIL_FILE_PATH=self.folder.name):
            with self.assertRaises(Http404):
                dev.mail_list(self.factory.get("/dev/mail/"))
            with self.assertRaises(Http404):
                dev.mail_detail(self.factory.get("/"), name)

    def test_names_outside_the_folder_are_refused(self) -> None:
        self.send()
        with override_settings(DEBUG=True, EMAIL_FILE_PATH=self.folder.name):
            for name in ("../settings.eml", "x.txt", "missing.eml"):
                with self.subTest(name=name), self.assertRaises(Http404):
                    dev.mail_detail(self.factory.get("/"), name)
