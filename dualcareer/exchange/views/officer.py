"""Pages of the Dual Career officers: a case's exchange, introducing, network requests."""

from __future__ import annotations

import contextlib
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.accounts import permissions
from dualcareer.cases.selectors import case_for_officer, consent_scopes_active
from dualcareer.exchange import selectors as xs
from dualcareer.exchange import services as xsvc
from dualcareer.exchange.forms import IntroductionForm, NetworkRequestForm
from dualcareer.exchange.models import Introduction
from dualcareer.network.models import Institution, Network, NetworkMembership
from dualcareer.openings import selectors
from dualcareer.openings.models import Opening
from dualcareer.openings.views import apply_errors

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


def _peer_employers(case_institution_id: int) -> list[Institution]:
    ids = selectors.network_peer_ids({case_institution_id})
    return list(Institution.objects.filter(pk__in=ids, is_active=True).order_by("name"))


@login_required
@require_http_methods(["GET", "POST"])
def introduction_create(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Introduce the partner of a case to an employer, for an opening or speculatively."""
    case = case_for_officer(user=request.user, public_id=case_id)
    if not permissions.has(request.user, "introduction.create", case):
        raise PermissionDenied
    employers = Institution.objects.filter(
        pk__in=[i.pk for i in _peer_employers(case.institution_id)]
    )
    # Only openings of network members can be introduced for.
    openings = (
        selectors.openings_visible(user=request.user)
        .filter(institution__in=employers)
        .select_related("institution")
        .order_by("institution__name", "title_de", "title_en")
    )
    initial = {}
    if request.GET.get("opening"):
        with contextlib.suppress(ValidationError):
            initial["opening"] = openings.filter(public_id=request.GET["opening"]).first()
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
            apply_errors(form, error)
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
    introduction = get_object_or_404(Introduction, public_id=public_id)
    case = case_for_officer(user=request.user, public_id=introduction.case.public_id)
    xsvc.introduction_withdraw(user=request.user, introduction=introduction)
    messages.success(request, _("The introduction has been withdrawn."))
    return redirect("exchange:case", case_id=case.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def network_request_create(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Send the anonymised profile to chosen members' Dual Career contacts or the network."""
    case = case_for_officer(user=request.user, public_id=case_id)
    if not permissions.has(request.user, "network_request.create", case):
        raise PermissionDenied
    members = Institution.objects.filter(
        pk__in=[i.pk for i in _peer_employers(case.institution_id)]
    ).exclude(pk=case.institution_id)
    form = NetworkRequestForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        network = None
        if form.cleaned_data["whole_network"]:
            network_ids = (
                NetworkMembership.objects.current()
                .filter(institution_id=case.institution_id)
                .values("network_id")
            )
            network = Network.objects.filter(pk__in=network_ids, kind="regional").first() or (
                Network.objects.filter(pk__in=network_ids).first()
            )
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
            apply_errors(form, error)
        else:
            messages.success(request, _("The request has been sent."))
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
