"""Housekeeping of the API's logs (run daily by a scheduler, see docs/operations.md)."""

from typing import Any

from django.core.management.base import BaseCommand

from dualcareer.api import idempotency
from dualcareer.api.maillog import mail_log_prune
from dualcareer.api.webhooks.delivery import webhook_log_prune, webhook_requeue_stale


class Command(BaseCommand):
    help = (
        "Queue again webhook deliveries whose job was lost, delete webhook deliveries older "
        "than WEBHOOK_LOG_RETENTION_DAYS and e-mail log entries older than "
        "MAIL_LOG_RETENTION_DAYS, and Idempotency-Keys older than 24 hours."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = webhook_requeue_stale()
        deliveries = webhook_log_prune()
        mails = mail_log_prune()
        keys = idempotency.prune()
        self.stdout.write(
            f"api_cleanup: {requeued} webhook deliverie(s) queued again, {deliveries} "
            f"deliverie(s), {mails} e-mail log entrie(s) and {keys} idempotency key(s) deleted"
        )
