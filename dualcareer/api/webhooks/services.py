"""Register and remove webhooks (officers of the institution), audited."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dualcareer.api.models import Webhook, WebhookEvent
from dualcareer.api.webhooks import selectors
from dualcareer.api.webhooks.delivery import ReceiverRefused, check_receiver
from dualcareer.core import audit

MAX_WEBHOOKS = 10


def webhook_create(
    *, user: Any, institution: Any, url: str, events: Iterable[str]
) -> tuple[Webhook, str]:
    """Register `url` for `events` of `institution`; return it and its secret (shown once)."""
    if institution.pk not in selectors.manageable_institution_ids(user):
        raise PermissionDenied("webhook.manage")
    events = sorted(set(events))
    errors: dict[str, list[str]] = {}
    if not events or any(event not in WebhookEvent.values for event in events):
        errors["events"] = [_("Choose at least one of the listed events.")]
    try:
        check_receiver(url)
    except ReceiverRefused as error:
        errors["url"] = [str(error)]
    if Webhook.objects.filter(institution=institution).count() >= MAX_WEBHOOKS:
        errors["url"] = [
            _("An institution can register at most %(n)s webhooks.") % {"n": MAX_WEBHOOKS}
        ]
    if errors:
        raise ValidationError(errors)
    secret = secrets.token_hex(32)
    with transaction.atomic():
        webhook = Webhook.objects.create(
            institution=institution, url=url, events=events, secret=secret, created_by=user
        )
        audit.log(
            webhook,
            "webhook.created",
            actor=user,
            institution_id=institution.pk,
            data={"webhook": webhook.public_id, "events": events},
        )
    return webhook, secret


def webhook_delete(*, user: Any, webhook: Webhook) -> None:
    """Remove a webhook with its delivery log."""
    if webhook.institution_id not in selectors.manageable_institution_ids(user):
        raise PermissionDenied("webhook.manage")
    with transaction.atomic():
        audit.log(
            webhook,
            "webhook.deleted",
            actor=user,
            institution_id=webhook.institution_id,
            data={"webhook": webhook.public_id},
        )
        webhook.delete()
