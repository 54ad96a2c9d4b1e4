"""Hourly (cron, systemd timer): expire waiting-list offers, send reminders, invite feedback.

Idempotent: each reminder and invitation goes out once per person, however
often the command runs.
"""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.trainings import feedback, services


class Command(BaseCommand):
    help = (
        "Expire lapsed waiting-list offers (and offer the places on), remind participants "
        "of sessions in the next 48 hours, invite attendees of ended trainings to give feedback, "
        "erase visitors' names and addresses a year after their training, delete registrations "
        "whose e-mail confirmation link lapsed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        expired = services.offers_expire()
        reminded = services.reminders_send()
        invited = feedback.invitations_send()
        erased = services.visitors_erase()
        unconfirmed = services.unconfirmed_delete()
        self.stdout.write(
            f"{expired} offers expired, {reminded} reminders and {invited} feedback "
            f"invitations queued, {erased} visitors' registrations erased, "
            f"{unconfirmed} unconfirmed registrations deleted."
        )
