"""`manage.py restore <dir>`: restore a backup of `manage.py backup` into an empty installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dualcareer.core.backup import BACKUP_REMINDER, BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup written by `manage.py backup` into an empty installation (migrated, "
        "no user accounts, no uploaded files): checks every checksum, loads all rows in one "
        "transaction, copies the files, then checks row counts and that every file the "
        "database references exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data and files of a non-empty installation",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(Path(options["directory"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restore: {report['rows']} rows and {report['files']} files restored")
        problems = []
        for label, (expected, found) in sorted(report["differing"].items()):
            problems.append(f"{label}: {found} rows, the backup has {expected}")
        for label, name in report["missing"]:
            problems.append(f"{label} references a missing file: {name}")
        self.stdout.write(self.style.WARNING(BACKUP_REMINDER))
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"restore finished with {len(problems)} problem(s), listed above")
        self.stdout.write(
            self.style.SUCCESS("restore: every row and every referenced file is back")
        )
