"""Unpublish openings whose closing date has passed (the scheduler runs this daily)."""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.openings.services import openings_unpublish_expired


class Command(BaseCommand):
    help = "Unpublish openings whose closing date has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        count = openings_unpublish_expired()
        self.stdout.write(f"openings_unpublish: {count} opening(s) unpublished")
