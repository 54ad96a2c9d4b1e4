"""Reads about networks, members, statements and applications, scoped to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, Role
from dualcareer.network.models import (
    Application,
    Contact,
    Institution,
    Network,
    NetworkMembership,
    Sector,
    ServiceProvision,
    Signature,
    StatementVersion,
)
from dualcareer.network.validation import name_key as _name_key


def _current_membership_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}joined_on__lte": today}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": today})
    )


def network_list() -> QuerySet[Network]:
    """Return all networks with their number of current members, national ones first, by name.

    The order is explicit: Django leaves a model's default ordering out of a
    query with an aggregate (the member count), so the list would come in
    whatever order the database chose, and pages of it could overlap.
    """
    return (
        Network.objects.select_related("parent", "coordinating_institution")
        .annotate(
            member_count=Count(
                "memberships", filter=_current_membership_q("memberships__"), distinct=True
            )
        )
        .order_by("kind", "name", "pk")  # Network.Meta.ordering, and the key between equals
    )


def public_counts() -> dict[str, int]:
    """Return headline figures for the start page."""
    return {
        "institutions": Institution.objects.filter(is_active=True).count(),
        "networks": Network.objects.count(),
    }


SERVICE_FILTERS = {
    "dual_career": Q(offers_dual_career_service=True),
    "family": Q(offers_family_service=True),
    ServiceProvision.IN_HOUSE.value: Q(service_provision=ServiceProvision.IN_HOUSE),
    ServiceProvision.JOINT_LOCAL.value: Q(service_provision=ServiceProvision.JOINT_LOCAL),
}


@dataclass(frozen=True)
class DirectoryFilter:
    """The directory's and map's filters; empty strings mean "any"."""

    q: str = ""
    sector: str = ""
    city: str = ""
    service: str = ""
    network: str = ""


def member_directory(*, filters: DirectoryFilter | None = None) -> QuerySet[Institution]:
    """Return the active institutions that are current members of a network (public).

    Each carries `current_memberships` (with their networks) for display.
    """
    filters = filters or DirectoryFilter()
    current = NetworkMembership.objects.current()
    if filters.network:
        current = current.filter(network__slug=filters.network)
    institutions = Institution.objects.filter(is_active=True).filter(
        Exists(current.filter(institution=OuterRef("pk")))
    )
    if filters.q:
        term = filters.q.strip()
        institutions = institutions.filter(
            Q(name__icontains=term) | Q(name_en__icontains=term) | Q(short_name__icontains=term)
        )
    if filters.sector in Sector.values:
        institutions = institutions.filter(sector=filters.sector)
    if filters.city:
        institutions = institutions.filter(city__iexact=filters.city)
    if filters.service in SERVICE_FILTERS:
        institutions = institutions.filter(SERVICE_FILTERS[filters.service])
    return institutions.prefetch_related(
        Prefetch(
            "memberships",
            queryset=NetworkMembership.objects.current().select_related("network"),
            to_attr="current_memberships",
        ),
        "contacts",
    ).order_by("name")


def directory_cities() -> list[str]:
    """Return the cities in which current members are located, sorted."""
    cities = (
        Institution.objects.filter(is_active=True)
        .filter(Exists(NetworkMembership.objects.current().filter(institution=OuterRef("pk"))))
        .values_list("city", flat=True)
        .distinct()
    )
    return sorted(set(cities), key=str.casefold)


def map_points(*, filters: DirectoryFilter | None = None) -> list[dict[str, Any]]:
    """Return the located directory entries as plain data for the map."""
    points = []
    for institution in member_directory(filters=filters):
        if institution.latitude is None or institution.longitude is None:
            continue
        points.append(
            {
                "slug": institution.slug,
                "url": reverse("network:institution_detail", kwargs={"slug": institution.slug}),
                "name": institution.display_name,
                "sector": str(institution.get_sector_display()),
                "city": institution.city,
                "lat": float(institution.latitude),
                "lon": float(institution.longitude),
            }
        )
    return points


def institution_public(*, slug: str) -> Institution | None:
    """Return an institution whose page is public: a current or former member or signatory."""
    return (
        Institution.objects.filter(slug=slug, is_active=True)
        .filter(Q(memberships__isnull=False) | Q(signatures__isnull=False))
        .distinct()
        .first()
    )


def institution_memberships(*, institution: Institution) -> QuerySet[NetworkMembership]:
    """Return all memberships of `institution`, current and former, newest first."""
    return institution.memberships.select_related("network").order_by("-joined_on")


def institution_signatures(*, institution: Institution) -> QuerySet[Signature]:
    """Return the statement versions `institution` signed, with their networks."""
    return institution.signatures.select_related("version__network").order_by("-signed_on")


def network_public(*, slug: str) -> Network | None:
    """Return a network by slug with its coordinating institution."""
    return network_list().filter(slug=slug).first()


def network_members(*, network: Network) -> QuerySet[NetworkMembership]:
    """Return the current memberships of `network`, by institution name."""
    return (
        network.memberships.current()
        .filter(institution__is_active=True)
        .select_related("institution")
        .order_by("institution__name")
    )


def network_former_members(*, network: Network) -> QuerySet[NetworkMembership]:
    """Return the ended memberships of `network`, most recent first."""
    today = timezone.localdate()
    return (
        network.memberships.filter(left_on__lte=today)
        .select_related("institution")
        .order_by("-left_on", "institution__name")
    )


def statement_versions(*, network: Network) -> QuerySet[StatementVersion]:
    """Return the published versions of the network's statement, newest first, with signatures."""
    return (
        network.statement_versions.filter(published_on__lte=timezone.localdate())
        .order_by("-number")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=Signature.objects.select_related("institution").order_by(
                    "signed_on", "institution__name"
                ),
            )
        )
    )


def application_list(*, user: Any, status: str = "") -> QuerySet[Application]:
    """Return the applications to the networks `user` coordinates (open ones first)."""
    network_ids = permissions.network_ids_coordinated_by(user)
    if not network_ids or not permissions.has(user, "application.decide"):
        return Application.objects.none()
    applications = Application.objects.filter(network_id__in=network_ids).select_related(
        "network", "institution"
    )
    if status == "open":
        applications = applications.filter(status__in=Application.OPEN_STATUSES)
    elif status in Application.Status.values:
        applications = applications.filter(status=status)
    return applications.order_by("created_at")


def application_get(*, user: Any, public_id: Any) -> Application | None:
    """Return one application if `user` coordinates its network."""
    return (
        application_list(user=user).prefetch_related("messages").filter(public_id=public_id).first()
    )


def application_by_token(*, token: str) -> Application | None:
    """Return the application reached through the applicant's secret reply link.

    The link may have expired or been used up: check `reply_link_is_valid`.
    """
    if not token or len(token) > 64:
        return None
    return Application.objects.select_related("network").filter(reply_token=token).first()


def institution_matching(*, name_key: str) -> Institution | None:
    """Return the registered institution whose (German or English) name has `name_key`."""
    for institution in Institution.objects.only("id", "name", "name_en"):
        if name_key in {_name_key(institution.name), _name_key(institution.name_en or "")}:
            return Institution.objects.get(pk=institution.pk)
    return None


@dataclass(frozen=True)
class ApprovalOptions:
    """What the coordinator chooses from when approving an application."""

    existing: Institution | None  # a registered institution with the same name
    roles: list[str]  # roles the contact person may get (may be empty)
    default_role: str  # "" for no role
    existing_users: int = 0
    existing_was_member: bool = False
    existing_holds_partner_data: bool = False


def application_approval_options(*, user: Any, application: Application) -> ApprovalOptions | None:
    """Return the choices for approving `application`, if `user` coordinates its network."""
    if application.network_id not in permissions.network_ids_coordinated_by(user):
        return None
    existing = institution_matching(name_key=application.name_key)
    organisation: Any = existing if existing is not None else application
    roles = [
        role
        for role in permissions.ROLE_GRANTORS
        if permissions.coordinator_may_grant(existing, role, organisation=organisation)
    ]
    if Role.OFFICER in roles and organisation.sector not in Sector.employers():
        default = Role.OFFICER.value
    else:
        default = Role.EMPLOYER.value if Role.EMPLOYER in roles else ""
    if existing is None:
        return ApprovalOptions(existing=None, roles=roles, default_role=default)
    return ApprovalOptions(
        existing=existing,
        roles=roles,
        default_role=default,
        existing_users=existing.user_roles.values("user").distinct().count(),
        existing_was_member=existing.memberships.exists(),
        existing_holds_partner_data=permissions.holds_partner_data(existing),
    )


def institutions_editable_by(*, user: Any) -> QuerySet[Institution]:
    """Return the institutions whose profile `user` may edit."""
    ids = permissions.institution_ids_with(user, "institution.edit")
    return Institution.objects.filter(id__in=ids).order_by("name")


def institution_for_editing(*, user: Any, slug: str) -> Institution | None:
    """Return the institution `slug` if `user` may edit it."""
    return institutions_editable_by(user=user).filter(slug=slug).first()


def institution_roles(*, user: Any, institution: Institution) -> QuerySet[InstitutionRole]:
    """Return the users' roles at `institution` if `user` may manage its users."""
    if not permissions.may_manage_users(user, institution):
        return InstitutionRole.objects.none()
    return institution.user_roles.select_related("user").order_by("user__email", "role")


def memberships_manageable(*, user: Any, network: Network) -> list[NetworkMembership]:
    """Return the current memberships of `network` that `user` may end."""
    from dualcareer.network.services._common import may_end_membership

    if not getattr(user, "is_authenticated", False):
        return []
    return [m for m in network_members(network=network) if may_end_membership(user, m)]


def own_institutions_editable(*, user: Any) -> list[Institution]:
    """Return the institutions where `user` holds a role themself and may edit the profile."""
    if not getattr(user, "is_authenticated", False):
        return []
    own = InstitutionRole.objects.filter(user=user).values("institution_id")
    return list(institutions_editable_by(user=user).filter(id__in=own))


def institutions_that_may_sign(
    *, user: Any, network: Network, version: StatementVersion | None
) -> list[Institution]:
    """Return `user`'s own member institutions that have not yet signed `version`."""
    if version is None:
        return []
    members = set(network.memberships.current().values_list("institution_id", flat=True))
    signed = set(version.signatures.values_list("institution_id", flat=True))
    return [
        institution
        for institution in own_institutions_editable(user=user)
        if institution.pk in members and institution.pk not in signed
    ]


# --- reads for the pages (views call these, never the ORM) --------------------


def institution_by_slug(*, slug: str) -> Institution | None:
    """Return the institution `slug` (any, active or not); the caller checks the permission."""
    return Institution.objects.filter(slug=slug).first()


def institution_contacts(*, institution: Institution) -> QuerySet[Contact]:
    """Return the contacts of `institution` (for its editors)."""
    return institution.contacts.all()


def contact_of(*, institution: Institution, pk: Any) -> Contact:
    """Return the contact `pk` of `institution`, or raise Http404."""
    contact = Contact.objects.filter(pk=pk, institution=institution).first()
    if contact is None:
        raise Http404
    return contact


def role_of(*, institution: Institution, pk: Any) -> InstitutionRole:
    """Return the role `pk` held at `institution`, or raise Http404."""
    role = InstitutionRole.objects.filter(pk=pk, institution=institution).first()
    if role is None:
        raise Http404
    return role


def membership_get(*, pk: Any) -> NetworkMembership:
    """Return the membership `pk` with its network and institution, or raise Http404."""
    membership = (
        NetworkMembership.objects.select_related("network", "institution").filter(pk=pk).first()
    )
    if membership is None:
        raise Http404
    return membership


def network_choices() -> list[tuple[str, str]]:
    """Return (slug, name) of every network, for the directory's filter."""
    return [(n.slug, n.display_name) for n in Network.objects.all()]


def network_children(*, network: Network) -> QuerySet[Network]:
    """Return the networks below `network`, with their member counts."""
    return network_list().filter(parent=network)


def application_lists(*, user: Any) -> tuple[QuerySet[Application], QuerySet[Application]]:
    """Return the coordinator's open applications and the last 100 decided ones."""
    applications = application_list(user=user)
    return (
        applications.filter(status__in=Application.OPEN_STATUSES),
        applications.exclude(status__in=Application.OPEN_STATUSES).order_by("-decided_at")[:100],
    )


def application_question(*, application: Application) -> Any:
    """Return the coordinator's last question on `application` (shown on the reply page)."""
    return application.messages.filter(author_kind="coordinator").last()
