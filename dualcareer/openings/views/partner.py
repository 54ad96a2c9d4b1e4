"""The partner's page of openings: those ranked by the matching engine for their own profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dualcareer.cases import selectors as case_selectors
from dualcareer.core.views import refuse_quietly
from dualcareer.openings import matchmaking, selectors


@login_required
@refuse_quietly
def my_matches(request: HttpRequest) -> HttpResponse:
    """For the partner: openings ranked for their own profile, with the reasons."""
    # Not logged as a view of the case: the partner reads openings here (their own case page
    # logs its views, as the partner's other pages do not).
    case = case_selectors.case_for_partner(user=request.user, log_view=False)
    if case is None:
        raise Http404
    profile = case_selectors.partner_profile_of(case=case)
    gaps, too_thin = case_selectors.matching_gaps(profile=profile)
    ranked = (
        matchmaking.rank_openings_for_profile(
            profile, selectors.opening_list(user=request.user), audience="partner"
        )
        if profile is not None and not too_thin
        else []
    )
    return render(
        request,
        "openings/case_matches.html",
        {
            "case": None,
            "partner_case": case,  # the partner's buttons read their states with it
            "ranked": ranked,
            "profile": profile,
            "gaps": gaps,
            "too_thin": too_thin,
        },
    )
