"""Reads about networks and members that anybody may see."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dualcareer.network.models import Institution, Network


def network_list() -> QuerySet[Network]:
    """Return all networks with their number of current members."""
    today = timezone.localdate()
    current = Q(memberships__joined_on__lte=today) & (
        Q(memberships__left_on__isnull=True) | Q(memberships__left_on__gt=today)
    )
    return Network.objects.select_related("parent").annotate(
        member_count=Count("memberships", filter=current, distinct=True)
    )


def public_counts() -> dict[str, int]:
    """Return headline figures for the start page."""
    return {
        "institutions": Institution.objects.filter(is_active=True).count(),
        "networks": Network.objects.count(),
    }
