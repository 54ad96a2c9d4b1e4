"""Print the demo logins (used by `make run`)."""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.accounts.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET, describe


class Command(BaseCommand):
    help = "Print the demo users and their password."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for line in describe():
            self.stdout.write(line)
        self.stdout.write(
            "The coordinator and the officers log in with two-factor login: add the key "
            f"{DEMO_TOTP_SECRET} to an authenticator app (TOTP, 30 s, 6 digits)."
        )
