"""Reads of single sign-on, scoped to what the reader may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from dualcareer.accounts import permissions
from dualcareer.network.models import Institution
from dualcareer.sso.models import IdentityProvider


def providers_offered() -> QuerySet[IdentityProvider]:
    """Return the providers offered on the login page (active ones; public names only)."""
    return IdentityProvider.objects.filter(is_active=True).only("slug", "label", "protocol")


def provider_offered_get(*, slug: str) -> IdentityProvider:
    """Return the active provider `slug`, or raise Http404."""
    provider = IdentityProvider.objects.filter(is_active=True, slug=slug).first()
    if provider is None:
        raise Http404
    return provider


def provider_active_by_id(*, pk: int) -> IdentityProvider | None:
    """Return the active provider `pk` (a login in progress), or None."""
    return IdentityProvider.objects.filter(pk=pk, is_active=True).first()


def institutions_managed(*, user: Any) -> QuerySet[Institution]:
    """Return the institutions whose identity providers `user` configures (coordinators)."""
    return Institution.objects.filter(
        pk__in=permissions.institution_ids_with(user, "sso.manage")
    ).order_by("name")


def providers_managed(*, user: Any) -> QuerySet[IdentityProvider]:
    """Return the providers `user` configures, with their institutions."""
    return (
        IdentityProvider.objects.filter(
            institution_id__in=permissions.institution_ids_with(user, "sso.manage")
        )
        .select_related("institution")
        .order_by("institution__name", "label")
    )


def provider_managed_get(*, user: Any, pk: int) -> IdentityProvider:
    """Return provider `pk` if `user` configures it, or raise Http404."""
    provider = providers_managed(user=user).filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider
