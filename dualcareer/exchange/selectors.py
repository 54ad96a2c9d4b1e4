"""Reads of introductions and network requests, scoped to the reader.

Consent is checked at every read, never cached: when the partner withdraws
the consent that covers an employer, that employer stops seeing the
introduction and the profile at once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from dualcareer.accounts import permissions
from dualcareer.cases import consent
from dualcareer.cases.models import (
    IDENTIFYING_FIELDS,
    PROFESSIONAL_FIELDS,
    Case,
    CaseStatus,
    PartnerProfile,
)
from dualcareer.cases.services import require_case_access
from dualcareer.core import audit
from dualcareer.core.i18n import TextIn
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import (
    EmployerInterest,
    Introduction,
    IntroductionQuerySet,
    NetworkRequest,
    NetworkRequestRecipient,
)
from dualcareer.network.models import Institution, Network, NetworkMembership
from dualcareer.openings.models import Opening

# An employer's reading of a ranked profile is audited once per reader,
# opening and profile within this period (not on every reload of the page).
RANKING_READ_AUDIT_PERIOD = dt.timedelta(hours=24)

# What an employer learns once the partner agreed to reveal: name and contact,
# never date of birth, gender, nationality or address (not needed to apply).
REVEALED_FIELDS: tuple[str, ...] = ("first_name", "last_name", "email", "phone")


def anonymised_profile(case: Case) -> dict[str, Any]:
    """The professional profile only: what employers and contacts see before a reveal."""
    profile = PartnerProfile.objects.filter(case=case).first()
    if profile is None:
        return {}
    return anonymised_profile_of(profile)


def anonymised_profile_of(profile: PartnerProfile) -> dict[str, Any]:
    """`anonymised_profile` of a profile already loaded."""
    data = profile.anonymised()
    # Belt and braces: whatever anonymised() returns, identifying fields never pass.
    return {
        key: value
        for key, value in data.items()
        if key in PROFESSIONAL_FIELDS and key not in IDENTIFYING_FIELDS
    }


def employer_profile(introduction: Introduction) -> dict[str, Any]:
    """The profile an employer sees: anonymised, plus name and contact while the reveal holds.

    A reveal holds only while the consent covering the employer stays in
    force without a break (`Introduction.reveal_in_force`).
    """
    data = anonymised_profile(introduction.case)
    if introduction.is_revealed:
        profile = PartnerProfile.objects.filter(case=introduction.case).first()
        if profile is not None:
            data.update({name: getattr(profile, name) for name in REVEALED_FIELDS})
    return data


def profile_rows(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, text) pairs of a profile dictionary for display, choices shown by their label."""
    from dualcareer.cases.models import language_skills_text
    from dualcareer.network.models import Sector

    meta = PartnerProfile._meta
    rows: list[tuple[str, str]] = []
    written_in = str(data.get("profile_language") or "")
    for name, value in data.items():
        if value in (None, "", []):
            continue
        field: Any = meta.get_field(name)
        if name == "languages" and isinstance(value, list):
            text = language_skills_text(value)
        elif name == "desired_sectors" and isinstance(value, list):
            sectors: dict[Any, Any] = dict(Sector.choices)
            text = ", ".join(str(sectors.get(item, item)) for item in value)
        elif isinstance(value, list):
            text = ", ".join(str(item) for item in value)
        elif getattr(field, "choices", None):
            text = str(dict(field.choices).get(value, value))
        elif isinstance(value, str):
            # Free text in the profile's language: marked on pages of the other one.
            text = TextIn(value, written_in)
        else:
            text = str(value)
        if name == "radius_km":
            text = f"{text} km"
        rows.append((str(field.verbose_name), text))
    return rows


def _employer_ids(user: Any) -> set[int]:
    return permissions.institution_ids_with(user, "introduction.answer")


def introductions_for_employer_queryset(*, user: Any) -> IntroductionQuerySet:
    """Introductions addressed to the user's institutions that consent covers, newest first.

    The consent rule of `consent.covering_case_ids` for each of the user's
    institutions, in one query (so a page of them can be read alone).
    """
    employers = Institution.objects.filter(pk__in=_employer_ids(user))
    covered = Q(pk__in=[])
    for employer in employers:
        covered |= Q(
            employer_id=employer.pk, case_id__in=consent.covering_case_ids(institution=employer)
        )
    return (
        Introduction.objects.filter(covered)
        .filter(withdrawn_at__isnull=True, case__anonymised_at__isnull=True)
        .select_related("case", "opening", "employer")
        .order_by("-created_at", "-id")
    )


def introductions_for_employer(*, user: Any) -> list[Introduction]:
    """The introductions addressed to the user's institutions whose consent is in force."""
    return list(introductions_for_employer_queryset(user=user).with_reveals())


def introduction_for_employer(
    *, user: Any, public_id: uuid.UUID, log_view: bool = False
) -> Introduction | None:
    """One introduction addressed to the user's institution, if consent still covers it.

    With `log_view`, the employer's reading of the (anonymised) profile is audited.
    """
    ids = _employer_ids(user)
    introduction = (
        Introduction.objects.filter(
            public_id=public_id,
            employer_id__in=ids,
            withdrawn_at__isnull=True,
            case__anonymised_at__isnull=True,
        )
        .select_related("case", "opening", "employer")
        .first()
    )
    if introduction is None or not consent.covers(
        case=introduction.case, institution=introduction.employer
    ):
        return None
    if log_view:
        with transaction.atomic():
            audit.log(
                introduction,
                "introduction.viewed",
                actor=user,
                institution_id=introduction.employer_id,
                data={"introduction": introduction.public_id, "revealed": introduction.is_revealed},
            )
    return introduction


def introduction_closed_for_employer(*, user: Any, public_id: uuid.UUID) -> bool:
    """Whether an introduction addressed to the user's institution belongs to a closed case.

    Its link then shows that the case is closed (and takes no answer) instead
    of "not found"; nothing about the partner is shown.
    """
    return Introduction.objects.filter(
        public_id=public_id,
        employer_id__in=_employer_ids(user),
        case__status=CaseStatus.CLOSED,
        case__anonymised_at__isnull=True,
    ).exists()


def introductions_for_case(*, user: Any, case: Case) -> QuerySet[Introduction]:
    """Every introduction of a case, with the employers' answers (officers of the case)."""
    require_case_access(user, "case.view", case)
    return (
        Introduction.objects.filter(case=case)
        .select_related("case", "opening", "employer", "created_by", "answered_by")
        .order_by("-created_at")
        .with_reveals()
    )


def recent_answers_for_officer(*, user: Any, days: int = 30) -> QuerySet[Introduction]:
    """Employers' answers of the last `days` days on the cases the officer may see."""
    from dualcareer.cases.selectors import visible_case_filter

    since = timezone.now() - dt.timedelta(days=days)
    cases = Case.objects.filter(visible_case_filter(user)).values("pk")
    return (
        Introduction.objects.filter(case__in=cases, answered_at__gte=since)
        .select_related("case", "employer")
        .order_by("-answered_at")
    )


def introductions_for_partner(*, user: Any) -> QuerySet[Introduction]:
    """The partner's own introductions (employer, opening, answer, reveal requests)."""
    if not getattr(user, "is_authenticated", False) or not user.is_partner:
        return Introduction.objects.none()
    return (
        Introduction.objects.filter(case__partner_user=user, case__anonymised_at__isnull=True)
        .select_related("opening", "employer", "case")
        .order_by("-created_at")
        .with_reveals()
    )


def introduction_for_partner(*, user: Any, public_id: Any) -> Introduction:
    """One of the partner's own introductions; else raise Http404 (also for a malformed id)."""
    from dualcareer.core.lookups import get_or_404

    return get_or_404(introductions_for_partner(user=user), public_id=public_id)


def interests_for_case(*, user: Any, case: Case) -> QuerySet[EmployerInterest]:
    """Employers' interest in the case's anonymised profile (officers of the case)."""
    require_case_access(user, "case.view", case)
    return EmployerInterest.objects.filter(case=case).select_related("opening__institution")


def network_requests_for_case(*, user: Any, case: Case) -> QuerySet[NetworkRequest]:
    """The network requests of a case with every contact's answer (officers of the case)."""
    require_case_access(user, "case.view", case)
    return (
        NetworkRequest.objects.filter(case=case)
        .prefetch_related("recipients__institution")
        .order_by("-created_at")
    )


def request_ended(recipient: NetworkRequestRecipient, *, today: dt.date | None = None) -> bool:
    """Whether a contact's request has ended for good: no profile, no answer any more.

    It ends after its deadline (`expires_on`, the last day to answer), when
    it was expired, when the case is closed or erased, and when the partner's
    consent covering the member was withdrawn or lapsed since the request was
    sent (granting it again does not reopen the request).
    """
    request = recipient.request
    case = request.case
    today = today or timezone.localdate()
    return (
        request.expires_on < today
        or recipient.expired_at is not None
        or case.anonymised_at is not None
        or case.status == CaseStatus.CLOSED
        or not consent.unbroken_since(
            case=case,
            scope=consent.required_scope(case=case, employer=recipient.institution),
            since=request.created_at,
        )
    )


def request_view_for_contact(recipient: NetworkRequestRecipient) -> dict[str, Any]:
    """What a contact sees on the answer page of the signed link, by the request's state.

    - "ended" (deadline passed, expired, case closed or erased, consent
      withdrawn or lapsed since the request was sent): nothing but that;
    - "answered": the answer given, no profile and no message any more;
    - "open": the officer's message and the anonymised profile (audit the
      reading with `request_read_log` when it is shown).
    """
    if request_ended(recipient):
        closed = recipient.request.case.status == CaseStatus.CLOSED
        return {"state": "ended", "case_closed": closed}
    if recipient.answer:
        return {"state": "answered"}
    request = recipient.request
    return {
        "state": "open",
        "message": request.message,
        "profile": anonymised_profile(request.case),
    }


def request_read_log(recipient: NetworkRequestRecipient) -> None:
    """Audit that the anonymised profile was shown on a contact's answer page.

    The contact is not logged in: the entry names the member, never a person.
    """
    request = recipient.request
    with transaction.atomic():
        audit.log(
            recipient,
            "network_request.profile_viewed",
            institution_id=request.case.institution_id,
            data={
                "request": request.public_id,
                "case": request.case.public_id,
                "member": recipient.institution_id,
            },
        )


def consented_profiles_for_opening(*, user: Any, opening: Any) -> list[PartnerProfile]:
    """Profiles of open cases in the employer's network whose consent covers the employer.

    For the employer's own staff (who may edit the opening) only; consent is
    read now, so a withdrawal removes the profile from the next page view.
    """
    return list(consented_profile_queryset(user=user, opening=opening))


def consented_profile_queryset(*, user: Any, opening: Any) -> QuerySet[PartnerProfile]:
    """`consented_profiles_for_opening` as a lazy queryset (one query whatever its size).

    The employer's ranking reads only ids and timestamps of all of them and
    loads the few it shows (``matchmaking.rank_profiles``).
    """
    from dualcareer.openings.selectors import network_peer_ids

    permissions.require(user, "opening.edit", opening)
    employer = opening.institution
    cases = (
        Case.objects.filter(
            pk__in=consent.covering_case_ids(institution=employer),
            institution_id__in=network_peer_ids({employer.pk}, user=user),
        )
        .exclude(status="closed")
        .filter(anonymised_at__isnull=True)
    )
    # Every row read is a profile, so the cases need no "has a profile" join of their own.
    return PartnerProfile.objects.filter(case__in=cases).select_related("case__institution")


def ranking_reads_log(*, user: Any, opening: Opening, cases: Sequence[Case]) -> int:
    """Audit the employer's reading of the ranked profiles of `cases`; return the entries written.

    One entry per profile shown (target: the case, so the reading shows in
    the case's history), at most one per reader, opening and profile within
    `RANKING_READ_AUDIT_PERIOD`. Two queries whatever the number of profiles.
    """
    if not cases:
        return 0
    case_type = ContentType.objects.get_for_model(Case)
    opening_id = str(opening.public_id)
    recent = set(
        AuditEntry.objects.filter(
            action="opening.profile_viewed",
            actor=user,
            target_type=case_type,
            target_id__in=[str(case.pk) for case in cases],
            created_at__gte=timezone.now() - RANKING_READ_AUDIT_PERIOD,
            data__opening=opening_id,
        ).values_list("target_id", flat=True)
    )
    entries = [
        audit.new_entry(
            case,
            "opening.profile_viewed",
            actor=user,
            institution_id=case.institution_id,
            data={
                "opening": opening.public_id,
                "case": case.public_id,
                "employer": opening.institution_id,
            },
        )
        for case in dict.fromkeys(cases)
        if str(case.pk) not in recent
    ]
    with transaction.atomic():
        AuditEntry.objects.bulk_create(entries)
    return len(entries)


# --- what the exchange's pages offer to choose from ------------------------------


def peer_institutions(*, case: Case) -> QuerySet[Institution]:
    """The active members of the case institution's networks (itself included), by name."""
    from dualcareer.openings.selectors import network_peer_ids

    ids = network_peer_ids({case.institution_id})
    return Institution.objects.filter(pk__in=ids, is_active=True).order_by("name")


def covered_institutions(*, case: Case, exclude_own: bool = False) -> QuerySet[Institution]:
    """The active network peers of the case that the partner's consent in force covers now.

    What the introduction and network-request forms offer: a member outside
    the consent is never listed (the services refuse it anyway).
    """
    scopes = consent.scopes_in_force(case)
    peers = peer_institutions(case=case)
    if exclude_own:
        peers = peers.exclude(pk=case.institution_id)
    ids = [
        institution.pk
        for institution in peers
        if consent.required_scope(case=case, employer=institution) in scopes
    ]
    return Institution.objects.filter(pk__in=ids).order_by("name")


def introduction_employers(*, case: Case) -> QuerySet[Institution]:
    """The employers the partner of `case` can be introduced to now: covered by the
    consent and with at least one contact person on the platform."""
    from dualcareer.accounts.models import InstitutionRole, Role

    with_contact = InstitutionRole.objects.filter(role=Role.EMPLOYER, user__is_active=True).values(
        "institution_id"
    )
    return covered_institutions(case=case).filter(pk__in=with_contact)


def openings_for_introduction(*, user: Any, case: Case) -> QuerySet[Opening]:
    """The openings `user` sees at employers the partner of `case` can be introduced to
    (`introduction_employers`)."""
    from dualcareer.openings.selectors import openings_visible

    return (
        openings_visible(user=user)
        .filter(institution__in=introduction_employers(case=case))
        .select_related("institution")
        .order_by("institution__name", "title_de", "title_en")
    )


def opening_for_introduction(*, user: Any, case: Case, public_id: Any) -> Opening | None:
    """One of `openings_for_introduction`, or None (also for a malformed id)."""
    try:
        return openings_for_introduction(user=user, case=case).filter(public_id=public_id).first()
    except (ValidationError, ValueError):
        return None


def network_request_members(*, case: Case) -> QuerySet[Institution]:
    """The members a network request of `case` can go to: its network peers but itself,
    those the partner's consent covers now, with a Dual Career contact."""
    from dualcareer.network.models import Contact

    with_contact = (
        Contact.objects.filter(is_dual_career_contact=True)
        .exclude(email="")
        .values("institution_id")
    )
    return covered_institutions(case=case, exclude_own=True).filter(pk__in=with_contact)


def network_of_case(*, case: Case) -> Network | None:
    """The network a request "to the whole network" goes to: the regional one, else any."""
    network_ids = (
        NetworkMembership.objects.current()
        .filter(institution_id=case.institution_id)
        .values("network_id")
    )
    networks = Network.objects.filter(pk__in=network_ids)
    return networks.filter(kind="regional").first() or networks.first()


def introduction_for_officer(*, user: Any, public_id: Any) -> Introduction:
    """An introduction of a case `user` reads as an officer; else raise Http404."""
    from dualcareer.cases.selectors import case_for_officer
    from dualcareer.core.lookups import get_or_404

    introduction = get_or_404(Introduction.objects.select_related("case"), public_id=public_id)
    case_for_officer(user=user, public_id=introduction.case.public_id)
    return introduction


def interested_case_ids(*, opening: Opening) -> set[int]:
    """The cases the opening's employer has expressed interest in."""
    return set(EmployerInterest.objects.filter(opening=opening).values_list("case_id", flat=True))


# --- the officer's "today" page ---------------------------------------------------


def interests_for_officer(*, user: Any, days: int = 30) -> QuerySet[EmployerInterest]:
    """Employers' interest of the last `days` days in profiles of open cases the officer sees."""
    from dualcareer.cases.selectors import visible_case_filter

    since = timezone.now() - dt.timedelta(days=days)
    cases = (
        Case.objects.filter(visible_case_filter(user), anonymised_at__isnull=True)
        .exclude(status=CaseStatus.CLOSED)
        .values("pk")
    )
    return (
        EmployerInterest.objects.filter(case__in=cases, created_at__gte=since)
        .select_related("case", "opening__institution")
        .order_by("-created_at")
    )


def incoming_requests_for_user(*, user: Any) -> list[NetworkRequestRecipient]:
    """Network requests addressed to the user's institutions that still wait for an answer.

    For officers who answer logged in rather than through the e-mailed link;
    requests that have ended (deadline, case closed, consent withdrawn) are left out.
    """
    institution_ids = permissions.institution_ids_with(user, "network_request.answer")
    if not institution_ids:
        return []
    candidates = (
        NetworkRequestRecipient.objects.filter(
            institution_id__in=institution_ids,
            answer="",
            expired_at__isnull=True,
            request__expires_on__gte=timezone.localdate(),
        )
        .select_related("request__case", "institution")
        .order_by("request__expires_on", "id")
    )
    return [recipient for recipient in candidates if not request_ended(recipient)]


def incoming_request_for_user(*, user: Any, public_id: Any) -> NetworkRequestRecipient:
    """One network request addressed to the user's institution (any state); else Http404."""
    from dualcareer.core.lookups import get_or_404

    institution_ids = permissions.institution_ids_with(user, "network_request.answer")
    return get_or_404(
        NetworkRequestRecipient.objects.filter(institution_id__in=institution_ids).select_related(
            "request__case", "institution", "contact"
        ),
        public_id=public_id,
    )


# --- the partner's own openings: requests for an introduction, saved ones ---------


def partner_case(*, user: Any) -> Case | None:
    """The partner's own current case (no audit entry: a part of another page), or None."""
    from dualcareer.cases.selectors import case_for_partner

    return case_for_partner(user=user, log_view=False)


_NOT_READ: Any = object()


def partner_opening_states(*, user: Any, case: Any = _NOT_READ) -> dict[str, set[int]]:
    """The partner's openings by state: "saved", "interested", "introduced" (opening ids).

    `case` is the partner's own case if the caller has just read it
    (:func:`partner_case`, None for none); otherwise it is read here.
    """
    from dualcareer.exchange.models import PartnerInterest, SavedOpening

    if case is _NOT_READ:
        case = partner_case(user=user)
    elif case is not None and case.partner_user_id != user.pk:
        raise ValueError("not the partner's own case")
    if case is None:
        return {"saved": set(), "interested": set(), "introduced": set()}
    return {
        "saved": set(SavedOpening.objects.filter(case=case).values_list("opening_id", flat=True)),
        "interested": set(
            PartnerInterest.objects.filter(case=case).values_list("opening_id", flat=True)
        ),
        "introduced": set(
            Introduction.objects.filter(
                case=case, opening__isnull=False, withdrawn_at__isnull=True
            ).values_list("opening_id", flat=True)
        ),
    }


def saved_openings_for_partner(*, user: Any) -> list[Any]:
    """The partner's saved openings, newest first, each with `is_available` (still visible)."""
    from dualcareer.exchange.models import SavedOpening
    from dualcareer.openings.selectors import openings_visible

    case = partner_case(user=user)
    if case is None:
        return []
    saved = list(
        SavedOpening.objects.filter(case=case)
        .select_related("opening__institution")
        .order_by("-created_at", "-id")
    )
    visible = set(
        openings_visible(user=user)
        .filter(pk__in=[s.opening_id for s in saved])
        .values_list("pk", flat=True)
    )
    for item in saved:
        item.is_available = item.opening_id in visible  # type: ignore[attr-defined]
    return saved


def opening_for_partner(*, user: Any, public_id: Any) -> Opening:
    """An opening the partner may see (or has saved); else raise Http404."""
    from django.db.models import Q

    from dualcareer.core.lookups import get_or_404
    from dualcareer.openings.selectors import openings_visible

    case = partner_case(user=user)
    saved = Q(saved_by__case=case) if case is not None else Q(pk__in=[])
    candidates = Opening.objects.filter(
        Q(pk__in=openings_visible(user=user).values("pk")) | saved
    ).distinct()
    return get_or_404(candidates.select_related("institution"), public_id=public_id)


def partner_interests_for_case(*, user: Any, case: Case) -> QuerySet[Any]:
    """The partner's requests for an introduction on a case (officers of the case)."""
    from dualcareer.exchange.models import PartnerInterest

    require_case_access(user, "case.view", case)
    return (
        PartnerInterest.objects.filter(case=case)
        .select_related("opening__institution")
        .order_by("handled_at", "-created_at")
    )


def revealed_for_employer(
    *, user: Any, received: IntroductionQuerySet | None = None
) -> list[tuple[Introduction, dict[str, Any]]]:
    """The introductions whose partner revealed the name to the user's institution, with it.

    Only while the reveal holds (`Introduction.is_revealed`): name, e-mail and phone.
    `received`: `introductions_for_employer_queryset(user=user)` if the caller has it.
    """
    rows = []
    if received is None:
        received = introductions_for_employer_queryset(user=user)
    # Only those with a reveal are checked (one query), not every introduction received.
    candidates = received.filter(revealed_at__isnull=False).with_reveals()
    revealed = [i for i in candidates if i.is_revealed]
    profiles = {
        p.case_id: p
        for p in PartnerProfile.objects.filter(case_id__in=[i.case_id for i in revealed])
    }
    for introduction in revealed:
        profile = profiles.get(introduction.case_id)
        if profile is not None:
            rows.append((introduction, {name: getattr(profile, name) for name in REVEALED_FIELDS}))
    return rows


def partner_introduction_timeline(case: Case) -> list[Any]:
    """The exchange's events on the partner's timeline (`cases.timeline`)."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from dualcareer.cases.timeline import Event
    from dualcareer.exchange.models import PartnerInterest

    events: list[Any] = []
    introductions = (
        Introduction.objects.filter(case=case)
        .select_related("employer", "opening", "case")
        .with_reveals()
    )
    for i in introductions:
        name = i.employer.display_name
        opening = i.opening.title if i.opening else ""
        events.append(
            Event(
                at=i.created_at,
                kind="introduction.created",
                text=_("You were introduced to %(employer)s for “%(opening)s”.")
                % {"employer": name, "opening": opening}
                if opening
                else _("You were introduced to %(employer)s (speculative introduction).")
                % {"employer": name},
            )
        )
        if i.answered_at and i.answer:
            events.append(
                Event(
                    at=i.answered_at,
                    kind="introduction.answered",
                    text=_("%(employer)s answered: %(answer)s.")
                    % {"employer": name, "answer": i.get_answer_display()},
                )
            )
        if i.reveal_requested_at:
            pending = i.reveal_request_pending and i.withdrawn_at is None
            events.append(
                Event(
                    at=i.reveal_requested_at,
                    kind="introduction.reveal_requested",
                    text=_("%(employer)s asks to learn your name.") % {"employer": name},
                    url=_reverse("exchange:introduction_reveal", i.public_id) if pending else "",
                    link_text=_("Decide") if pending else "",
                )
            )
        if i.revealed_at:
            events.append(
                Event(
                    at=i.revealed_at,
                    kind="introduction.revealed",
                    text=_("You revealed your name to %(employer)s.") % {"employer": name},
                )
            )
        if i.withdrawn_at:
            events.append(
                Event(
                    at=i.withdrawn_at,
                    kind="introduction.withdrawn",
                    text=_("The introduction to %(employer)s was withdrawn.") % {"employer": name},
                )
            )
    for interest in PartnerInterest.objects.filter(case=case).select_related("opening"):
        events.append(
            Event(
                at=interest.created_at,
                kind="opening.partner_interest",
                text=_("You asked to be introduced for “%(opening)s”.")
                % {"opening": interest.opening.title},
            )
        )
    recipients = NetworkRequestRecipient.objects.filter(request__case=case).select_related(
        "institution", "request"
    )
    sent: dict[int, tuple[dt.datetime, int]] = {}
    for recipient in recipients:
        at, count = sent.get(recipient.request_id, (recipient.request.created_at, 0))
        sent[recipient.request_id] = (at, count + 1)
        if recipient.answer and recipient.answered_at:
            events.append(
                Event(
                    at=recipient.answered_at,
                    kind="network_request.answered",
                    text=_("%(member)s answered the request about you: %(answer)s.")
                    % {
                        "member": recipient.institution.display_name,
                        "answer": recipient.get_answer_display(),
                    },
                )
            )
    for at, count in sent.values():
        events.append(
            Event(
                at=at,
                kind="network_request.sent",
                text=ngettext(
                    "Your anonymised profile was sent to %(count)s member institution "
                    "of the network.",
                    "Your anonymised profile was sent to %(count)s member institutions "
                    "of the network.",
                    count,
                )
                % {"count": count},
            )
        )
    return events


def _reverse(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def reveal_preview(*, introduction: Introduction) -> list[tuple[str, str]]:
    """What the employer of `introduction` learns on a reveal (label, value), for the partner."""
    profile = PartnerProfile.objects.filter(case=introduction.case).first()
    if profile is None:
        return []
    return profile_rows({name: getattr(profile, name) for name in REVEALED_FIELDS})
