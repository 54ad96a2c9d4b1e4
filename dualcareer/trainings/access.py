"""Who sees, attends and manages the programme of a network.

- *members*: people holding `training.attend` at a current member institution
  of the network (officers, and the coordinators at their own institution);
- *partners* (clients) with an account may attend trainings for partners;
- everybody may see and attend public formats (anonymous visitors with name
  and e-mail address, confirmed by e-mail);
- the network's coordinators (`training.manage` at the coordinating
  institution) see drafts, edit, publish, cancel and manage participants.

Services and selectors both ask this module.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole
from dualcareer.network.models import Network, NetworkMembership
from dualcareer.trainings.models import Audience, Status, Training


def member_network_ids(user: Any) -> set[int]:
    """Networks in which `user` holds `training.attend` at a current member (or coordinates)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    roles = permissions.roles_with("training.attend")
    own = InstitutionRole.objects.filter(user=user, role__in=roles).values("institution_id")
    ids = set(
        NetworkMembership.objects.current()
        .filter(institution_id__in=own)
        .values_list("network_id", flat=True)
    )
    return ids | coordinated_network_ids(user)


def coordinated_network_ids(user: Any) -> set[int]:
    """Networks whose programme `user` manages."""
    if not permissions.has(user, "training.manage"):
        return set()
    return permissions.network_ids_coordinated_by(user)


def is_partner(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_partner)


def audiences_for(user: Any, network_id: int, members: set[int] | None = None) -> set[str]:
    """The audiences of `network_id`'s trainings that `user` belongs to."""
    members = member_network_ids(user) if members is None else members
    audiences = {Audience.PUBLIC.value}
    if network_id in members or is_partner(user):
        audiences.add(Audience.PARTNERS.value)
    if network_id in members:
        audiences.add(Audience.OFFICERS.value)
    return audiences


def manages(user: Any, network: Network | int) -> bool:
    network_id = network if isinstance(network, int) else network.pk
    return network_id in coordinated_network_ids(user)


def require_manager(user: Any, network: Network) -> None:
    """Raise unless `user` coordinates `network` and holds `training.manage` there."""
    if not manages(user, network) or not permissions.has(user, "training.manage", network):
        raise PermissionDenied("training.manage")


def may_see(user: Any, training: Training) -> bool:
    if manages(user, training.network_id):
        return True
    if training.status == Status.DRAFT:
        return False
    return training.audience in audiences_for(user, training.network_id)


def may_register(user: Any, training: Training) -> bool:
    """Whether `user` (anonymous: only for public formats) belongs to the training's audience."""
    if training.status != Status.PUBLISHED:
        return False
    return training.audience in audiences_for(user, training.network_id)


def may_read_documents(user: Any, training: Training, *, participant: bool) -> bool:
    """Whether `user` may download the shared documents of `training`.

    The network's coordinators (all documents, shared or not), the members of
    the network (officers and coordinators of member institutions) and the
    training's confirmed participants (`participant`). Never anonymous visitors.
    """
    if manages(user, training.network_id):
        return True
    if training.status == Status.DRAFT or not getattr(user, "is_authenticated", False):
        return False
    return participant or training.network_id in member_network_ids(user)
