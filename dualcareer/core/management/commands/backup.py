"""`manage.py backup <dir>`: database rows and uploaded files, with a manifest of checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dualcareer.core.backup import BACKUP_REMINDER, BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write a consistent backup of the database (one transaction) and the uploaded files, "
        "with a manifest of row counts and SHA-256 checksums, into a new or empty folder."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="a new or empty folder (created with mode 0700)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = write_backup(Path(options["directory"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            f"backup: {rows} rows of {len(manifest['counts'])} models and "
            f"{len(manifest['media'])} files written to {options['directory']}"
        )
        self.stdout.write(self.style.WARNING(BACKUP_REMINDER))
