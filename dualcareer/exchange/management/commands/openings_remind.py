"""Remind employers of waiting introductions and contacts of network requests; expire requests.

The scheduler runs this daily.
"""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.exchange.services import (
    introductions_remind,
    network_requests_remind_and_expire,
)


class Command(BaseCommand):
    help = "Send reminders for waiting introductions and network requests; expire old requests."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Remind introductions waiting longer than this."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        introductions = introductions_remind(days=options["days"])
        reminded, expired = network_requests_remind_and_expire()
        self.stdout.write(
            f"openings_remind: {introductions} introduction reminder(s), "
            f"{reminded} request reminder(s), {expired} request recipient(s) expired"
        )
