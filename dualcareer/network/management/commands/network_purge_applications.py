"""Delete the personal data of decided applications after the retention period.

A scheduler calls this daily. Approved applications keep their record (the
institution and its contact exist elsewhere) but lose the contact details
and free text; declined ones are deleted. The audit entries stay; they hold
no personal data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from dualcareer.core import audit
from dualcareer.network.models import Application, ApplicationMessage

DEFAULT_MONTHS = 6


class Command(BaseCommand):
    help = "Erase contact data and texts of applications decided more than N months ago."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--months", type=int, default=DEFAULT_MONTHS)

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - dt.timedelta(days=30 * options["months"])
        decided = Application.objects.filter(
            decided_at__lt=cutoff,
            status__in=[Application.Status.APPROVED, Application.Status.DECLINED],
        )
        with transaction.atomic():
            declined = decided.filter(status=Application.Status.DECLINED)
            for application in declined:
                audit.log(application, "application.purged", data={"deleted": True})
            deleted, _ = declined.delete()
            approved = decided.filter(status=Application.Status.APPROVED).exclude(contact_name="")
            erased = approved.update(
                contact_name="",
                contact_position="",
                contact_email="",
                contact_phone="",
                message="",
                decision_reason="",
            )
            ApplicationMessage.objects.filter(
                application__status=Application.Status.APPROVED, application__decided_at__lt=cutoff
            ).delete()
        self.stdout.write(f"applications: {deleted} rows deleted, {erased} erased")
