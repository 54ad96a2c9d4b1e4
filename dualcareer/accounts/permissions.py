"""The one place that answers "may this user do that?".

Permissions are named strings (`"case.view"`). A user holds a permission at
an institution through a role there (`InstitutionRole`); a coordinator holds
the coordinator permissions at their own institution and at every current
member of the networks their institution coordinates. Partners hold the
partner permissions on objects that belong to them (an object with a
`partner_user_id`, or the user object itself).

Services call `require(user, perm, obj)`; selectors call
`institution_ids_with(user, perm)` to scope their querysets. Apps add their
permission names to ROLE_PERMISSIONS below, nowhere else.

This lives in `accounts` rather than `core` (as architecture.md first had
it) because it needs the roles, which are accounts' models; `core` stays free
of any other app.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model

from dualcareer.accounts.models import InstitutionRole, Role

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.COORDINATOR: frozenset(
        {
            "audit.view",
            "network.manage",
            "institution.view_internal",
            "institution.edit",
            "institution.manage_users",
            "reports.view_network",
            "application.decide",
            "statement.manage",
            "membership.leave",
            "opening.view_network",
            "opening.view_officers",
            "case.view_counts",
            "process.manage_network",
        }
    ),
    Role.OFFICER: frozenset(
        {
            "institution.view_internal",
            "institution.edit",
            "case.view",
            "case.edit",
            "case.create",
            "case.export",
            "case.erase",
            "process.manage",
            "opening.create",
            "opening.edit",
            "introduction.create",
            "audit.view_own",
            "membership.leave",
            "opening.view_network",
            "opening.view_officers",
            "opening.import",
            "network_request.create",
            "network_request.answer",
        }
    ),
    Role.EMPLOYER: frozenset(
        {
            "institution.view_internal",
            "opening.create",
            "opening.edit",
            "introduction.answer",
            "opening.view_network",
            "opening.import",
            "network_request.answer",
        }
    ),
}

# What a partner may do with what is theirs.
PARTNER_PERMISSIONS: frozenset[str] = frozenset(
    {
        "case.view_own",
        "profile.edit_own",
        "consent.manage_own",
        "data.export_own",
        "data.erase_own",
    }
)

ALL_PERMISSIONS: frozenset[str] = (
    frozenset().union(*ROLE_PERMISSIONS.values()) | PARTNER_PERMISSIONS
)


def _check_name(perm: str) -> None:
    if perm not in ALL_PERMISSIONS:
        raise ValueError(f"unknown permission {perm!r}; add it to ROLE_PERMISSIONS")


def roles_with(perm: str) -> list[str]:
    """Return the roles that grant `perm`."""
    _check_name(perm)
    return [role for role, perms in ROLE_PERMISSIONS.items() if perm in perms]


def institution_ids_with(user: Any, perm: str) -> set[int]:
    """Return the ids of the institutions at which `user` holds `perm`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    roles = roles_with(perm)
    if not roles:
        return set()
    held = InstitutionRole.objects.filter(user=user, role__in=roles).values_list(
        "institution_id", "role"
    )
    ids: set[int] = set()
    coordinating: set[int] = set()
    for institution_id, role in held:
        ids.add(institution_id)
        if role == Role.COORDINATOR:
            coordinating.add(institution_id)
    if coordinating:
        from dualcareer.network.models import NetworkMembership

        ids |= set(
            NetworkMembership.objects.current()
            .filter(network__coordinating_institution_id__in=coordinating)
            .values_list("institution_id", flat=True)
        )
    return ids


def network_ids_coordinated_by(user: Any) -> set[int]:
    """Return the ids of the networks that `user` coordinates."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    from dualcareer.network.models import Network

    institution_ids = InstitutionRole.objects.filter(user=user, role=Role.COORDINATOR).values(
        "institution_id"
    )
    return set(
        Network.objects.filter(coordinating_institution_id__in=institution_ids).values_list(
            "id", flat=True
        )
    )


def _institution_ids_of(obj: Model) -> set[int]:
    """Return the institutions an object belongs to, for scoping checks."""
    label = obj._meta.label
    if label == "network.Institution":
        return {int(obj.pk)}
    if label == "network.Network":
        coordinating = getattr(obj, "coordinating_institution_id", None)
        return {coordinating} if coordinating else set()
    scope = getattr(obj, "permission_institution_ids", None)
    if callable(scope):
        return set(scope())
    institution_id = getattr(obj, "institution_id", None)
    return {institution_id} if institution_id is not None else set()


def has(user: Any, perm: str, obj: Model | None = None) -> bool:
    """Return whether `user` holds `perm`, on `obj` if one is given."""
    _check_name(perm)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if perm in PARTNER_PERMISSIONS:
        if obj is None:
            return bool(user.is_partner)
        owner_id = (
            obj.pk if obj._meta.label == "accounts.User" else getattr(obj, "partner_user_id", None)
        )
        return owner_id is not None and owner_id == user.pk
    held = institution_ids_with(user, perm)
    if obj is None:
        return bool(held)
    return bool(held & _institution_ids_of(obj))


def require(user: Any, perm: str, obj: Model | None = None) -> None:
    """Raise PermissionDenied unless `user` holds `perm` (on `obj`)."""
    if not has(user, perm, obj):
        raise PermissionDenied(perm)


def user_roles(user: Any) -> set[str]:
    """Return the role names the user holds anywhere (plus 'partner' for partners)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    roles = set(InstitutionRole.objects.filter(user=user).values_list("role", flat=True))
    if user.is_partner:
        roles.add("partner")
    return roles
