"""Who manages which institution's webhooks, and what they see of them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from dualcareer.accounts import permissions
from dualcareer.api.models import Webhook, WebhookDelivery
from dualcareer.network.models import Institution

LOG_LENGTH = 100


def manageable_institution_ids(user: Any) -> set[int]:
    """The institution's own staff (officers, an employer's contacts) hold `webhook.manage`;
    the network coordinator does not manage a member's integrations."""
    return permissions.institution_ids_with(user, "webhook.manage")


def manageable_institutions(*, user: Any) -> list[Institution]:
    return list(
        Institution.objects.filter(pk__in=manageable_institution_ids(user)).order_by("name")
    )


def webhooks_for(*, user: Any) -> QuerySet[Webhook]:
    """The webhooks of the user's institutions, with their delivery counts, newest first.

    The order is explicit: Django leaves the model's default ordering out of a
    query with an aggregate (the delivery count).
    """
    return (
        Webhook.objects.filter(institution_id__in=manageable_institution_ids(user))
        .select_related("institution")
        .annotate(delivery_count=Count("deliveries"))
        .order_by("-created_at", "-id")
    )


def webhook_get(*, user: Any, public_id: Any) -> Webhook | None:
    return (
        Webhook.objects.filter(
            institution_id__in=manageable_institution_ids(user), public_id=public_id
        )
        .select_related("institution")
        .first()
    )


def deliveries_of(*, webhook: Webhook) -> list[WebhookDelivery]:
    """The webhook's newest deliveries (the log is pruned after its retention)."""
    return list(webhook.deliveries.all()[:LOG_LENGTH])
