"""Send the daily e-mail digest of saved searches (the scheduler runs this once a day)."""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.openings.alerts import digest_send


class Command(BaseCommand):
    help = "Send the daily digest of new openings for saved searches."

    def handle(self, *args: Any, **options: Any) -> None:
        count = digest_send()
        self.stdout.write(f"openings_digest: {count} digest(s) sent")
