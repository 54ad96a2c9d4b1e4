"""Pages for coordinators and officers: applications, statement, profile, contacts, users."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole
from dualcareer.network import selectors, services
from dualcareer.network.forms import (
    ApplicationApproveForm,
    ApplicationAskForm,
    ApplicationDeclineForm,
    ContactForm,
    InstitutionProfileForm,
    StatementVersionForm,
    UserAddForm,
)
from dualcareer.network.models import Application, Contact, Institution, NetworkMembership
from dualcareer.network.services._common import may_end_membership


def add_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form, on the named field where there is one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _editable(request: HttpRequest, slug: str) -> Institution:
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None:
        raise Http404
    if not permissions.has(request.user, "institution.edit", institution):
        raise PermissionDenied
    return institution


@login_required
def application_list_view(request: HttpRequest) -> HttpResponse:
    """The coordinator's applications: open ones first, decided ones below."""
    if not permissions.network_ids_coordinated_by(request.user):
        raise PermissionDenied
    applications = selectors.application_list(user=request.user)
    return render(
        request,
        "network/application_list.html",
        {
            "open": applications.filter(status__in=Application.OPEN_STATUSES),
            "decided": applications.exclude(status__in=Application.OPEN_STATUSES).order_by(
                "-decided_at"
            )[:100],
        },
    )


@login_required
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
                    messages.success(request, _("Your question has been sent to the applicant."))
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
                            "its contact has been informed."
                        )
                        % {"name": institution.name},
                    )
                    return redirect("network:application_list")
            else:
                return HttpResponse(_("Unknown action."), status=400)
        except ValidationError as error:
            target = {"decline": decline_form, "approve": approve_form}.get(action or "", ask_form)
            add_errors(target, error)
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
            add_errors(form, error)
        else:
            messages.success(request, _("The new version has been published."))
            return redirect("network:statement", slug=slug)
    return render(
        request, "network/statement_version_form.html", {"network": network, "form": form}
    )


@login_required
@require_POST
def statement_sign_view(request: HttpRequest, slug: str) -> HttpResponse:
    """An officer signs the current version for their institution."""
    network = selectors.network_public(slug=slug)
    institution = Institution.objects.filter(slug=request.POST.get("institution", "")).first()
    if network is None or institution is None:
        raise Http404
    try:
        services.statement_sign(
            network=network,
            institution=institution,
            actor=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Signed."))
    return redirect("network:statement", slug=slug)


@login_required
def membership_leave_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then end a membership (history kept, marked former)."""
    membership = get_object_or_404(
        NetworkMembership.objects.select_related("network", "institution"), pk=pk
    )
    if not may_end_membership(request.user, membership):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        try:
            services.membership_leave(membership=membership, actor=request.user)  # type: ignore[arg-type]
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("The membership has ended. Its history stays visible."))
            return redirect("network:network_detail", slug=membership.network.slug)
    return render(
        request, "network/membership_leave.html", {"membership": membership, "error": error}
    )


@login_required
def institution_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """An institution's officer (or the coordinator) edits its profile and services."""
    institution = _editable(request, slug)
    form = InstitutionProfileForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_profile_update(
                institution=Institution.objects.get(pk=institution.pk),
                actor=request.user,  # type: ignore[arg-type]
                values=form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("network:institution_detail", slug=slug)
    return render(
        request,
        "network/institution_edit.html",
        {"institution": institution, "form": form, "contacts": institution.contacts.all()},
    )


@login_required
def contact_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _contact_form(request, _editable(request, slug), None)


@login_required
def contact_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    institution = _editable(request, slug)
    contact = get_object_or_404(Contact, pk=pk, institution=institution)
    return _contact_form(request, institution, contact)


def _contact_form(
    request: HttpRequest, institution: Institution, contact: Contact | None
) -> HttpResponse:
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in ContactForm.Meta.fields}
        try:
            services.contact_save(
                institution=institution,
                actor=request.user,  # type: ignore[arg-type]
                values=values,
                contact=Contact.objects.get(pk=contact.pk) if contact else None,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The contact has been saved."))
            return redirect("network:institution_edit", slug=institution.slug)
    return render(
        request,
        "network/contact_form.html",
        {"institution": institution, "form": form, "contact": contact},
    )


@login_required
def contact_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    institution = _editable(request, slug)
    contact = get_object_or_404(Contact, pk=pk, institution=institution)
    if request.method == "POST":
        services.contact_delete(contact=contact, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The contact has been deleted."))
        return redirect("network:institution_edit", slug=slug)
    return render(
        request, "network/contact_delete.html", {"institution": institution, "contact": contact}
    )


@login_required
def institution_users(request: HttpRequest, slug: str) -> HttpResponse:
    """The institution's users and their roles; give a role the viewer may give."""
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None:
        raise Http404
    if not permissions.may_manage_users(request.user, institution):
        raise PermissionDenied
    roles = permissions.grantable_roles(request.user, institution)
    if request.method == "POST" and not roles:
        raise PermissionDenied
    form = UserAddForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_user_add(
                institution=institution,
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The role has been given; the person has been informed."))
            return redirect("network:institution_users", slug=slug)
    held = selectors.institution_roles(user=request.user, institution=institution)
    return render(
        request,
        "network/institution_users.html",
        {
            "institution": institution,
            "roles": held,
            "revocable": {
                role.pk for role in held if permissions.may_revoke_role(request.user, role)
            },
            "form": form if roles else None,
        },
    )


@login_required
@require_POST
def role_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None:
        raise Http404
    if not permissions.may_manage_users(request.user, institution):
        raise PermissionDenied
    role = get_object_or_404(InstitutionRole, pk=pk, institution=institution)
    try:
        services.institution_role_revoke(role=role, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role has been removed."))
    return redirect("network:institution_users", slug=slug)
