"""Delete django-axes' records of login attempts past their retention period."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dualcareer.accounts.axes_privacy import axes_purge


class Command(BaseCommand):
    help = (
        "Delete records of failed logins (address, user agent, path) older than "
        "AXES_RETENTION_DAYS days; run daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Keep this many days instead of the setting."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["days"] is not None and options["days"] < 0:
            raise CommandError("--days must not be negative.")
        counts = axes_purge(days=options["days"])
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(counts.items()))
        self.stdout.write(f"Deleted login records past retention ({summary}).")
