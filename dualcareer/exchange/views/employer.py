"""Pages of the employers' contacts: an introduction addressed to them, the ranking of partners."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from dualcareer.accounts import permissions
from dualcareer.core.views import apply_validation_error, refuse_quietly
from dualcareer.exchange import selectors as xs
from dualcareer.exchange import services as xsvc
from dualcareer.exchange.forms import AnswerForm
from dualcareer.openings import matchmaking
from dualcareer.openings import selectors as opening_selectors

INTRODUCTIONS_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "POST"])
def introduction_employer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The employer's page of one introduction: anonymised profile and the answer form."""
    introduction = xs.introduction_for_employer(
        user=request.user, public_id=public_id, log_view=request.method == "GET"
    )
    if introduction is None or introduction.case.is_closed:
        if introduction is not None or xs.introduction_closed_for_employer(
            user=request.user, public_id=public_id
        ):
            return render(request, "exchange/introduction_closed.html", status=410)
        raise Http404
    form = AnswerForm(
        request.POST or None,
        initial={"answer": introduction.answer, "answer_reason": introduction.answer_reason},
    )
    if request.method == "POST":
        if request.POST.get("action") == "reveal":
            xsvc.introduction_request_reveal(user=request.user, introduction=introduction)
            messages.success(request, _("We have asked the partner to reveal their name."))
            return redirect("exchange:introduction_employer", public_id=public_id)
        if form.is_valid():
            try:
                xsvc.introduction_answer(
                    user=request.user,
                    introduction=introduction,
                    answer=form.cleaned_data["answer"],
                    reason=form.cleaned_data["answer_reason"],
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: your answer is saved and the e-mail to the Dual Career Service "
                        "is queued."
                    ),
                )
                return redirect("exchange:introduction_employer", public_id=public_id)
    return render(
        request,
        "exchange/introduction_employer.html",
        {
            "introduction": introduction,
            "rows": xs.profile_rows(xs.employer_profile(introduction)),
            "form": form,
        },
    )


@login_required
@refuse_quietly
def introductions_received(request: HttpRequest) -> HttpResponse:
    """All introductions addressed to the reader's institutions, newest first, in pages."""
    if not permissions.institution_ids_with(request.user, "introduction.answer"):
        raise PermissionDenied
    page = Paginator(
        xs.introductions_for_employer_queryset(user=request.user), INTRODUCTIONS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "exchange/introductions_received.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def opening_matches(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """For the employer: anonymised partners whose consent allows it, ranked for the opening.

    POST (the opaque token of one profile shown) tells that partner's Dual
    Career Service that the employer is interested. Every profile shown is
    audited as read by the employer (`ranking_reads_log`).
    """
    opening = opening_selectors.opening_managed_get(user=request.user, public_id=public_id)
    if request.method == "POST":
        profiles = xs.consented_profiles_for_opening(user=request.user, opening=opening)
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
        return redirect("exchange:opening_matches", public_id=public_id)
    ranked = matchmaking.rank_profiles(
        opening, xs.consented_profile_queryset(user=request.user, opening=opening)
    )
    interested = xs.interested_case_ids(opening=opening)
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
    return render(request, "exchange/opening_matches.html", {"opening": opening, "rows": rows})
