"""Weekly: e-mail every member what is new in the best-practice library (cron, systemd timer)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dualcareer.knowledge import services


class Command(BaseCommand):
    help = "E-mail each member the library's new articles since their last digest."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue", action="store_true", help="Queue the digest as a background job instead."
        )
        parser.add_argument("--days", type=int, default=7, help="Look back at most this many days.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["queue"]:
            services.digest_job.enqueue()
            self.stdout.write("The digest job is queued.")
            return
        sent = services.digest_send(days=max(1, options["days"]))
        self.stdout.write(f"{sent} digest e-mails queued.")
