"""Delete contact-form messages older than CONTACT_RETENTION_DAYS (run daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.public import services


class Command(BaseCommand):
    help = "Delete messages of the public contact form older than CONTACT_RETENTION_DAYS."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.contact_messages_purge()
        self.stdout.write(f"{count} contact message(s) deleted.")
