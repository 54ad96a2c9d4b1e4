"""Sending webhook deliveries: signed POSTs by the background worker, retried with backoff.

A delivery is a JSON POST to the receiver with the headers

    X-Dualcareer-Event: opening.published
    X-Dualcareer-Delivery: <uuid>            (the same for every retry)
    X-Dualcareer-Timestamp: <unix seconds>
    X-Dualcareer-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>

The receiver recomputes the HMAC with the secret it was shown at
registration, compares in constant time and rejects old timestamps (replay).
A 2xx answer is success; anything else (another status, a refused address,
a timeout) is retried after WEBHOOK_RETRY_SECONDS, doubled per attempt (at
most 6 hours), up to WEBHOOK_MAX_ATTEMPTS; then the delivery is failed.
Redirects are not followed.

Server-side request forgery: only http(s); the address the connection goes
to (after DNS resolution) must be public, by the rule of the JobPosting
import (`dualcareer.openings.fetching`), unless WEBHOOK_ALLOW_PRIVATE_HOSTS
(tests and closed intranets). Logs name the delivery and error type only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from dualcareer.api.models import WebhookDelivery
from dualcareer.openings.fetching import is_public_address

logger = logging.getLogger(__name__)

MAX_RETRY_SECONDS = 6 * 3600
STALE_MINUTES = 30
RESPONSE_READ_BYTES = 1024


class ReceiverRefused(Exception):
    """The receiver's address may not be called; the message is safe to show."""


def _allowed(address: str) -> bool:
    if getattr(settings, "WEBHOOK_ALLOW_PRIVATE_HOSTS", False):
        return True
    return is_public_address(ipaddress.ip_address(address.split("%")[0]))


def check_receiver(url: str) -> None:
    """Raise ReceiverRefused unless `url` is http(s), without credentials, at a public address."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ReceiverRefused(_("Only http and https addresses can receive webhooks."))
    if parts.username or parts.password:
        raise ReceiverRefused(_("Addresses with credentials are not accepted."))
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as error:
        raise ReceiverRefused(_("The host name could not be resolved.")) from error
    if any(not _allowed(str(info[4][0])) for info in infos):
        raise ReceiverRefused(_("The address points to a private or local network."))


def _safe_create_connection(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None
) -> socket.socket:
    """Connect to the first resolved address, each one checked (no DNS rebinding)."""
    host, port = address
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    last_error: OSError | None = None
    for family, socktype, proto, _canon, sockaddr in infos:
        if not _allowed(str(sockaddr[0])):
            raise ReceiverRefused("private address")
        sock = socket.socket(family, socktype, proto)
        sock.settimeout(timeout if isinstance(timeout, int | float) else 10)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise OSError("unreachable") from last_error


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp`."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str) -> bool:
    """What a receiver does (documented here, used by the tests)."""
    try:
        expected = sign(secret, int(timestamp), body)
    except ValueError:
        return False
    return hmac.compare_digest(expected, signature)


def post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST `body` to `url`; return the status (no redirects followed)."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ReceiverRefused("scheme")
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        literal = None
    if literal is not None and not _allowed(str(literal)):
        raise ReceiverRefused("private address")
    timeout = int(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10))
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=timeout)
    connection._create_connection = _safe_create_connection  # type: ignore[attr-defined]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(RESPONSE_READ_BYTES)
        return int(response.status)
    finally:
        connection.close()


def retry_delay(attempts: int) -> dt.timedelta:
    seconds = int(getattr(settings, "WEBHOOK_RETRY_SECONDS", 60)) * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, MAX_RETRY_SECONDS))


def enqueue_on_commit(delivery_id: int) -> None:
    """Give the delivery to the worker once the change that caused it is committed."""
    transaction.on_commit(lambda: webhook_deliver.enqueue(delivery_id))


@task()
def webhook_deliver(delivery_id: int) -> str:
    """Send one delivery; on failure schedule the next attempt or give up."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("webhook")
            .filter(
                pk=delivery_id,
                status__in=[WebhookDelivery.Status.QUEUED, WebhookDelivery.Status.RETRYING],
            )
            .first()
        )
        if delivery is None:
            return "gone"
        delivery.attempts += 1
        delivery.next_attempt_at = None
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    webhook = delivery.webhook
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "dualcareer-webhooks/1",
        "X-Dualcareer-Event": delivery.event,
        "X-Dualcareer-Delivery": str(delivery.public_id),
        "X-Dualcareer-Timestamp": str(timestamp),
        "X-Dualcareer-Signature": sign(webhook.secret, timestamp, body),
    }
    error = ""
    code: int | None = None
    if not webhook.is_active:
        error = "WebhookInactive"
    else:
        try:
            code = post(webhook.url, body, headers)
        except ReceiverRefused:
            error = "AddressRefused"
        except (OSError, http.client.HTTPException) as exc:
            error = type(exc).__name__[:100]
    delivery.response_code = code
    if code is not None and 200 <= code < 300:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
        delivery.last_error = ""
        delivery.save(update_fields=["status", "delivered_at", "last_error", "response_code"])
        return "delivered"
    delivery.last_error = error or f"HTTP {code}"
    if delivery.attempts >= int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 6)) or error in (
        "WebhookInactive",
    ):
        delivery.status = WebhookDelivery.Status.FAILED
        logger.warning(
            "webhook delivery %s failed for good after %s attempts: %s",
            delivery.public_id,
            delivery.attempts,
            delivery.last_error,
        )
    else:
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    with transaction.atomic():
        delivery.save(update_fields=["status", "last_error", "response_code", "next_attempt_at"])
        # A backend without deferred jobs (the test suite's immediate one) leaves the
        # retry to `api_cleanup` (`webhook_requeue_stale`).
        if (
            delivery.status == WebhookDelivery.Status.RETRYING
            and webhook_deliver.get_backend().supports_defer
        ):
            webhook_deliver.using(run_after=delivery.next_attempt_at).enqueue(delivery.pk)
    return str(delivery.status)


def webhook_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again deliveries whose job was lost (a killed worker); return how many."""
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=STALE_MINUTES)
    stale = WebhookDelivery.objects.filter(
        Q(status=WebhookDelivery.Status.QUEUED, created_at__lt=limit)
        | Q(status=WebhookDelivery.Status.RETRYING, next_attempt_at__lt=limit)
    ).values_list("pk", flat=True)
    count = 0
    for pk in stale:
        webhook_deliver.enqueue(pk)
        count += 1
    return count


def webhook_log_prune(*, now: dt.datetime | None = None) -> int:
    """Delete finished deliveries older than WEBHOOK_LOG_RETENTION_DAYS; return how many."""
    now = now or timezone.now()
    days = int(getattr(settings, "WEBHOOK_LOG_RETENTION_DAYS", 30))
    deleted, _rows = (
        WebhookDelivery.objects.filter(created_at__lt=now - dt.timedelta(days=days))
        .filter(status__in=[WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED])
        .delete()
    )
    return deleted
