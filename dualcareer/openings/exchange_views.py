"""Pages for introductions and network requests."""

from __future__ import annotations

import contextlib
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.accounts import permissions
from dualcareer.cases.selectors import case_for_officer, consent_scopes_active
from dualcareer.core.lookups import get_or_404
from dualcareer.network.models import Institution, Network, NetworkMembership
from dualcareer.openings import exchange_selectors as xs
from dualcareer.openings import exchange_services as xsvc
from dualcareer.openings import selectors
from dualcareer.openings.forms import (
    AnswerForm,
    IntroductionForm,
    NetworkRequestForm,
    RequestAnswerForm,
)
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
        "openings/case_exchange.html",
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
            return redirect("openings:case_exchange", case_id=case.public_id)
    return render(
        request,
        "openings/introduction_form.html",
        {"form": form, "case": case, "scopes": scope_labels(consent_scopes_active(case=case))},
    )


@login_required
@require_POST
def introduction_withdraw(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    from dualcareer.openings.models import Introduction

    introduction = get_object_or_404(Introduction, public_id=public_id)
    case = case_for_officer(user=request.user, public_id=introduction.case.public_id)
    xsvc.introduction_withdraw(user=request.user, introduction=introduction)
    messages.success(request, _("The introduction has been withdrawn."))
    return redirect("openings:case_exchange", case_id=case.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def introduction_employer(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The employer's page of one introduction: anonymised profile and the answer form."""
    introduction = xs.introduction_for_employer(
        user=request.user, public_id=public_id, log_view=request.method == "GET"
    )
    if introduction is None:
        raise Http404
    form = AnswerForm(
        request.POST or None,
        initial={"answer": introduction.answer, "answer_reason": introduction.answer_reason},
    )
    if request.method == "POST":
        if request.POST.get("action") == "reveal":
            xsvc.introduction_request_reveal(user=request.user, introduction=introduction)
            messages.success(request, _("We have asked the partner to reveal their name."))
            return redirect("openings:introduction_employer", public_id=public_id)
        if form.is_valid():
            try:
                xsvc.introduction_answer(
                    user=request.user,
                    introduction=introduction,
                    answer=form.cleaned_data["answer"],
                    reason=form.cleaned_data["answer_reason"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Thank you: your answer has been sent."))
                return redirect("openings:introduction_employer", public_id=public_id)
    return render(
        request,
        "openings/introduction_employer.html",
        {
            "introduction": introduction,
            "rows": xs.profile_rows(xs.employer_profile(introduction)),
            "form": form,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_introductions(request: HttpRequest) -> HttpResponse:
    """The partner's introductions; here they agree (or not) to reveal their name."""
    introductions = xs.introductions_for_partner(user=request.user)
    if not request.user.is_partner:  # type: ignore[union-attr]
        raise PermissionDenied
    if request.method == "POST":
        introduction = get_or_404(introductions, public_id=request.POST.get("introduction"))
        agree = request.POST.get("reveal") == "1"
        try:
            xsvc.introduction_reveal(user=request.user, introduction=introduction, agree=agree)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The employer can now see your name and contact details.")
                if agree
                else _("Your name stays hidden from the employer."),
            )
        return redirect("openings:my_introductions")
    return render(request, "openings/my_introductions.html", {"introductions": introductions})


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
            return redirect("openings:case_exchange", case_id=case.public_id)
    return render(
        request,
        "openings/network_request_form.html",
        {"form": form, "case": case, "scopes": scope_labels(consent_scopes_active(case=case))},
    )


@require_http_methods(["GET", "POST"])
def request_answer(request: HttpRequest, token: str) -> HttpResponse:
    """A member's Dual Career contact answers a network request (signed link, no login).

    The link takes one answer while the request is open; afterwards it shows
    the answer given (without the profile), and once the request has ended
    (deadline, case closed or erased, consent withdrawn) only that: 410 Gone.
    """
    recipient = xsvc.recipient_from_token(token)
    if recipient is None:
        raise Http404
    view = xs.request_view_for_contact(recipient)
    if view["state"] == "ended":
        return render(request, "openings/request_ended.html", status=410)
    if view["state"] == "answered":
        return render(
            request,
            "openings/request_answered.html",
            {"recipient": recipient},
            status=409 if request.method == "POST" else 200,
        )
    form = RequestAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            xsvc.network_request_answer(
                recipient=recipient,
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: your answer has been sent."))
            return redirect("openings:request_answer", token=token)
    xs.request_read_log(recipient)
    return render(
        request,
        "openings/request_answer.html",
        {
            "recipient": recipient,
            "view": view,
            "rows": xs.profile_rows(view["profile"]),
            "form": form,
        },
    )
