"""Load the demo network, users and example records. Idempotent."""

import importlib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# Each app's demo module, in dependency order. A module has `load(out)`.
DEMO_MODULES = [
    "dualcareer.network.demo",
    "dualcareer.accounts.demo",
    "dualcareer.cases.demo",
    "dualcareer.openings.demo",
    "dualcareer.knowledge.demo",
    "dualcareer.trainings.demo",
    "dualcareer.public.demo",
    "dualcareer.statistics.demo",
]


class Command(BaseCommand):
    help = "Load the Dual Career Netzwerk Ruhr demo data (safe to run again)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even when DEBUG is off (demo users have a published password).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Refusing to load demo users with a published password while DEBUG is off; "
                "pass --allow-production for a demo server."
            )
        for name in DEMO_MODULES:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as error:
                if error.name == name:
                    continue  # that app has no demo data yet
                raise
            module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
