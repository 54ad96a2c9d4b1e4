"""The officers' pages of cases: thin views that validate, call one service or selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from dualcareer.accounts import permissions
from dualcareer.cases import gdpr, handovers, selectors, services
from dualcareer.cases.forms import (
    ActivityForm,
    CaseEditForm,
    CaseOpenForm,
    CasePolicyForm,
    CaseSearchForm,
    CloseForm,
    ConsentWithdrawForm,
    DecisionForm,
    EraseForm,
    HandoverForm,
    InviteForm,
    ProcessStepForm,
    StatusForm,
)
from dualcareer.cases.invitations import partner_invite
from dualcareer.cases.models import IDENTIFYING_FIELDS, CaseStatus, ConsentScope
from dualcareer.cases.views._shared import cv_response, export_response, profile_form_page
from dualcareer.core import idempotency, locking, sections
from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly

CASES_PER_PAGE = 50


def _require_officer(user: Any) -> None:
    if not permissions.institution_ids_with(user, "case.view"):
        raise PermissionDenied


@login_required
@refuse_quietly
def case_list_view(request: HttpRequest) -> HttpResponse:
    _require_officer(request.user)
    search = CaseSearchForm(request.GET or None)
    status = query = ""
    if search.is_valid():
        status = search.cleaned_data["status"]
        query = search.cleaned_data["q"]
    cases = selectors.case_list_page_rows(user=request.user, status=status or None, query=query)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/list.html",
        {
            "cases": page.object_list,
            "page": page,
            "search": search,
            "status": status,
            "query": query,
            "statuses": CaseStatus.choices,
            "can_create": permissions.has(request.user, "case.create"),
            "can_manage_process": permissions.has(request.user, "process.manage"),
            "handovers": selectors.handovers_awaiting(user=request.user),
        },
    )


@login_required
@refuse_quietly
def case_open_view(request: HttpRequest) -> HttpResponse:
    institutions = selectors.institutions_for_officer(user=request.user)
    if not institutions.exists():
        raise PermissionDenied
    first = institutions.first()
    assert first is not None
    officers = selectors.colleagues_of(user=request.user, institution_id=first.pk)
    form = CaseOpenForm(request.POST or None, institutions=institutions, officers=officers)
    idempotency.add_token_field(form)  # a double submission opens one case
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FIELD_NAME)
        data["assigned_officers"] = list(data["assigned_officers"])
        try:
            with transaction.atomic():
                claimed = idempotency.claim(request, "cases.open")
                case = services.case_open(actor=request.user, **data)
                idempotency.done(claimed, str(case.public_id))
        except idempotency.AlreadySubmitted as seen:
            messages.info(
                request, _("This form had already been sent: here is the case it opened.")
            )
            if seen.result:
                return redirect("cases:detail", public_id=seen.result)
            return redirect("cases:list")
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The case was opened."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Open a case"),
            "submit": _("Open the case"),
            "intro": _(
                "Open a case for a couple: the recruited person and the accompanying partner. "
                "You can invite the partner afterwards."
            ),
            "back": "cases:list",
        },
    )


def _case_context(request: HttpRequest, case: Any) -> dict[str, Any]:
    tasks = list(selectors.task_list(case=case))
    profile = getattr(case, "profile", None)
    policy = getattr(case.institution, "case_policy", None)
    return {
        "case": case,
        "sections": sections.sections_for("case.detail", request, case),
        "profile": profile,
        "identifying": IDENTIFYING_FIELDS,
        "tasks": tasks,
        "overdue": [t for t in tasks if t.is_overdue],
        "activities": selectors.activity_list(user=request.user, case=case),
        "consents": selectors.consent_history(case=case),
        "active_scopes": selectors.consent_scopes_active(case=case),
        "scopes": ConsentScope.choices,
        "policy": policy,
        "invitation": selectors.open_invitation(case=case),
        "handover": selectors.handover_open(case=case),
        "status_form": StatusForm(initial={"status": (case.next_statuses() or ("",))[0]}),
        "next_status": (case.next_statuses() or (None,))[0],
        "invite_form": InviteForm(
            initial={"email": profile.email if profile else "", "language": "de"}
        ),
        "audit_entries": selectors.case_audit_entries(user=request.user, case=case),
        "can_export": permissions.has(request.user, "case.export", case),
        "can_erase": permissions.has(request.user, "case.erase", case),
    }


@login_required
@refuse_quietly
def case_detail_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = selectors.case_for_officer(user=request.user, public_id=public_id)
    return render(request, "cases/detail.html", _case_context(request, case))


def _case_for_change(request: HttpRequest, public_id: Any) -> Any:
    """Return the case for a form page; showing the form counts as a view of the case,
    submitting it is audited by the service."""
    return selectors.case_for_officer(
        user=request.user, public_id=public_id, log_view=request.method == "GET"
    )


@login_required
@refuse_quietly
def case_edit_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    officers = selectors.officers_of(institution_id=case.institution_id)
    initial = {name: getattr(case, name) for name in services.CASE_EDITABLE}
    initial["assigned_officers"] = list(case.assigned_officers.all())
    form = CaseEditForm(request.POST or None, initial=initial, officers=officers)
    locking.add_version_field(form, case)  # two officers saving: a conflict, not last-write-wins
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(locking.FIELD_NAME)
        assigned = list(data.pop("assigned_officers"))
        try:
            with transaction.atomic():
                locking.lock_unchanged(case, locking.submitted_version(form))
                services.case_update(
                    case=case, actor=request.user, data=data, assigned_officers=assigned
                )
        except locking.EditConflict as conflict:
            locking.show_conflict(form, conflict)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The case was saved."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Edit case %(ref)s") % {"ref": case.reference},
            "submit": _("Save"),
            "case": case,
        },
    )


@login_required
@refuse_quietly
@require_POST
def case_status_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Move the case on; a refusal (e.g. the acknowledgement not ticked) is shown at the field."""
    case = _case_for_change(request, public_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.case_status_set(
                case=case,
                actor=request.user,
                status=form.cleaned_data["status"],
                acknowledged=form.cleaned_data["acknowledged"],
            )
        except ValidationError as error:
            apply_validation_error(form, error, known=["acknowledged"])
        else:
            messages.success(request, _("The status was changed."))
            return redirect("cases:detail", public_id=case.public_id)
    else:
        form.add_error(None, _("Please choose a valid status."))
    context = _case_context(request, case)
    context["status_form"] = form
    return render(request, "cases/detail.html", context)


@login_required
@refuse_quietly
def case_close_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Close a case; when introductions or network requests are still open, list them first
    and close them with the case only once the officer confirms."""
    case = _case_for_change(request, public_id)
    if case.is_closed:
        messages.info(request, _("The case is already closed."))
        return redirect("cases:detail", public_id=case.public_id)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(
                case=case,
                actor=request.user,
                outcome=form.cleaned_data["outcome"],
                on=form.cleaned_data["closed_on"],
                close_open_items=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            if "confirm" in getattr(error, "error_dict", {}):
                return render(
                    request,
                    "cases/close_confirm.html",
                    {
                        "case": case,
                        "form": form,
                        "items": selectors.open_items_on_close(case=case),
                    },
                )
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The case was closed."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Close case %(ref)s") % {"ref": case.reference},
            "submit": _("Close the case"),
            "case": case,
            "intro": _(
                "Record the outcome. The retention period starts on the closing day. "
                "Steps not done yet are marked as not needed."
            ),
        },
    )


@login_required
@refuse_quietly
@require_POST
def case_reopen_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    try:
        services.case_reopen(case=case, actor=request.user)
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The case was reopened."))
    return redirect("cases:detail", public_id=case.public_id)


RESEND_NOTE = gettext_noop(
    "A new invitation replaces an earlier one: only the link in the newest e-mail works."
)


@login_required
@refuse_quietly
def case_invite_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    form = InviteForm(request.POST or None, initial={"email": case.profile.email})
    idempotency.add_token_field(form)  # a double submission sends one invitation
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop(idempotency.FIELD_NAME)
        try:
            with transaction.atomic():
                claimed = idempotency.claim(request, "cases.invite")
                partner_invite(case=case, actor=request.user, **data)
                idempotency.done(claimed, str(case.public_id))
        except idempotency.AlreadySubmitted:
            messages.info(request, _("This invitation had already been sent."))
            return redirect("cases:detail", public_id=case.public_id)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # The e-mail is queued with the invitation and sent by the worker.
            messages.success(
                request, _("The invitation is queued and will be e-mailed in a moment.")
            )
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Invite the partner"),
            "submit": _("Send the invitation"),
            "intro": _(RESEND_NOTE) if selectors.open_invitation(case=case) else "",
            "case": case,
        },
    )


@login_required
@refuse_quietly
def activity_add_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.activity_log(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The activity was logged."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Log an activity"),
            "submit": _("Log the activity"),
            "case": case,
        },
    )


@login_required
@refuse_quietly
@require_POST
def task_done_view(request: HttpRequest, public_id: Any, task_id: int) -> HttpResponse:
    case = _case_for_change(request, public_id)
    task = selectors.task_of_case(case=case, task_id=task_id)
    if case.is_closed:
        messages.error(request, _("The case is closed: its steps cannot change."))
        return redirect("cases:detail", public_id=case.public_id)
    done = request.POST.get("done") == "1"
    services.task_set_done(task=task, actor=request.user, done=done)
    if request.POST.get("next") == "today":
        messages.success(
            request,
            _("“%(step)s” of case %(ref)s is done.")
            % {"step": task.step.title, "ref": case.reference},
        )
        return redirect("site:today")
    return redirect("cases:detail", public_id=case.public_id)


@login_required
@refuse_quietly
def profile_edit_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    return profile_form_page(request, case, back_url_name="cases:detail")


@login_required
@refuse_quietly
def case_cv_view(request: HttpRequest, public_id: Any) -> FileResponse:
    case = selectors.case_for_officer(user=request.user, public_id=public_id)
    return cv_response(case.profile)


@login_required
@refuse_quietly
@require_POST
def consent_withdraw_officer_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    form = ConsentWithdrawForm(request.POST)
    if form.is_valid():
        services.consent_withdraw(case=case, scope=form.cleaned_data["scope"], actor=request.user)
        messages.success(request, _("The withdrawal was recorded; sharing stopped at once."))
    return redirect("cases:detail", public_id=case.public_id)


@login_required
@refuse_quietly
def case_export_view(request: HttpRequest, public_id: Any, as_json: bool = False) -> HttpResponse:
    case = _case_for_change(request, public_id)
    data = gdpr.partner_export(case=case, actor=request.user)
    return export_response(request, data, as_json=as_json, case=case)


@login_required
@refuse_quietly
def case_erase_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    if not permissions.has(request.user, "case.erase", case):
        raise PermissionDenied
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        gdpr.case_erase(case=case, actor=request.user)
        messages.success(request, _("The personal data of the case were erased."))
        return redirect("cases:list")
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Erase the personal data of case %(ref)s") % {"ref": case.reference},
            "submit": _("Erase irrevocably"),
            "case": case,
            "danger": True,
            "intro": _(
                "On the partner's request (GDPR Art. 17): the profile, CV, contact data, "
                "internal notes and the partner's account are deleted. Only anonymised "
                "statistics remain (status, outcome, dates)."
            ),
        },
    )


@login_required
@refuse_quietly
def handover_request_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    institutions = selectors.handover_target_institutions(case=case)
    form = HandoverForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            handovers.handover_request(
                case=case, actor=request.user, to_institution=form.cleaned_data["to_institution"]
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The partner was asked to consent to the handover."))
            return redirect("cases:detail", public_id=case.public_id)
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Hand the case to another institution"),
            "submit": _("Request the handover"),
            "case": case,
            "intro": _(
                "When the couple moves within the network. The partner must consent, and an "
                "officer of the receiving institution must accept."
            ),
        },
    )


@login_required
@refuse_quietly
@require_POST
def handover_cancel_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    case = _case_for_change(request, public_id)
    handover = selectors.handover_open(case=case)
    if handover is None:
        raise Http404
    handovers.handover_cancel(handover=handover, actor=request.user)
    messages.success(request, _("The handover was cancelled."))
    return redirect("cases:detail", public_id=case.public_id)


@login_required
@refuse_quietly
def handover_decide_view(request: HttpRequest, public_id: Any) -> HttpResponse:
    handover = selectors.handover_for_receiver(user=request.user, public_id=public_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept = form.cleaned_data["decision"] == "yes"
        handovers.handover_receiver_decide(handover=handover, actor=request.user, accept=accept)
        if accept:
            messages.success(request, _("You accepted the case; it is now assigned to you."))
            return redirect("cases:detail", public_id=handover.case.public_id)
        messages.success(request, _("You declined the handover."))
        return redirect("cases:list")
    return render(request, "cases/handover_decide.html", {"handover": handover})


@login_required
@refuse_quietly
def process_view(request: HttpRequest) -> HttpResponse:
    institutions = selectors.institutions_for_officer(user=request.user, perm="process.manage")
    institution = institutions.first()
    if institution is None:
        raise PermissionDenied
    form = ProcessStepForm(request.POST or None)
    if request.method == "POST" and "deactivate" in request.POST:
        step = selectors.process_step_of(
            institution=institution, step_id=request.POST.get("deactivate")
        )
        services.process_step_deactivate(actor=request.user, step=step)
        messages.success(request, _("The step was removed from your process."))
        return redirect("cases:process")
    if request.method == "POST" and form.is_valid():
        try:
            services.process_step_add(
                actor=request.user, institution=institution, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The step was added to your process."))
            return redirect("cases:process")
    steps = selectors.steps_for_institution(institution_id=institution.pk)
    return render(
        request,
        "cases/process.html",
        {
            "form": form,
            "steps": steps,
            "institution": institution,
        },
    )


@login_required
@refuse_quietly
def policy_view(request: HttpRequest) -> HttpResponse:
    institutions = selectors.institutions_for_officer(user=request.user, perm="process.manage")
    institution = institutions.first()
    if institution is None:
        raise PermissionDenied
    policy = selectors.case_policy_of(institution=institution)
    initial = {name: getattr(policy, name) for name in CasePolicyForm.base_fields} if policy else {}
    form = CasePolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_policy_update(
                actor=request.user, institution=institution, **form.cleaned_data
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The rules were saved."))
            return redirect("cases:list")
    return render(
        request,
        "cases/form.html",
        {
            "form": form,
            "title": _("Case rules of %(institution)s") % {"institution": institution.display_name},
            "submit": _("Save"),
            "intro": _(
                "Who your Dual Career Service may serve and for how long (shown to officers "
                "at intake and to partners), and how long closed cases are kept before they "
                "are anonymised."
            ),
        },
    )
