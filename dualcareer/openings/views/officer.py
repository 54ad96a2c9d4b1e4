"""The officer's page of openings: those ranked by the matching engine for a case's partner.

The employer's ranking of partners for an opening is the exchange's page
(`dualcareer.exchange.views.employer.opening_matches`).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dualcareer.cases import selectors as case_selectors
from dualcareer.core.views import refuse_quietly
from dualcareer.openings import matchmaking, selectors


@login_required
@refuse_quietly
def case_matches(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """For the officer: openings ranked for the partner of a case, with the reasons."""
    case = case_selectors.case_for_officer(user=request.user, public_id=case_id)
    profile = case_selectors.partner_profile_of(case=case)
    gaps, too_thin = case_selectors.matching_gaps(profile=profile)
    ranked = (
        matchmaking.rank_openings_for_profile(
            profile, selectors.opening_list(user=request.user), audience="officer"
        )
        if profile is not None and not too_thin
        else []
    )
    return render(
        request,
        "openings/case_matches.html",
        {
            "case": case,
            "ranked": ranked,
            "profile": profile,
            "gaps": gaps,
            "too_thin": too_thin,
        },
    )
