"""API tokens (per user, with scopes and expiry) and webhooks (per institution).

A token's secret is shown once, at creation; only its SHA-256 hash and a short
visible prefix are stored, so a stolen database yields no usable token. A
webhook's signing secret must be usable to sign, so it is stored (in the
database only, never shown again or logged).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dualcareer.core.models import ChoiceLabelsModel


class ApiToken(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    secret_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class WebhookEvent(models.TextChoices):
    OPENING_PUBLISHED = "opening.published", _("Opening published")
    OPENING_CLOSED = "opening.closed", _("Opening closed")
    INTRODUCTION_ANSWERED = "introduction.answered", _("Introduction answered")
    REGISTRATION_CONFIRMED = "registration.confirmed", _("Training registration confirmed")


def event_label(code: str) -> str:
    """The event's name in the reader's language (the code itself if it is unknown)."""
    try:
        return str(WebhookEvent(code).label)
    except ValueError:
        return code


class Webhook(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(default=list)
    secret = models.CharField(max_length=64)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[tuple[str, str]]:
        """(code, name in the reader's language) of each event this webhook is sent."""
        return [(str(code), event_label(str(code))) for code in self.events]


class WebhookDelivery(ChoiceLabelsModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        DELIVERED = "delivered", _("delivered")
        RETRYING = "retrying", _("retrying")
        FAILED = "failed", _("failed")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.event} ({self.status})"

    def error_display(self) -> str:
        """The last error in the reader's language (the stored error type if it is unknown)."""
        error = self.last_error
        if error.startswith("HTTP "):
            return _("the receiver answered with status %(code)s") % {"code": error[5:]}
        known = {
            "AddressRefused": _("the address points to a private or local network"),
            "WebhookInactive": _("the webhook is switched off"),
            "TimeoutError": _("no answer in time"),
            "ConnectionRefusedError": _("the receiver refused the connection"),
            "ConnectionResetError": _("the receiver closed the connection"),
            "RemoteDisconnected": _("the receiver closed the connection"),
            "SSLCertVerificationError": _("the receiver's TLS certificate is not valid"),
            "SSLError": _("the TLS connection failed"),
            "gaierror": _("the host name could not be resolved"),
            "OSError": _("the receiver could not be reached"),
        }
        return str(known.get(error, error))


class SentMail(ChoiceLabelsModel):
    """One e-mail the platform sent or gave up on: no body, no address in clear."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    template = models.CharField(_("template"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    recipient_hash = models.CharField(_("recipient (hash)"), max_length=64, db_index=True)
    institution_id = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    error = models.CharField(_("error"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")

    def __str__(self) -> str:
        return f"{self.template} ({self.status})"


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` a client sent with a creating request (API v1), for 24 hours.

    The same key from the same user within 24 hours (`idempotency.LIFETIME`) answers with
    the first request's result instead of acting again. The row is inserted in
    the transaction that creates the object (as `core.idempotency`'s form
    tokens are): of two simultaneous requests exactly one inserts it, the other
    waits and then finds it. `fingerprint` is a keyed hash of the request body
    (no personal data in clear): the same key with another body is refused.
    Rows are pruned by `api_cleanup`.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    operation = models.CharField(max_length=50)
    fingerprint = models.CharField(max_length=64)
    result = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_key_per_user")
        ]
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")

    def __str__(self) -> str:
        return f"{self.operation} {self.created_at:%Y-%m-%d %H:%M}"
