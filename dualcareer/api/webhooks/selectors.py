"""Who manages which institution's webhooks, and what they see of them."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from dualcareer.accounts.models import InstitutionRole, Role
from dualcareer.api.models import Webhook, WebhookDelivery
from dualcareer.network.models import Institution

# The institution's own staff: its officers (and an employer's contacts). The
# network coordinator does not manage a member's integrations.
MANAGING_ROLES = (Role.OFFICER, Role.EMPLOYER)
LOG_LENGTH = 100


def manageable_institution_ids(user: Any) -> set[int]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return set(
        InstitutionRole.objects.filter(user=user, role__in=MANAGING_ROLES).values_list(
            "institution_id", flat=True
        )
    )


def manageable_institutions(*, user: Any) -> list[Institution]:
    return list(
        Institution.objects.filter(pk__in=manageable_institution_ids(user)).order_by("name")
    )


def webhooks_for(*, user: Any) -> QuerySet[Webhook]:
    """The webhooks of the user's institutions, with their delivery counts."""
    return (
        Webhook.objects.filter(institution_id__in=manageable_institution_ids(user))
        .select_related("institution")
        .annotate(delivery_count=Count("deliveries"))
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
