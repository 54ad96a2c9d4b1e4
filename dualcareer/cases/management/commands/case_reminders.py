"""E-mail officers the due and overdue tasks of their cases (run daily by a scheduler)."""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.cases.reminders import reminders_send


class Command(BaseCommand):
    help = "Send each Dual Career officer one e-mail listing due and overdue case tasks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count only; send nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = reminders_send(dry_run=options["dry_run"])
        verb = "would remind" if options["dry_run"] else "reminded"
        self.stdout.write(
            f"case_reminders: {verb} {report.officers} officer(s) of {report.tasks} task(s)"
        )
