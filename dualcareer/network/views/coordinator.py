"""The coordinators' pages: applications to join a network, new versions of the statement."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.core.views import apply_validation_error, refuse_quietly
from dualcareer.network import selectors, services
from dualcareer.network.forms import (
    ApplicationApproveForm,
    ApplicationAskForm,
    ApplicationDeclineForm,
    StatementVersionForm,
)


@login_required
@refuse_quietly
def application_list_view(request: HttpRequest) -> HttpResponse:
    """The coordinator's applications: open ones first, decided ones below."""
    if not permissions.network_ids_coordinated_by(request.user):
        raise PermissionDenied
    open_applications, decided = selectors.application_lists(user=request.user)
    return render(
        request,
        "network/application_list.html",
        {"open": open_applications, "decided": decided},
    )


@login_required
@refuse_quietly
def application_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    """One application with its questions and answers; ask back, approve or decline."""
    application = selectors.application_get(user=request.user, public_id=public_id)
    if application is None:
        raise Http404
    options = selectors.application_approval_options(user=request.user, application=application)
    if options is None:
        raise Http404
    ask_form = ApplicationAskForm(prefix="ask")
    decline_form = ApplicationDeclineForm(prefix="decline")
    approve_form = _approve_form(options, None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "ask":
                ask_form = ApplicationAskForm(request.POST, prefix="ask")
                if ask_form.is_valid():
                    services.application_ask(
                        application=application,
                        actor=request.user,  # type: ignore[arg-type]
                        question=ask_form.cleaned_data["question"],
                    )
                    messages.success(
                        request,
                        _("Your question is queued and will be e-mailed to the applicant shortly."),
                    )
                    return redirect("network:application_detail", public_id=public_id)
            elif action == "decline":
                decline_form = ApplicationDeclineForm(request.POST, prefix="decline")
                if decline_form.is_valid():
                    services.application_decline(
                        application=application,
                        actor=request.user,  # type: ignore[arg-type]
                        reason=decline_form.cleaned_data["reason"],
                    )
                    messages.success(request, _("The application has been declined."))
                    return redirect("network:application_list")
            elif action == "approve":
                approve_form = _approve_form(options, request.POST)
                if approve_form.is_valid():
                    institution = services.application_approve(
                        application=application,
                        actor=request.user,  # type: ignore[arg-type]
                        role=approve_form.cleaned_data["role"],
                        attach_to=options.existing,
                    )
                    messages.success(
                        request,
                        _(
                            "Approved. %(name)s is now in the network; "
                            "its contact will be informed by e-mail shortly."
                        )
                        % {"name": institution.name},
                    )
                    return redirect("network:application_list")
            else:
                return HttpResponse(_("Unknown action."), status=400)
        except ValidationError as error:
            target = {"decline": decline_form, "approve": approve_form}.get(action or "", ask_form)
            apply_validation_error(target, error)
    return render(
        request,
        "network/application_detail.html",
        {
            "application": application,
            "ask_form": ask_form,
            "decline_form": decline_form,
            "approve_form": approve_form,
            "approval": options,
        },
    )


def _approve_form(options: selectors.ApprovalOptions, data: Any) -> ApplicationApproveForm:
    return ApplicationApproveForm(
        data,
        prefix="approve",
        roles=options.roles,
        default_role=options.default_role,
        existing=options.existing,
    )


@login_required
@refuse_quietly
def statement_new_version(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinator publishes a new version of the joint statement."""
    network = selectors.network_public(slug=slug)
    if network is None:
        raise Http404
    if network.pk not in permissions.network_ids_coordinated_by(request.user):
        raise PermissionDenied
    current = services.current_version(network)
    initial = (
        {field: getattr(current, field) for field in ("title_de", "title_en", "text_de", "text_en")}
        if current
        else {}
    )
    form = StatementVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_version_publish(
                network=network,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The new version has been published."))
            return redirect("network:statement", slug=slug)
    return render(
        request, "network/statement_version_form.html", {"network": network, "form": form}
    )
