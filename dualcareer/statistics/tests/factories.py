"""Test data of the statistics: cases, profiles and introductions with chosen dates."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.utils import timezone

from dualcareer.cases.models import Case, PartnerProfile
from dualcareer.cases.tests.factories import CaseFactory
from dualcareer.exchange.models import Introduction


def case(
    institution: Any,
    opened: dt.date,
    *,
    kind: str = "recruitment",
    closed_after_days: int | None = None,
    outcome: str = "",
    professional_field: str = "",
    sectors: list[str] | None = None,
) -> Case:
    """A case opened on `opened`; closed `closed_after_days` later with `outcome` if given."""
    made = cast(Case, CaseFactory(institution=institution, kind=kind, opened_on=opened))
    if closed_after_days is not None:
        Case.objects.filter(pk=made.pk).update(
            status="closed",
            outcome=outcome,
            closed_on=opened + dt.timedelta(days=closed_after_days),
        )
    PartnerProfile.objects.filter(case=made).update(
        professional_field=professional_field, desired_sectors=sectors or []
    )
    made.refresh_from_db()
    return made


def introduction(
    case: Case,
    *,
    employer: Any,
    created_by: Any,
    on: dt.date,
    answer: str = "",
    withdrawn: bool = False,
) -> Introduction:
    """An introduction of the case's partner to `employer`, made on `on`."""
    when = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    made = Introduction.objects.create(
        case=case,
        employer=employer,
        created_by=created_by,
        consent_scope="employers",
        message="Vorstellung",
        answer=answer,
        answered_at=when if answer else None,
    )
    Introduction.objects.filter(pk=made.pk).update(
        created_at=when, withdrawn_at=when if withdrawn else None
    )
    return made
