"""The partner's self-service: invitation, own case, profile, consent, export, erasure."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualcareer.cases import gdpr, handovers, partner_mail, selectors, services, timeline
from dualcareer.cases.forms import (
    AcceptInvitationForm,
    ConsentGrantForm,
    ConsentWithdrawForm,
    DecisionForm,
    EraseForm,
)
from dualcareer.cases.invitations import invitation_accept, invitation_by_token
from dualcareer.cases.models import PROFESSIONAL_FIELDS, Case, ConsentScope, PartnerProfile
from dualcareer.cases.views._shared import (
    cv_response,
    export_pdf_response,
    export_response,
    profile_form_page,
)
from dualcareer.core.views import apply_validation_error, refuse_quietly


def _own_case(request: HttpRequest, *, log_view: bool = False) -> Case:
    case = selectors.case_for_partner(user=request.user, log_view=log_view)
    if case is None:
        raise PermissionDenied
    return case


@refuse_quietly
def invitation_view(request: HttpRequest, token: str) -> HttpResponse:
    """Accept the officer's invitation: set a password, then continue to the own case."""
    invitation = invitation_by_token(token=token)
    if invitation is None:
        return render(request, "cases/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                token=token,
                password=form.cleaned_data["password1"],
                user=request.user,
                language=get_language(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Please complete your profile."))
            return redirect("cases:my_profile")
    return render(
        request,
        "cases/invitation.html",
        {
            "form": form,
            "institution": invitation.case.institution,
            "email": invitation.email,
        },
    )


@login_required
@refuse_quietly
def my_case_view(request: HttpRequest) -> HttpResponse:
    case = selectors.case_for_partner(user=request.user, log_view=True)
    if case is None:
        return render(request, "cases/my_case.html", {"case": None})
    return render(
        request,
        "cases/my_case.html",
        {
            "case": case,
            "profile": case.profile,
            "missing": [
                getattr(PartnerProfile._meta.get_field(name), "verbose_name", name)
                for name in case.profile.missing_for_completion()
            ],
            "next_tasks": [] if case.is_closed else selectors.next_tasks_for_partner(case=case),
            "contacts": partner_mail.case_contacts(case=case),
            "timeline": timeline.partner_timeline(case=case),
            "active_scopes": selectors.consent_scopes_active(case=case),
            "handover": selectors.pending_handover_for_partner(case=case),
            "policy": getattr(case.institution, "case_policy", None),
        },
    )


@login_required
@refuse_quietly
def my_profile_view(request: HttpRequest) -> HttpResponse:
    case = _own_case(request)
    return profile_form_page(request, case, back_url_name="cases:my_case")


@login_required
@refuse_quietly
def my_cv_view(request: HttpRequest) -> FileResponse:
    return cv_response(_own_case(request).profile)


@login_required
@refuse_quietly
def my_consent_view(request: HttpRequest) -> HttpResponse:
    case = _own_case(request)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "acknowledge":
            services.acknowledgement_record(case=case, actor=request.user)
            messages.success(request, _("Thank you, your acknowledgement was recorded."))
            return redirect("cases:my_consent")
        form: Any = (
            ConsentGrantForm(request.POST)
            if action == "grant"
            else ConsentWithdrawForm(request.POST)
        )
        if action in ("grant", "withdraw") and form.is_valid():
            scope = form.cleaned_data["scope"]
            label = ConsentScope(scope).label
            if action == "grant":
                services.consent_grant(
                    case=case, scope=scope, actor=request.user, months=form.cleaned_data["months"]
                )
                messages.success(
                    request,
                    _("Consent granted: %(scope)s. A receipt will be e-mailed to you shortly.")
                    % {"scope": label},
                )
            else:
                services.consent_withdraw(case=case, scope=scope, actor=request.user)
                messages.success(
                    request,
                    _(
                        "Consent withdrawn with immediate effect: %(scope)s. "
                        "A receipt will be e-mailed to you shortly."
                    )
                    % {"scope": label},
                )
            return redirect("cases:my_consent")
        messages.error(request, _("Please choose a scope and a period."))
    active = {c.scope: c for c in selectors.consent_history(case=case) if c.is_active()}
    coverage = selectors.consent_coverage(case=case)
    rows = [
        {
            "scope": value,
            "label": label,
            "consent": active.get(value),
            "grant_form": ConsentGrantForm(
                initial={"scope": value, "months": 12}, auto_id=f"id_{value}_%s"
            ),
            "withdraw_form": ConsentWithdrawForm(
                initial={"scope": value}, auto_id=f"id_w_{value}_%s"
            ),
            "covered": coverage.get(value, []),
        }
        for value, label in ConsentScope.choices
    ]
    return render(
        request,
        "cases/my_consent.html",
        {
            "case": case,
            "rows": rows,
            "history": selectors.consent_history(case=case),
            "acknowledgement": selectors.acknowledgement_of(case=case),
            "shown_fields": [
                getattr(PartnerProfile._meta.get_field(name), "verbose_name", name)
                for name in PROFESSIONAL_FIELDS
            ],
        },
    )


@login_required
@refuse_quietly
def my_export_view(
    request: HttpRequest, as_json: bool = False, as_pdf: bool = False
) -> HttpResponse:
    case = _own_case(request)
    data = gdpr.partner_export(case=case, actor=request.user)
    if as_pdf:
        return export_pdf_response(data, case=case)
    return export_response(request, data, as_json=as_json, case=case)


def _end_session_of_erased_partner(request: HttpRequest, case: Case) -> None:
    """Log the partner out after their account was deleted with their data.

    `logout()` would audit the logout of the deleted account (a dangling
    reference); the session is flushed here instead, and the audit entry
    names the anonymised case, not the account.
    """
    request.session.flush()
    request.user = AnonymousUser()
    services.partner_logout_after_erasure_record(case=case)


@login_required
@refuse_quietly
def my_erase_view(request: HttpRequest) -> HttpResponse:
    case = _own_case(request)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gdpr.case_erase(case=case, actor=request.user)
        _end_session_of_erased_partner(request, case)
        return render(request, "cases/erased.html")
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Delete my data"),
            "submit": _("Delete my data irrevocably"),
            "danger": True,
            "intro": _(
                "Your profile, CV, contact data and your account will be deleted (GDPR "
                "Art. 17) and your case ends. Only anonymised statistics remain. You may "
                "want to download your data first."
            ),
        },
    )


@login_required
@refuse_quietly
@require_POST
def my_handover_view(request: HttpRequest) -> HttpResponse:
    case = _own_case(request)
    handover = selectors.pending_handover_for_partner(case=case)
    form = DecisionForm(request.POST)
    if handover is not None and form.is_valid():
        agree = form.cleaned_data["decision"] == "yes"
        handovers.handover_partner_decide(handover=handover, actor=request.user, agree=agree)
        messages.success(request, _("Thank you, your decision was recorded."))
    return redirect("cases:my_case")
