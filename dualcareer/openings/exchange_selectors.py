"""Reads of introductions and network requests, scoped to the reader.

Consent is checked at every read, never cached: when the partner withdraws
the consent that covers an employer, that employer stops seeing the
introduction and the profile at once.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet

from dualcareer.accounts import permissions
from dualcareer.cases.models import (
    IDENTIFYING_FIELDS,
    PROFESSIONAL_FIELDS,
    Case,
    PartnerProfile,
)
from dualcareer.cases.services import require_case_access
from dualcareer.openings.exchange_services import consent_covers
from dualcareer.openings.models import Introduction, NetworkRequest, NetworkRequestRecipient

# What an employer learns once the partner agreed to reveal: name and contact,
# never date of birth, gender, nationality or address (not needed to apply).
REVEALED_FIELDS: tuple[str, ...] = ("first_name", "last_name", "email", "phone")


def anonymised_profile(case: Case) -> dict[str, Any]:
    """The professional profile only: what employers and contacts see before a reveal."""
    profile = PartnerProfile.objects.filter(case=case).first()
    if profile is None:
        return {}
    data = profile.anonymised()
    # Belt and braces: whatever anonymised() returns, identifying fields never pass.
    return {
        key: value
        for key, value in data.items()
        if key in PROFESSIONAL_FIELDS and key not in IDENTIFYING_FIELDS
    }


def employer_profile(introduction: Introduction) -> dict[str, Any]:
    """The profile an employer sees: anonymised, plus name and contact after the reveal."""
    data = anonymised_profile(introduction.case)
    if introduction.revealed_at is not None:
        profile = PartnerProfile.objects.filter(case=introduction.case).first()
        if profile is not None:
            data.update({name: getattr(profile, name) for name in REVEALED_FIELDS})
    return data


def _employer_ids(user: Any) -> set[int]:
    return permissions.institution_ids_with(user, "introduction.answer")


def introductions_for_employer(*, user: Any) -> list[Introduction]:
    """The introductions addressed to the user's institutions whose consent is in force."""
    ids = _employer_ids(user)
    if not ids:
        return []
    candidates = (
        Introduction.objects.filter(
            employer_id__in=ids,
            withdrawn_at__isnull=True,
            case__anonymised_at__isnull=True,
        )
        .select_related("case", "opening", "employer")
        .order_by("-created_at")
    )
    return [i for i in candidates if consent_covers(case=i.case, employer=i.employer)]


def introduction_for_employer(*, user: Any, public_id: uuid.UUID) -> Introduction | None:
    """One introduction addressed to the user's institution, if consent still covers it."""
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
    if introduction is None or not consent_covers(
        case=introduction.case, employer=introduction.employer
    ):
        return None
    return introduction


def introductions_for_case(*, user: Any, case: Case) -> QuerySet[Introduction]:
    """Every introduction of a case, with the employers' answers (officers of the case)."""
    require_case_access(user, "case.view", case)
    return (
        Introduction.objects.filter(case=case)
        .select_related("opening", "employer", "created_by", "answered_by")
        .order_by("-created_at")
    )


def introductions_for_partner(*, user: Any) -> QuerySet[Introduction]:
    """The partner's own introductions (employer, opening, answer, reveal requests)."""
    if not getattr(user, "is_authenticated", False) or not user.is_partner:
        return Introduction.objects.none()
    return (
        Introduction.objects.filter(case__partner_user=user, case__anonymised_at__isnull=True)
        .select_related("opening", "employer", "case")
        .order_by("-created_at")
    )


def network_requests_for_case(*, user: Any, case: Case) -> QuerySet[NetworkRequest]:
    """The network requests of a case with every contact's answer (officers of the case)."""
    require_case_access(user, "case.view", case)
    return (
        NetworkRequest.objects.filter(case=case)
        .prefetch_related("recipients__institution")
        .order_by("-created_at")
    )


def request_view_for_contact(recipient: NetworkRequestRecipient) -> dict[str, Any] | None:
    """What a contact sees on the answer page; None once consent no longer covers them."""
    request = recipient.request
    if request.case.anonymised_at is not None:
        return None
    if not consent_covers(case=request.case, employer=recipient.institution):
        return None
    return {"message": request.message, "profile": anonymised_profile(request.case)}
