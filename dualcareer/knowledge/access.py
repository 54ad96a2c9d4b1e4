"""Who belongs to the knowledge pages: members of a network, through their institutions.

A *member* here is a person with a role at an institution that is a current
member of a network (or the network's coordinator). Members-only articles
are read by members of a network the author institution is a current member
of; discussions, standards and the benchmark belong to one network. Selectors
and services both ask this module; `accounts.permissions` names the
permissions.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from dualcareer.accounts import permissions
from dualcareer.network.models import Institution, Network, NetworkMembership


def _current_member_ids(user: Any, institution_ids: set[int]) -> set[int]:
    """Those of `institution_ids` that are a current member of a network (once per request)."""
    if not institution_ids:
        return set()

    def read() -> frozenset[int]:
        return frozenset(
            NetworkMembership.objects.current()
            .filter(institution_id__in=institution_ids)
            .values_list("institution_id", flat=True)
        )

    return set(permissions.memoised(user, ("current_member_ids", frozenset(institution_ids)), read))


def reader_institution_ids(user: Any, perm: str = "knowledge.read") -> set[int]:
    """Current member institutions at which `user` holds `perm` (coordinators: their members)."""
    return _current_member_ids(user, permissions.institution_ids_with(user, perm))


def own_institution_ids(user: Any, perm: str) -> set[int]:
    """Current member institutions where `user` holds `perm` through a role held *there*.

    A coordinator's reach over the members does not count: an article, a
    comment or a self-assessment is written in the name of one's own institution.
    """
    return _current_member_ids(user, permissions.held_institution_ids(user, perm))


def own_institutions(user: Any, perm: str) -> list[Institution]:
    return list(Institution.objects.filter(pk__in=own_institution_ids(user, perm)))


def member_network_ids(user: Any, perm: str = "knowledge.read") -> set[int]:
    """Networks in which a reader institution of `user` is a current member; coordinated ones."""
    ids = set(
        NetworkMembership.objects.current()
        .filter(institution_id__in=permissions.institution_ids_with(user, perm))
        .values_list("network_id", flat=True)
    )
    if permissions.has(user, perm):
        ids |= permissions.network_ids_coordinated_by(user)
    return ids


def peer_institution_ids(user: Any) -> set[int]:
    """Institutions sharing a current network with the reader's institutions (their own too)."""
    readers = reader_institution_ids(user)
    if not readers:
        return set()
    networks = (
        NetworkMembership.objects.current().filter(institution_id__in=readers).values("network_id")
    )
    peers = set(
        NetworkMembership.objects.current()
        .filter(network_id__in=networks)
        .values_list("institution_id", flat=True)
    )
    return peers | readers


def is_member(user: Any) -> bool:
    return bool(reader_institution_ids(user))


def require_member(user: Any) -> None:
    if not is_member(user):
        raise PermissionDenied("knowledge.read")


def require_network_member(user: Any, network: Network, perm: str = "knowledge.read") -> None:
    if network.pk not in member_network_ids(user, perm):
        raise PermissionDenied(perm)


def coordinates(user: Any, network: Network) -> bool:
    return network.pk in permissions.network_ids_coordinated_by(user)


def require_coordinator(user: Any, network: Network, perm: str) -> None:
    """Raise unless `user` holds `perm` as a coordinator of `network` itself."""
    if not permissions.has(user, perm, network) or not coordinates(user, network):
        raise PermissionDenied(perm)


def member_institution_ids_of(network: Network) -> set[int]:
    return set(
        NetworkMembership.objects.current()
        .filter(network=network)
        .values_list("institution_id", flat=True)
    )
