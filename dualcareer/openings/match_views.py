"""Rankings from the matching engine: partners for an opening, openings for a partner."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dualcareer.cases.models import PartnerProfile
from dualcareer.cases.selectors import case_for_officer, case_for_partner
from dualcareer.matching.explain import Audience
from dualcareer.openings import exchange_selectors as xs
from dualcareer.openings import exchange_services as xsvc
from dualcareer.openings import matching_adapter, selectors


@login_required
@require_http_methods(["GET", "POST"])
def opening_matches(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """For the employer: anonymised partners whose consent allows it, ranked for the opening.

    POST (the opaque token of one profile shown) tells that partner's Dual
    Career Service that the employer is interested. Every profile shown is
    audited as read by the employer (`ranking_reads_log`).
    """
    opening = get_object_or_404(selectors.openings_managed(user=request.user), public_id=public_id)
    profiles = xs.consented_profiles_for_opening(user=request.user, opening=opening)
    if request.method == "POST":
        case = xsvc.case_from_interest_token(
            opening=opening,
            token=request.POST.get("profile", ""),
            cases=[profile.case for profile in profiles],
        )
        if case is None:
            raise Http404
        _interest, created = xsvc.employer_interest_express(
            user=request.user, opening=opening, case=case
        )
        messages.success(
            request,
            _("The partner's Dual Career Service has been told of your interest.")
            if created
            else _("You have already expressed interest in this profile."),
        )
        return redirect("openings:opening_matches", public_id=public_id)
    ranked = matching_adapter.rank_profiles(opening, profiles)
    interested = set(opening.interests.values_list("case_id", flat=True))
    rows = [
        (
            item,
            xs.profile_rows(xs.anonymised_profile_of(item.item)),
            xsvc.interest_token(opening=opening, case=item.item.case),
            item.item.case_id in interested,
        )
        for item in ranked
    ]
    xs.ranking_reads_log(user=request.user, opening=opening, cases=[i.item.case for i in ranked])
    return render(request, "openings/opening_matches.html", {"opening": opening, "rows": rows})


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
