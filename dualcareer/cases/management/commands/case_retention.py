"""Anonymise closed cases whose retention period has ended (run daily by a scheduler)."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dualcareer.cases.gdpr import retention_run


class Command(BaseCommand):
    help = (
        "Anonymise every closed case whose retention period (per institution, default "
        "CASE_RETENTION_MONTHS_DEFAULT months after closing) has ended, and report what was done."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")
        parser.add_argument("--today", help="Evaluate as of this date (YYYY-MM-DD), for checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as error:
                raise CommandError("--today must be a date like 2026-11-21") from error
        report = retention_run(today=today, dry_run=options["dry_run"])
        verb = "would anonymise" if report.dry_run else "anonymised"
        self.stdout.write(f"case_retention {report.today}: {verb} {report.count} case(s)")
        for slug, count in sorted(report.per_institution.items()):
            self.stdout.write(f"  {slug}: {count}")
        for reference in report.anonymised:
            self.stdout.write(f"  case {reference}")
        if report.files_deleted or report.files_left:
            self.stdout.write(
                f"  files: {report.files_deleted} deleted on retry, "
                f"{report.files_left} still failing (retried on the next run)"
            )
