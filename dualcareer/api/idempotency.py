"""`Idempotency-Key` for the creating requests of API v1 (e.g. POST /api/v1/cases/).

A client that is not sure whether its request arrived (a timeout, a lost
answer) sends it again with the same `Idempotency-Key` header: within
LIFETIME the same key from the same user answers with the first request's
result instead of creating a second object. The same key with another body
(or for another operation) is refused with 422 `idempotency_key_reused`.

The mechanism is the one of the pages' one-time form tokens
(`dualcareer.core.idempotency`): the key is inserted (`claim`) in the same
transaction that creates the object; the unique constraint on (user, key)
lets exactly one of two simultaneous requests through, the other waits for
the first transaction and then answers with its result (`Replay`). A request
that fails (invalid input, a refusal) leaves no key: it can be sent again.
The API's own model (`IdempotencyKey`) adds what form tokens lack: keys
chosen by the client and unique per user, and the body's fingerprint (a hash
keyed with the SECRET_KEY, so the table holds no personal data in clear).
Keys older than LIFETIME are pruned by `api_cleanup` (`prune`).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request

from dualcareer.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
LIFETIME = dt.timedelta(hours=24)
REPLAYED_HEADER = "Idempotent-Replayed"
# Visible ASCII, 1 to 255 characters (a UUID is the usual choice).
_VALID = re.compile(r"^[\x21-\x7e]{1,255}$")


class KeyReused(APIException):
    """The key was used before with another body or for another operation."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"

    def __init__(self) -> None:
        super().__init__(
            {
                "code": "idempotency_key_reused",
                "detail": _(
                    "This Idempotency-Key was used within the last 24 hours with a different "
                    "request. Send a new key for a new request."
                ),
            }
        )


class Replay(Exception):
    """A simultaneous request with the same key and body won; `result` is what it created."""

    def __init__(self, result: str) -> None:
        super().__init__("idempotency key already used")
        self.result = result


def key_from(request: Request) -> str | None:
    """The request's Idempotency-Key, None without one; 400 naming the header if malformed."""
    raw = request.META.get("HTTP_IDEMPOTENCY_KEY")
    if raw is None:
        return None
    if not _VALID.match(raw):
        raise ValidationError({HEADER: [_("Send 1 to 255 visible ASCII characters, e.g. a UUID.")]})
    return str(raw)


def fingerprint(data: Any) -> str:
    """A keyed hash of the request body (the JSON as parsed, keys sorted)."""
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)
    return salted_hmac("dualcareer.api.idempotency", canonical, algorithm="sha256").hexdigest()


def _since() -> dt.datetime:
    return timezone.now() - LIFETIME


def earlier(*, user: Any, key: str, operation: str, body: str) -> str | None:
    """The result of an earlier request with `key` (within LIFETIME), or None.

    Raises `KeyReused` when that request had another body or operation.
    """
    row = IdempotencyKey.objects.filter(user=user, key=key, created_at__gte=_since()).first()
    if row is None:
        return None
    if row.operation != operation or row.fingerprint != body:
        raise KeyReused
    return row.result


def claim(*, user: Any, key: str, operation: str, body: str) -> IdempotencyKey:
    """Inside the creating transaction: record the key, or raise `Replay` / `KeyReused`."""
    IdempotencyKey.objects.filter(user=user, key=key, created_at__lt=_since()).delete()
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            return IdempotencyKey.objects.create(
                user=user, key=key, operation=operation, fingerprint=body
            )
    except IntegrityError:
        raise Replay(earlier(user=user, key=key, operation=operation, body=body) or "") from None


def done(claimed: IdempotencyKey | None, result: str) -> None:
    """Record what the request created (an id, no personal data)."""
    if claimed is not None:
        claimed.result = result[:64]
        claimed.save(update_fields=["result"])


def prune() -> int:
    """Delete the keys older than LIFETIME; return how many."""
    deleted, _rows = IdempotencyKey.objects.filter(created_at__lt=_since()).delete()
    return deleted
