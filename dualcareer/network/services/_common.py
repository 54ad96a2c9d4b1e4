"""Helpers the network services share: recipients, links, slugs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.network.models import Institution, Network, NetworkMembership

# Slugs that would collide with fixed paths under /network/members/.
RESERVED_SLUGS = {"map", "data", "apply", "edit"}


def absolute_url(path_name: str, *, language: str, **kwargs: Any) -> str:
    """Return an absolute URL of `path_name` in `language` (German without prefix)."""
    with translation.override(language):
        return settings.SITE_URL + reverse(path_name, kwargs=kwargs or None)


def set_password_url(user: User) -> str:
    """Return a one-time link (Django's password-reset token) to choose a password."""
    return absolute_url(
        "accounts:password_reset_confirm",
        language=user.language,
        uidb64=urlsafe_base64_encode(force_bytes(user.pk)),
        token=default_token_generator.make_token(user),
    )


def coordinators_of(network: Network) -> list[User]:
    """Return the active users who coordinate `network`."""
    if not network.coordinating_institution_id:
        return []
    roles = InstitutionRole.objects.filter(
        institution_id=network.coordinating_institution_id,
        role=Role.COORDINATOR,
        user__is_active=True,
    ).select_related("user")
    return [role.user for role in roles]


def unique_slug(name: str) -> str:
    """Return a slug for a new institution that no other institution uses."""
    base = (slugify(name) or "institution")[:70].strip("-")
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Institution.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def require_coordinator(user: Any, perm: str, network: Network) -> None:
    """Raise PermissionDenied unless `user` holds `perm` as a coordinator of `network` itself.

    Checked at network level: holding coordinator rights at a member
    institution of some other network is not enough.
    """
    permissions.require(user, perm, network)
    if network.pk not in permissions.network_ids_coordinated_by(user):
        raise PermissionDenied(perm)


def may_end_membership(user: Any, membership: NetworkMembership) -> bool:
    """Return whether `user` may end `membership`.

    The institution's own officers may leave; a coordinator may end memberships
    of the network they coordinate, not of other networks their members belong to.
    """
    if not permissions.has(user, "membership.leave", membership):
        return False
    own_roles = permissions.roles_with("membership.leave")
    is_own = InstitutionRole.objects.filter(
        user=user, institution_id=membership.institution_id, role__in=own_roles
    ).exists()
    return is_own or membership.network_id in permissions.network_ids_coordinated_by(user)
