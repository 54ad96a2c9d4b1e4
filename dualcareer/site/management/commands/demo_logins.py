"""Print the demo logins (used by `make run`)."""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.accounts.demo import DEMO_PASSWORD, describe


class Command(BaseCommand):
    help = "Print the demo users and their password."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for line in describe():
            self.stdout.write(line)
