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

import contextlib
import itertools
from collections.abc import Callable, Collection, Hashable
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import connection
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
            # knowledge: the library, standards, benchmark, discussions (moderation)
            "knowledge.read",
            "knowledge.write",
            "knowledge.comment",
            "knowledge.moderate",
            "standards.manage",
            "assessment.view_status",
            "benchmark.view",
            # single sign-on: the identity providers of the network's members
            "sso.manage",
            # trainings: the programme and network meetings (issue 15)
            "training.attend",
            "training.manage",
            # the public site: pages, news, stories, contact messages (issue 16)
            "public.edit",
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
            "knowledge.read",
            "knowledge.write",
            "knowledge.comment",
            "assessment.submit",
            "benchmark.view",
            "training.attend",
            # the institution's webhooks (api/webhooks): its own staff, not the coordinator
            "webhook.manage",
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
            "knowledge.read",
            "knowledge.comment",
            "webhook.manage",
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


# --- Per-request memo ----------------------------------------------------------
#
# A page asks "may this user...?" many times (the coordinator's dashboard
# calls `institution_ids_with` eight times, every page `user_roles`), and each
# answer was a query. During a request `PermissionMemoMiddleware` gives the
# request's user object a memo: the user's roles and the current members of
# the networks they coordinate are read once and answer every check of that
# request; the memo is dropped when the request ends (no permission is kept
# from one request to the next). Saving or deleting a role, a membership or a
# network (signals, `accounts.signals`) invalidates every memo, so a request
# that grants a role sees it at once. A change made inside a transaction may
# still be rolled back: until that transaction ends, checks read the database
# and remember nothing, so a rolled-back grant is never remembered. Without
# a memo (commands, services called directly, a token's user) every call reads
# the database.

MEMO_ATTRIBUTE = "_permission_memo"
# On the (per-thread) connection: the transaction in which a role, a membership or a network
# changed; while it is open, memos are not used.
_CHANGED_IN = "_dualcareer_roles_changed_in"
_changes = itertools.count(1)
_generation = 0


def _open_transaction() -> Any | None:
    """The outermost open `atomic` block of this thread's connection (a test case's aside)."""
    for block in connection.atomic_blocks:
        if not getattr(block, "_from_testcase", False):
            return block
    return None


def roles_changed(**kwargs: Any) -> None:
    """Invalidate every memo: a role, a membership or a network was saved or deleted."""
    global _generation
    _generation = next(_changes)
    block = _open_transaction()
    if block is not None:  # it may yet be rolled back: remember nothing until it ends
        setattr(connection, _CHANGED_IN, block)


def memo_start(user: Any) -> None:
    """Let `user` (the request's user object) remember its permission reads until `memo_end`."""
    setattr(user, MEMO_ATTRIBUTE, {})


def memo_end(user: Any) -> None:
    """Drop the memo `memo_start` gave `user`."""
    with contextlib.suppress(AttributeError):
        delattr(user, MEMO_ATTRIBUTE)


def _memo(user: Any) -> dict[str, Any] | None:
    """The user object's memo (emptied when roles changed since it was filled), or None."""
    memo: dict[str, Any] | None = getattr(user, MEMO_ATTRIBUTE, None)
    if memo is None:
        return None
    if memo.get("generation") != _generation:
        memo.clear()
        memo["generation"] = _generation
    changed_in = getattr(connection, _CHANGED_IN, None)
    if changed_in is not None:
        if changed_in is _open_transaction():
            return None  # a change that may be rolled back: read, do not remember
        setattr(connection, _CHANGED_IN, None)  # that transaction has ended
    return memo


def _memo_roles(user: Any, memo: dict[str, Any]) -> list[tuple[int, str]]:
    """(institution id, role) of every role `user` holds, read once per memo."""
    if "held" not in memo:
        memo["held"] = list(
            InstitutionRole.objects.filter(user=user).values_list("institution_id", "role")
        )
    held: list[tuple[int, str]] = memo["held"]
    return held


def _held_roles(user: Any, roles: Collection[str]) -> list[tuple[int, str]]:
    """(institution id, role) of each of `user`'s roles among `roles`."""
    memo = _memo(user)
    if memo is None:
        return list(
            InstitutionRole.objects.filter(user=user, role__in=roles).values_list(
                "institution_id", "role"
            )
        )
    return [item for item in _memo_roles(user, memo) if item[1] in roles]


def memoised(user: Any, key: Hashable, read: Callable[[], frozenset[int]]) -> frozenset[int]:
    """`read()`, remembered for the request in `user`'s memo (read every time without one).

    Only for reads of roles, network memberships and networks: the memo is
    emptied when any of them is saved or deleted, so nothing else would be
    noticed.
    """
    memo = _memo(user) if user is not None else None
    if memo is None:
        return read()
    reads: dict[Hashable, frozenset[int]] = memo.setdefault("reads", {})
    if key not in reads:
        reads[key] = read()
    return reads[key]


def _current_members(user: Any, coordinating: set[int]) -> set[int]:
    """The current members of the networks that the institutions `coordinating` coordinate."""
    from dualcareer.network.models import NetworkMembership

    def read() -> frozenset[int]:
        return frozenset(
            NetworkMembership.objects.current()
            .filter(network__coordinating_institution_id__in=coordinating)
            .values_list("institution_id", flat=True)
        )

    return set(memoised(user, ("current_members", frozenset(coordinating)), read))


def institution_ids_with(user: Any, perm: str) -> set[int]:
    """Return the ids of the institutions at which `user` holds `perm`."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    roles = roles_with(perm)
    if not roles:
        return set()
    ids: set[int] = set()
    coordinating: set[int] = set()
    for institution_id, role in _held_roles(user, roles):
        ids.add(institution_id)
        if role == Role.COORDINATOR:
            coordinating.add(institution_id)
    if coordinating:
        ids |= _current_members(user, coordinating)
    return ids


def held_institution_ids(user: Any, perm: str) -> set[int]:
    """Return the ids of the institutions where `user` holds `perm` through a role held there.

    Unlike `institution_ids_with`, a coordinator's reach over the members of
    their network does not count (writing in the name of one's own institution).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    roles = roles_with(perm)
    return (
        {institution_id for institution_id, _role in _held_roles(user, roles)} if roles else set()
    )


def network_ids_coordinated_by(user: Any) -> set[int]:
    """Return the ids of the networks that `user` coordinates."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    from dualcareer.network.models import Network

    memo = _memo(user)
    if memo is None:
        institution_ids = InstitutionRole.objects.filter(user=user, role=Role.COORDINATOR).values(
            "institution_id"
        )
        return set(
            Network.objects.filter(coordinating_institution_id__in=institution_ids).values_list(
                "id", flat=True
            )
        )
    if "networks" not in memo:
        coordinating = {i for i, _ in _held_roles(user, (Role.COORDINATOR,))}
        memo["networks"] = frozenset(
            Network.objects.filter(coordinating_institution_id__in=coordinating).values_list(
                "id", flat=True
            )
            if coordinating
            else ()
        )
    return set(memo["networks"])


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
    memo = _memo(user)
    if memo is not None:
        roles = {role for _, role in _memo_roles(user, memo)}
    else:
        roles = set(InstitutionRole.objects.filter(user=user).values_list("role", flat=True))
    if user.is_partner:
        roles.add("partner")
    return roles


# --- Giving roles -----------------------------------------------------------
#
# Who may give which role at which institution. A role is given by the holders
# of these roles *at that same institution* (never by a role elsewhere):
#
# - officer: only the institution's own officers. An officer sees its cases,
#   so nobody from outside (coordinators included) may make someone one.
# - employer contact: the institution's officers or its employer contacts (a
#   company's contact adds a colleague; a university's officers name the
#   person who posts its openings).
# - coordinator: never through the platform's pages (administrators only).
#
# Start-up rule: a coordinator of a network the institution is a current
# member of may give the *first* holder of a role, and only while nobody at
# the institution holds a role that could give it and the institution keeps
# no partner data (cases, introductions to its openings, network requests it
# received). The officer role moreover only goes to an institution that
# offers a Dual Career service; employers get employer contacts.
#
# Nobody ever gives a role to themselves. Approving an application follows
# the same start-up rule (`coordinator_may_grant`).
ROLE_GRANTORS: dict[str, frozenset[str]] = {
    Role.OFFICER: frozenset({Role.OFFICER}),
    Role.EMPLOYER: frozenset({Role.OFFICER, Role.EMPLOYER}),
}

# Models whose rows at an institution are partner data (app label, model, path to the institution).
_PARTNER_DATA: tuple[tuple[str, str, str], ...] = (
    ("cases", "Case", "institution"),
    ("exchange", "Introduction", "opening__institution"),
    ("exchange", "NetworkRequestRecipient", "institution"),
)


def _is_active_staff(user: Any) -> bool:
    return (
        bool(getattr(user, "is_authenticated", False))
        and bool(user.is_active)
        and not user.is_partner
    )


def holds_partner_data(institution: Model) -> bool:
    """Return whether `institution` keeps data about partners (cases, introductions, requests)."""
    for app_label, model_name, path in _PARTNER_DATA:
        if not apps.is_installed(f"dualcareer.{app_label}"):
            continue
        model = apps.get_model(app_label, model_name)
        if model._default_manager.filter(**{path: institution}).exists():
            return True
    return False


def role_fits(role: str, organisation: Any) -> bool:
    """Return whether `role` suits the organisation (an institution or an application).

    The officer role (counselling partners, with their cases) only suits an
    organisation that offers a Dual Career service; any member may have
    employer contacts.
    """
    if role == Role.OFFICER:
        return bool(getattr(organisation, "offers_dual_career_service", False))
    return role == Role.EMPLOYER


def coordinator_may_grant(
    institution: Model | None, role: str, *, organisation: Any = None
) -> bool:
    """Return whether the start-up rule lets a coordinator give `role` at `institution`.

    `institution` None means one that is about to be created (on approval of
    an application, described by `organisation`). An existing institution
    qualifies only while nobody there holds a role that could give `role`
    and it keeps no partner data.
    """
    if role not in ROLE_GRANTORS:
        return False
    if not role_fits(role, organisation if organisation is not None else institution):
        return False
    if institution is None:
        return True
    has_grantors = InstitutionRole.objects.filter(
        institution_id=institution.pk, role__in=ROLE_GRANTORS[role]
    ).exists()
    return not has_grantors and not holds_partner_data(institution)


def may_grant_role(user: Any, institution: Model, role: str, *, grantee: Any = None) -> bool:
    """Return whether `user` may give `role` at `institution` (to `grantee`, if known).

    See ROLE_GRANTORS above: the institution's own holders of a granting role
    may; a coordinator reaching the institution only under the start-up rule;
    nobody to themselves.
    """
    if not _is_active_staff(user) or role not in ROLE_GRANTORS:
        return False
    if grantee is not None and grantee.pk == user.pk:
        return False
    own = InstitutionRole.objects.filter(
        user=user, institution_id=institution.pk, role__in=ROLE_GRANTORS[role]
    ).exists()
    if own:
        return True
    return has(user, "institution.manage_users", institution) and coordinator_may_grant(
        institution, role
    )


def grantable_roles(user: Any, institution: Model) -> list[str]:
    """Return the roles `user` may give at `institution`, in the order of ROLE_GRANTORS."""
    return [role for role in ROLE_GRANTORS if may_grant_role(user, institution, role)]


def may_manage_users(user: Any, institution: Model) -> bool:
    """Return whether `user` may see who holds roles at `institution` (and manage them).

    The institution's own officers and employer contacts, and the coordinators
    who reach it. What each may give or take away is `may_grant_role` and
    `may_revoke_role`.
    """
    if not _is_active_staff(user):
        return False
    own = InstitutionRole.objects.filter(
        user=user, institution_id=institution.pk, role__in=list(ROLE_GRANTORS)
    ).exists()
    return own or has(user, "institution.manage_users", institution)


def may_revoke_role(user: Any, role: InstitutionRole) -> bool:
    """Return whether `user` may take `role` away (never their own).

    The holders of a role that may give it at that institution may also take
    it away; a coordinator who reaches the institution may take away any
    role there (taking away gives nobody access).
    """
    if not _is_active_staff(user) or role.user_id == user.pk:
        return False
    grantors = ROLE_GRANTORS.get(role.role, frozenset())
    own = InstitutionRole.objects.filter(
        user=user, institution_id=role.institution_id, role__in=grantors
    ).exists()
    return own or has(user, "institution.manage_users", role.institution)
