"""Fill the case of audit entries that were written without one during an upgrade.

Migration `site.0002` fills `AuditEntry.about_case` for the entries that
existed when it ran. If the previous release kept serving while `migrate`
ran (or until its processes were restarted), the entries it wrote after
that have no case: the audit pages would read them as entries about no
case. This command runs the migration's fill again for those entries only.
It is safe to run at any time and as often as wanted.
"""

import importlib
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

BACKFILL = "dualcareer.site.migrations.0002_audit_entry_about_case_backfill"


class Command(BaseCommand):
    help = (
        "Record the case of every audit entry that has none yet but is about a case "
        "(entries written by the previous release while migration site.0002 ran)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        migration: Any = importlib.import_module(BACKFILL)
        written = migration.backfill(apps, None, only_missing=True)
        self.stdout.write(f"audit_about_case: {written} audit entr(y/ies) given their case")
