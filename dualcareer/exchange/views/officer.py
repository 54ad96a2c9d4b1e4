"""Pages of the Dual Career officers: a case's exchange, introducing, network requests."""

from __future__ import annotations

import uuid
from typing import Any

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
from dualcareer.exchange.forms import IntroductionForm, NetworkRequestForm, RequestAnswerForm
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
    may_act = not case.is_closed and permissions.has(request.user, "introduction.create", case)
    return render(
        request,
        "exchange/case_exchange.html",
        {
            "case": case,
            "introductions": xs.introductions_for_case(user=request.user, case=case),
            "requests": xs.network_requests_for_case(user=request.user, case=case),
            "interests": xs.interests_for_case(user=request.user, case=case),
            "scopes": scope_labels(consent_scopes_active(case=case)),
            "can_introduce": may_act,
            "has_employers": may_act and xs.introduction_employers(case=case).exists(),
            "has_members": may_act and xs.network_request_members(case=case).exists(),
        },
    )


def _not_possible(request: HttpRequest, case: Any, *, title: str, reason: str) -> HttpResponse:
    """The page that says why a form is not offered (closed case, no consent), with the way on."""
    return render(
        request,
        "exchange/not_possible.html",
        {"case": case, "title": title, "reason": reason},
    )


def _closed_or_uncovered(
    request: HttpRequest, case: Any, *, title: str, empty: bool
) -> HttpResponse | None:
    if case.is_closed:
        return _not_possible(
            request,
            case,
            title=title,
            reason=_("The case is closed. Reopen it on the case page to act on it again."),
        )
    if empty:
        return _not_possible(
            request,
            case,
            title=title,
            reason=_(
                "The partner's consent in force covers no member with a contact person "
                "on the platform. Only the partner can grant consent, in their own account: "
                "ask them to extend it (see the consent on the case page)."
            ),
        )
    return None


@login_required
@require_http_methods(["GET", "POST"])
def introduction_create(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """Introduce the partner of a case to an employer, for an opening or speculatively."""
    case = case_for_officer(user=request.user, public_id=case_id)
    if not permissions.has(request.user, "introduction.create", case):
        raise PermissionDenied
    employers = xs.introduction_employers(case=case)
    refusal = _closed_or_uncovered(
        request, case, title=_("Introduce to an employer"), empty=not employers.exists()
    )
    if refusal is not None:
        return refusal
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
    members = xs.network_request_members(case=case)
    refusal = _closed_or_uncovered(
        request, case, title=_("Ask the network"), empty=not members.exists()
    )
    if refusal is not None:
        return refusal
    form = NetworkRequestForm(request.POST or None, members=members)
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


@login_required
@require_http_methods(["GET", "POST"])
def request_answer_signed_in(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A network request addressed to the user's institution, answered while logged in.

    The same states as the e-mailed link (`public.request_answer`): open
    (message, anonymised profile, the form), answered, or ended.
    """
    recipient = xs.incoming_request_for_user(user=request.user, public_id=public_id)
    view = xs.request_view_for_contact(recipient)
    if view["state"] == "ended":
        return render(
            request,
            "exchange/request_ended.html",
            {"case_closed": view.get("case_closed", False)},
            status=410,
        )
    if view["state"] == "answered":
        return render(
            request,
            "exchange/request_answered.html",
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
                user=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("Your answer is saved and the e-mail to the Dual Career Service is queued."),
            )
            return redirect("site:today")
    xs.request_read_log(recipient)
    return render(
        request,
        "exchange/request_answer.html",
        {
            "recipient": recipient,
            "view": view,
            "rows": xs.profile_rows(view["profile"]),
            "form": form,
        },
    )
