"""Openings ranked by the matching engine for a partner (the officer's and the partner's pages).

The employer's ranking of partners for an opening is the exchange's page
(`dualcareer.exchange.views.employer.opening_matches`).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from dualcareer.cases.models import PartnerProfile
from dualcareer.cases.selectors import case_for_officer, case_for_partner
from dualcareer.matching.explain import Audience
from dualcareer.openings import selectors
from dualcareer.openings.matchmaking import adapter as matching_adapter


def _ranked_openings(
    request: HttpRequest, profile: PartnerProfile, audience: Audience
) -> list[matching_adapter.Ranked]:
    return matching_adapter.rank_openings_for_profile(
        profile, selectors.opening_list(user=request.user), audience=audience
    )


@login_required
def case_matches(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """For the officer: openings ranked for the partner of a case, with the reasons."""
    case = case_for_officer(user=request.user, public_id=case_id)
    profile = PartnerProfile.objects.filter(case=case).first()
    ranked = _ranked_openings(request, profile, "officer") if profile is not None else []
    return render(
        request, "openings/case_matches.html", {"case": case, "ranked": ranked, "profile": profile}
    )


@login_required
def my_matches(request: HttpRequest) -> HttpResponse:
    """For the partner: openings ranked for their own profile, with the reasons."""
    case = case_for_partner(user=request.user)
    if case is None:
        raise Http404
    profile = PartnerProfile.objects.filter(case=case).first()
    ranked = _ranked_openings(request, profile, "partner") if profile is not None else []
    return render(
        request, "openings/case_matches.html", {"case": None, "ranked": ranked, "profile": profile}
    )
