"""Reads about cases, always scoped to the user who reads.

Officers read the cases of the institutions where they hold "case.view";
confidential cases only when they are assigned to them. Partners read their
own case (never internal notes). The counselling log of a case has one rule
for every output: `activity_list`. Coordinators read anonymised counts only.
Reading one case writes an audit entry ("case.viewed").

Contract used by other apps (openings/exchange):

- `consent_active(*, case, scope) -> bool` and `consent_scopes_active(*, case)
  -> set[str]` (both from the consent rule, `cases.consent`)
- `case_for_officer(*, user, public_id) -> Case` (raises Http404)
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole
from dualcareer.cases import consent
from dualcareer.cases.models import (
    Activity,
    Case,
    CaseStatus,
    CaseTask,
    Consent,
    Handover,
    HandoverStatus,
    Invitation,
    Outcome,
    ProcessStep,
)
from dualcareer.core import audit
from dualcareer.core.models import OutgoingMail

# Counts below this are shown as "fewer than N" so that no couple can be recognised.
SMALL_COUNT = 3


def consent_scopes_active(*, case: Case, now: dt.datetime | None = None) -> set[str]:
    """Return the consent scopes in force right now (`consent.scopes_in_force`)."""
    return consent.scopes_in_force(case, now)


def consent_active(*, case: Case, scope: str, now: dt.datetime | None = None) -> bool:
    """Return whether the partner's consent for `scope` is in force right now."""
    return scope in consent.scopes_in_force(case, now)


def consents_in_force(*, case: Case) -> dict[str, Consent]:
    """The case's consent records in force now, by scope (the partner's consent page)."""
    return {c.scope: c for c in Consent.objects.filter(case=case).in_force()}


def visible_case_filter(user: Any) -> Q:
    """Return the filter for cases `user` may read as an officer."""
    institution_ids = permissions.institution_ids_with(user, "case.view")
    if not institution_ids:
        return Q(pk__in=[])
    # EXISTS, not a join: a case with several officers appears once, so no list needs
    # DISTINCT (which sorted every visible case, all columns, before a page was cut).
    assigned = Case.assigned_officers.through.objects.filter(case_id=OuterRef("pk"), user=user)
    return Q(institution_id__in=institution_ids) & (Q(confidential=False) | Q(Exists(assigned)))


def case_search_filter(query: str) -> Q:
    """Return the filter for a search of cases by reference, partner's name or e-mail.

    Every word must match one of: the readable reference, the first part of
    the public id (the old reference), the partner's first or last name, the
    partner's e-mail address, or the recruited person's name.
    """
    condition = Q()
    for word in query.split()[:6]:
        condition &= (
            Q(ref__icontains=word)
            | Q(public_id__istartswith=word)
            | Q(profile__first_name__icontains=word)
            | Q(profile__last_name__icontains=word)
            | Q(profile__email__icontains=word)
            | Q(recruited_name__icontains=word)
        )
    return condition


def case_list(
    *,
    user: Any,
    status: str | None = None,
    include_anonymised: bool = False,
    query: str = "",
) -> QuerySet[Case]:
    """Return the cases `user` may see: their own institution's, confidential ones if assigned.

    `query` narrows them to those whose reference, partner's name or e-mail
    (or recruited person's name) contains every word of it; the search never
    widens what the user may see.
    """
    cases = Case.objects.filter(visible_case_filter(user))
    if not include_anonymised:
        cases = cases.filter(anonymised_at__isnull=True)
    if status:
        cases = cases.filter(status=status)
    query = query.strip()[:100]
    if query:
        cases = cases.filter(case_search_filter(query))
    # Counted per case shown (a sub-query), not by grouping every visible case with its
    # tasks before the page is cut.
    overdue = (
        CaseTask.objects.filter(
            case_id=OuterRef("pk"), done_at__isnull=True, due_on__lt=timezone.localdate()
        )
        .order_by()
        .values("case_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        cases.select_related("institution", "profile")
        .prefetch_related("assigned_officers")
        .annotate(overdue_count=Coalesce(Subquery(overdue, output_field=IntegerField()), 0))
        .order_by("-opened_on", "-id")
    )


# What the officers' case list shows of a case (cases/list.html). Reading every column of
# the case, its profile and its institution for 50 rows cost 12-13 ms of Python per page
# at 1,000 cases, these 5 ms (docs/performance.md).
LIST_PAGE_COLUMNS = (
    "public_id",
    "ref",
    "confidential",
    "recruited_name",
    "recruited_department",
    "status",
    "outcome",
    "opened_on",
    "profile__first_name",
    "profile__last_name",
)


def case_list_page_rows(*, user: Any, status: str | None = None, query: str = "") -> QuerySet[Case]:
    """`case_list` with only the columns the case list page shows (``LIST_PAGE_COLUMNS``):
    no institution, no assigned officers."""
    return (
        case_list(user=user, status=status, query=query)
        .select_related(None)
        .prefetch_related(None)
        .select_related("profile")
        .only(*LIST_PAGE_COLUMNS)
    )


def _parse_uuid(public_id: Any) -> uuid.UUID:
    try:
        return public_id if isinstance(public_id, uuid.UUID) else uuid.UUID(str(public_id))
    except (TypeError, ValueError) as error:
        raise Http404 from error


def case_for_officer(*, user: Any, public_id: Any, log_view: bool = True) -> Case:
    """Return the case with `public_id` if `user` may read it as an officer; else raise Http404.

    Anonymised cases are not returned: nothing personal is left to read.

    Writes a "case.viewed" audit entry unless `log_view` is false (the caller
    then logs the change it makes instead).
    """
    case = (
        Case.objects.filter(
            visible_case_filter(user), public_id=_parse_uuid(public_id), anonymised_at__isnull=True
        )
        .select_related("institution")
        .first()
    )
    if case is None:
        raise Http404
    if log_view:
        with transaction.atomic():
            audit.log(case, "case.viewed", actor=user)
    return case


def case_for_partner(*, user: Any, log_view: bool = True) -> Case | None:
    """Return the partner's own current case (the newest not anonymised), or None."""
    if not getattr(user, "is_authenticated", False) or not user.is_partner:
        return None
    case = (
        Case.objects.filter(partner_user=user, anonymised_at__isnull=True)
        .select_related("institution")
        .order_by("-opened_on", "-id")
        .first()
    )
    if case is not None and log_view:
        with transaction.atomic():
            audit.log(case, "case.viewed", actor=user, data={"by": "partner"})
    return case


def activity_list(*, user: Any, case: Case) -> QuerySet[Activity]:
    """Return the entries of the counselling log of `case` whose notes `user` may read.

    The one rule for every page, export and API that shows the counselling
    log with its internal notes: an officer who may read the case reads the
    entries written by their own institution(s). After a handover, the
    entries of the previous institution stay with it; the new institution
    does not read them. Partners read no notes (see `activity_overview_for_partner`).
    """
    if not Case.objects.filter(visible_case_filter(user), pk=case.pk).exists():
        return Activity.objects.none()
    institution_ids = permissions.institution_ids_with(user, "case.view")
    return (
        Activity.objects.filter(case=case, institution_id__in=institution_ids)
        .select_related("officer", "institution")
        .order_by("-date", "-id")
    )


def activity_overview_for_partner(*, user: Any, case: Case) -> QuerySet[Activity]:
    """Return every entry of the partner's own case, for the partner's export (Art. 15).

    The caller shows kind, date, duration and institution, never the internal
    note: the service releases notes on request (Art. 15(4)).
    """
    if not permissions.has(user, "case.view_own", case):
        return Activity.objects.none()
    return (
        Activity.objects.filter(case=case)
        .select_related("officer", "institution")
        .order_by("-date", "-id")
    )


def activity_institutions_elsewhere(*, user: Any, case: Case) -> list[Any]:
    """Return the institutions holding counselling entries of `case` that `user` cannot read.

    Named in the officer's export so that the partner knows whom to ask.
    """
    from dualcareer.network.models import Institution

    readable = activity_list(user=user, case=case).values("pk")
    held = Activity.objects.filter(case=case).exclude(pk__in=readable).values("institution_id")
    return list(Institution.objects.filter(pk__in=held).order_by("name"))


def steps_for_institution(*, institution_id: int) -> QuerySet[ProcessStep]:
    """Return the active steps that apply to an institution's cases.

    The network standard, the steps of every network it currently belongs
    to, and its own additions.
    """
    from dualcareer.network.models import NetworkMembership

    network_ids = (
        NetworkMembership.objects.current()
        .filter(institution_id=institution_id)
        .values("network_id")
    )
    return ProcessStep.objects.filter(
        Q(network__isnull=True, institution__isnull=True)
        | Q(network_id__in=network_ids)
        | Q(institution_id=institution_id),
        is_active=True,
    ).order_by("order", "due_days", "id")


def task_list(*, case: Case) -> QuerySet[CaseTask]:
    """Return the tasks of a case (the caller has read the case through a selector)."""
    return CaseTask.objects.filter(case=case).select_related("step", "done_by")


def next_tasks_for_partner(*, case: Case, limit: int = 3) -> list[CaseTask]:
    """Return the next open steps of the partner's case (titles only; no internal data)."""
    return list(
        CaseTask.objects.filter(case=case, done_at__isnull=True)
        .select_related("step")
        .order_by("due_on", "step__order")[:limit]
    )


def due_tasks_for_officer(*, user: Any, within_days: int = 3) -> QuerySet[CaseTask]:
    """Return the open tasks of the officer's visible open cases due soon or overdue."""
    horizon = timezone.localdate() + dt.timedelta(days=within_days)
    visible = Case.objects.filter(visible_case_filter(user)).values("pk")
    return (
        CaseTask.objects.filter(
            case__in=visible,
            case__anonymised_at__isnull=True,
            done_at__isnull=True,
            due_on__lte=horizon,
        )
        .exclude(case__status=CaseStatus.CLOSED)
        .select_related("case", "step", "case__institution", "case__profile")
        .order_by("due_on", "step__order")
    )


def consent_history(*, case: Case) -> QuerySet[Consent]:
    """Return every consent and withdrawal of the case, newest first (the evidence)."""
    return Consent.objects.filter(case=case).order_by("-granted_at", "-id")


def handovers_awaiting(*, user: Any) -> QuerySet[Handover]:
    """Return handovers that wait for `user`'s institution to accept them."""
    institution_ids = permissions.institution_ids_with(user, "case.edit")
    return Handover.objects.filter(
        to_institution_id__in=institution_ids, status=HandoverStatus.AWAITING_RECEIVER
    ).select_related("case", "from_institution", "to_institution")


def handover_for_receiver(*, user: Any, public_id: Any) -> Handover:
    """Return a handover waiting for `user`'s institution, or raise Http404."""
    handover = handovers_awaiting(user=user).filter(public_id=_parse_uuid(public_id)).first()
    if handover is None:
        raise Http404
    return handover


def pending_handover_for_partner(*, case: Case) -> Handover | None:
    """Return the handover of the partner's case that waits for their consent."""
    return (
        Handover.objects.filter(case=case, status=HandoverStatus.AWAITING_PARTNER)
        .select_related("to_institution", "from_institution")
        .first()
    )


def _suppress(count: int) -> int | None:
    """Return `count`, or None when it is so small that a couple could be recognised."""
    return count if count == 0 or count >= SMALL_COUNT else None


def case_counts_for_coordinator(*, user: Any) -> dict[str, Any] | None:
    """Return anonymised case counts of the coordinated members; None if not a coordinator.

    Only totals per status and per outcome across all members; small counts
    are suppressed (None), and no case is identifiable.
    """
    institution_ids = permissions.institution_ids_with(user, "case.view_counts")
    if not institution_ids:
        return None
    # One pass over the members' cases: the count per (status, outcome) gives the
    # totals per status, per outcome of the closed cases and in all.
    groups = (
        Case.objects.filter(institution_id__in=institution_ids)
        .values_list("status", "outcome")
        .annotate(n=Count("id"))
        .values_list("status", "outcome", "n")
    )
    by_status: Counter[str] = Counter()
    by_outcome: Counter[str] = Counter()
    for status, outcome, n in groups:
        by_status[status] += n
        if status == CaseStatus.CLOSED:
            by_outcome[outcome] += n
    return {
        "total": _suppress(sum(by_status.values())),
        "by_status": [
            (value, label, _suppress(int(by_status.get(value, 0))))
            for value, label in CaseStatus.choices
        ],
        "by_outcome": [
            (value, label, _suppress(int(by_outcome.get(value, 0))))
            for value, label in Outcome.choices
        ],
        "small_count": SMALL_COUNT,
    }


def officers_of(*, institution_id: int) -> QuerySet[Any]:
    """Return the users holding "case.edit" at an institution (for assignment)."""
    from dualcareer.accounts.models import InstitutionRole, User

    roles = permissions.roles_with("case.edit")
    user_ids = InstitutionRole.objects.filter(institution_id=institution_id, role__in=roles).values(
        "user_id"
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("last_name", "first_name")


def cases_due_for_retention(*, today: dt.date | None = None) -> list[Case]:
    """Return the closed, not yet anonymised cases whose retention period has ended."""
    today = today or timezone.localdate()
    from dualcareer.cases.models import add_months, retention_months_for

    candidates = Case.objects.filter(
        status=CaseStatus.CLOSED, anonymised_at__isnull=True, closed_on__isnull=False
    ).select_related("institution")
    months: dict[int, int] = {}
    due = []
    for case in candidates:
        if case.institution_id not in months:
            months[case.institution_id] = retention_months_for(case.institution_id)
        assert case.closed_on is not None
        if add_months(case.closed_on, months[case.institution_id]) <= today:
            due.append(case)
    return due


def case_audit_entries(*, user: Any, case: Case, limit: int = 100) -> list[Any]:
    """Return who viewed or changed the case, newest first, for officers who may read audits."""
    if not (
        permissions.has(user, "audit.view_own", case) or permissions.has(user, "audit.view", case)
    ):
        return []
    entries = audit.entries_for(case).select_related("actor")[:limit]
    return audit_actors_labelled(user=user, entries=entries)


def audit_actors_labelled(*, user: Any, entries: Any) -> list[Any]:
    """Return the audit entries as a list, each with `actor_label` as `user` may see its actor.

    The display rule is `audit.actor_label`: names for the user's colleagues
    and for the partners of cases the user may read, role and institution for
    other staff, never the e-mail address of someone outside the user's
    institutions. A fixed number of queries, however many entries.
    """
    from collections import defaultdict

    from dualcareer.accounts.models import InstitutionRole

    entries = list(entries)
    actor_ids = {entry.actor_id for entry in entries if entry.actor_id is not None}
    reader_id = getattr(user, "pk", None)
    own = InstitutionRole.objects.filter(user_id=reader_id or 0).values("institution_id")
    actor_roles = InstitutionRole.objects.filter(user_id__in=actor_ids)
    roles: dict[int, list[audit.StaffRole]] = defaultdict(list)
    for role in actor_roles.select_related("institution").order_by("institution__name", "role"):
        roles[role.user_id].append(
            audit.StaffRole(role.institution_id, role.get_role_display(), role.institution.name)
        )
    colleague_ids = set(
        actor_roles.filter(institution_id__in=own).values_list("user_id", flat=True)
    )
    known_partner_ids = set(
        Case.objects.filter(visible_case_filter(user), partner_user_id__in=actor_ids).values_list(
            "partner_user_id", flat=True
        )
    )
    return audit.label_actors(
        entries,
        reader_id=reader_id,
        colleague_ids=colleague_ids,
        known_partner_ids=known_partner_ids,
        roles=roles,
    )


def open_items_on_close(*, case: Case) -> list[Any]:
    """What other apps still have open on `case` (the caller has read the case)."""
    from dualcareer.cases.closing import open_items

    return open_items(case)


def open_invitation(*, case: Case) -> Invitation | None:
    """The partner's invitation still waiting for an answer, if any (the newest one)."""
    return (
        case.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def failed_mails_for_coordinator(*, user: Any, limit: int = 50) -> list[Any] | None:
    """E-mails that failed for good about the coordinated members; None if not a coordinator.

    A message counts when it names a member institution, or, naming none, goes
    to a staff account of a member. The panel shows the masked address, the
    kind of message (template), the error type and the time: no text.
    """
    institution_ids = permissions.institution_ids_with(user, "network.manage")
    if not institution_ids:
        return None
    staff_emails = InstitutionRole.objects.filter(institution_id__in=institution_ids).values(
        "user__email"
    )
    return list(
        OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED)
        .filter(
            Q(institution_id__in=institution_ids)
            | Q(institution_id__isnull=True, to__in=staff_emails)
        )
        .order_by("-failed_at")[:limit]
    )


# --- reads for the case pages (views call these, never the ORM) ---------------


def institutions_for_officer(*, user: Any, perm: str = "case.create") -> QuerySet[Any]:
    """Return the institutions where `user` holds `perm` (e.g. where they may open cases)."""
    from dualcareer.network.models import Institution

    return Institution.objects.filter(pk__in=permissions.institution_ids_with(user, perm))


def case_policy_of(*, institution: Any) -> Any:
    """Return the institution's case rules, or None while it has set none."""
    from dualcareer.cases.models import CasePolicy

    return CasePolicy.objects.filter(institution=institution).first()


def handover_open(*, case: Case) -> Handover | None:
    """Return the case's handover still waiting for the partner or the receiver, if any."""
    return case.handovers.filter(
        status__in=[HandoverStatus.AWAITING_PARTNER, HandoverStatus.AWAITING_RECEIVER]
    ).first()


def handover_target_institutions(*, case: Case) -> QuerySet[Any]:
    """Return the institutions the case may be handed to: current members of its networks."""
    from dualcareer.network.models import Institution, NetworkMembership

    network_ids = (
        NetworkMembership.objects.current()
        .filter(institution_id=case.institution_id)
        .values("network_id")
    )
    members = (
        NetworkMembership.objects.current()
        .filter(network_id__in=network_ids)
        .values("institution_id")
    )
    return Institution.objects.filter(pk__in=members).exclude(pk=case.institution_id)


def task_of_case(*, case: Case, task_id: Any) -> CaseTask:
    """Return the task `task_id` of `case` (the caller has read the case), or raise Http404."""
    try:
        task = CaseTask.objects.filter(pk=int(task_id), case=case).first()
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if task is None:
        raise Http404
    return task


def process_step_of(*, institution: Any, step_id: Any) -> ProcessStep:
    """Return the institution's process step `step_id`, or raise Http404 (also for junk ids)."""
    try:
        step = ProcessStep.objects.filter(pk=int(step_id), institution=institution).first()
    except (TypeError, ValueError) as error:
        raise Http404 from error
    if step is None:
        raise Http404
    return step


def partner_profile_of(*, case: Case) -> Any:
    """Return the partner profile of `case` (already read by the caller), or None."""
    from dualcareer.cases.models import PartnerProfile

    return PartnerProfile.objects.filter(case=case).first()


def colleagues_of(*, user: Any, institution_id: int) -> QuerySet[Any]:
    """Return the officers of an institution who may be assigned beside `user` (not `user`)."""
    return officers_of(institution_id=institution_id).exclude(pk=user.pk)


# --- the partner's pages: whom consent covers, who acknowledged ---------------


def consent_coverage(*, case: Case) -> dict[str, list[Any]]:
    """For each consent scope, the member institutions it covers today (by name).

    "institution": the case's own institution; "academic" and "employers":
    the active members sharing a current network with it, by sector (the
    rule of `consent.required_scope`); "contact" shares the profile with no
    one by itself.
    """
    from dualcareer.network.models import Institution, NetworkMembership

    networks = (
        NetworkMembership.objects.current()
        .filter(institution_id=case.institution_id)
        .values("network_id")
    )
    peer_ids = (
        NetworkMembership.objects.current().filter(network_id__in=networks).values("institution_id")
    )
    coverage: dict[str, list[Any]] = {
        "institution": [case.institution],
        "academic": [],
        "employers": [],
        "contact": [],
    }
    peers = (
        Institution.objects.filter(pk__in=peer_ids, is_active=True)
        .exclude(pk=case.institution_id)
        .order_by("name")
    )
    for institution in peers:
        coverage[consent.required_scope(case=case, employer=institution)].append(institution)
    return coverage


def acknowledgement_of(*, case: Case) -> dict[str, Any] | None:
    """Who recorded the partner's acknowledgement, when and for which institution (or None)."""
    if case.acknowledged_at is None:
        return None
    recorder = case.acknowledgement_recorded_by
    by_partner = recorder is not None and recorder.pk == case.partner_user_id
    return {
        "at": case.acknowledged_at,
        "by_partner": by_partner,
        "name": "" if recorder is None or by_partner else recorder.get_full_name(),
        "institution": case.institution.display_name,
    }


# What matching needs of a profile, with the label shown to the reader.
MATCHING_FIELDS: tuple[str, ...] = (
    "desired_positions",
    "professional_field",
    "skills",
    "languages",
    "work_places",
    "working_time",
)
# Without any of these, every opening gets a similar, meaningless percentage.
MATCHING_CORE_FIELDS: tuple[str, ...] = ("desired_positions", "professional_field", "skills")


def matching_gaps(*, profile: Any) -> tuple[list[str], bool]:
    """Return (labels of the profile fields matching still lacks, whether it is too thin).

    "Too thin" means nothing about the occupation: no desired position, no
    professional field and no skills. The matching pages then say what to
    add instead of listing openings at 16-20 %.
    """
    from django.utils.text import capfirst

    from dualcareer.cases.models import PartnerProfile

    if profile is None:
        return [], True
    fields = {field.name: field for field in PartnerProfile._meta.concrete_fields}
    gaps = [
        capfirst(str(fields[name].verbose_name))
        for name in MATCHING_FIELDS
        if not getattr(profile, name)
    ]
    too_thin = not any(getattr(profile, name) for name in MATCHING_CORE_FIELDS)
    return gaps, too_thin
