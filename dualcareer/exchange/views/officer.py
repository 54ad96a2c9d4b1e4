"""Pages of the Dual Career officers: a case's exchange, introducing, network requests."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.accounts import permissions
from dualcareer.cases.selectors import case_for_officer, consent_scopes_active
from dualcareer.core.views import apply_validation_error
from dualcareer.exchange import selectors as xs
from dualcareer.exchange import services as xsvc
from dualcareer.exchange.forms import IntroductionForm, NetworkRequestForm
from dualcareer.openings.models import Opening

SCOPE_LABELS = {
    "institution": _lazy("own institution"),
    "academic": _lazy("universities and research institutes"),
    "employers": _lazy("employers of other sectors"),
    "contact": _lazy("employers may make contact"),
}


def scope_labels(scopes: set[str]) -> list[str]:
    """Short names of the consent scopes in force, in a fixed order."""
    return [str(label) for code, label in SCOPE_LABELS.items() if code in scopes]


@login_required
def case_exchange(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """On the case: its introductions with the employers' answers, and its network requests."""
    case = case_for_officer(user=request.user, public_id=case_id)
    return render(
        request,
        "exchange/case_exchange.html",
        {
            "case": case,
            "introductions": xs.introductions_for_case(user=request.user, case=case),
            "requests": xs.network_requests_for_case(user=request.user, case=case),
            "interests": xs.interests_for_case(user=request.user, case=case),
            "scopes": scope_labels(consent_scopes_active(case=case)),
            "can_introduce": permissions.has(request.user, "introduction.create", case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def introduction_create(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Introduce the partner of a case to an employer, for an opening or speculatively."""
    case = case_for_officer(user=request.user, public_id=case_id)
    if not permissions.has(request.user, "introduction.create", case):
        raise PermissionDenied
    employers = xs.peer_institutions(case=case)
    # Only openings of network members can be introduced for.
    openings = xs.openings_for_introduction(user=request.user, case=case)
    initial = {}
    if request.GET.get("opening"):
        initial["opening"] = xs.opening_for_introduction(
            user=request.user, case=case, public_id=request.GET["opening"]
        )
    form = IntroductionForm(
        request.POST or None, initial=initial, openings=openings, employers=employers
    )
    if request.method == "POST" and form.is_valid():
        opening: Opening | None = form.cleaned_data.get("opening")
        try:
            xsvc.introduction_create(
                user=request.user,
                case=case,
                opening=opening,
                employer=None if opening else form.cleaned_data.get("employer"),
                message=form.cleaned_data.get("message") or "",
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The partner has been introduced to the employer."))
            return redirect("exchange:case", case_id=case.public_id)
    return render(
        request,
        "exchange/introduction_form.html",
        {"form": form, "case": case, "scopes": scope_labels(consent_scopes_active(case=case))},
    )


@login_required
@require_POST
def introduction_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    introduction = xs.introduction_for_officer(user=request.user, public_id=public_id)
    xsvc.introduction_withdraw(user=request.user, introduction=introduction)
    messages.success(request, _("The introduction has been withdrawn."))
    return redirect("exchange:case", case_id=introduction.case.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def network_request_create(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Send the anonymised profile to chosen members' Dual Career contacts or the network."""
    case = case_for_officer(user=request.user, public_id=case_id)
    if not permissions.has(request.user, "network_request.create", case):
        raise PermissionDenied
    form = NetworkRequestForm(request.POST or None, members=xs.network_request_members(case=case))
    if request.method == "POST" and form.is_valid():
        network = xs.network_of_case(case=case) if form.cleaned_data["whole_network"] else None
        try:
            _request, left_out = xsvc.network_request_send(
                user=request.user,
                case=case,
                message=form.cleaned_data["message"],
                institutions=form.cleaned_data["institutions"] if network is None else [],
                network=network,
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("The request has been saved; the e-mails to the contacts are queued.")
            )
            if left_out:
                messages.info(
                    request,
                    _(
                        "%(n)s members were left out: the consent does not cover them or they "
                        "have no Dual Career contact."
                    )
                    % {"n": len(left_out)},
                )
            return redirect("exchange:case", case_id=case.public_id)
    return render(
        request,
        "exchange/network_request_form.html",
        {"form": form, "case": case, "scopes": scope_labels(consent_scopes_active(case=case))},
    )
