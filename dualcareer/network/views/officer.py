"""Pages of the members' officers: their institution's profile, contacts, users and roles,
signing the statement, leaving a network."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualcareer.accounts import permissions
from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly
from dualcareer.network import selectors, services
from dualcareer.network.forms import ContactForm, InstitutionProfileForm, UserAddForm
from dualcareer.network.models import Contact, Institution
from dualcareer.network.services._common import may_end_membership


def _fresh(institution: Institution) -> Institution:
    fresh = selectors.institution_by_slug(slug=institution.slug)
    if fresh is None:
        raise Http404
    return fresh


def _editable(request: HttpRequest, slug: str) -> Institution:
    institution = selectors.institution_by_slug(slug=slug)
    if institution is None:
        raise Http404
    if not permissions.has(request.user, "institution.edit", institution):
        raise PermissionDenied
    return institution


@login_required
@refuse_quietly
@require_POST
def statement_sign_view(request: HttpRequest, slug: str) -> HttpResponse:
    """An officer signs the current version for their institution."""
    network = selectors.network_public(slug=slug)
    institution = selectors.institution_by_slug(slug=request.POST.get("institution", ""))
    if network is None or institution is None:
        raise Http404
    try:
        services.statement_sign(
            network=network,
            institution=institution,
            actor=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("Signed."))
    return redirect("network:statement", slug=slug)


@login_required
@refuse_quietly
def membership_leave_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then end a membership (history kept, marked former)."""
    membership = selectors.membership_get(pk=pk)
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
@refuse_quietly
def institution_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """An institution's officer (or the coordinator) edits its profile and services."""
    institution = _editable(request, slug)
    form = InstitutionProfileForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_profile_update(
                # A fresh copy: validating the form has changed `institution`.
                institution=_fresh(institution),
                actor=request.user,  # type: ignore[arg-type]
                values=form.values(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("network:institution_detail", slug=slug)
    return render(
        request,
        "network/institution_edit.html",
        {
            "institution": institution,
            "form": form,
            "contacts": selectors.institution_contacts(institution=institution),
        },
    )


@login_required
@refuse_quietly
def contact_add(request: HttpRequest, slug: str) -> HttpResponse:
    return _contact_form(request, _editable(request, slug), None)


@login_required
@refuse_quietly
def contact_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    institution = _editable(request, slug)
    contact = selectors.contact_of(institution=institution, pk=pk)
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
                # A fresh copy: validating the form has changed `contact`.
                contact=selectors.contact_of(institution=institution, pk=contact.pk)
                if contact
                else None,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The contact has been saved."))
            return redirect("network:institution_edit", slug=institution.slug)
    return render(
        request,
        "network/contact_form.html",
        {"institution": institution, "form": form, "contact": contact},
    )


@login_required
@refuse_quietly
def contact_delete_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    institution = _editable(request, slug)
    contact = selectors.contact_of(institution=institution, pk=pk)
    if request.method == "POST":
        services.contact_delete(contact=contact, actor=request.user)  # type: ignore[arg-type]
        messages.success(request, _("The contact has been deleted."))
        return redirect("network:institution_edit", slug=slug)
    return render(
        request, "network/contact_delete.html", {"institution": institution, "contact": contact}
    )


@login_required
@refuse_quietly
def institution_users(request: HttpRequest, slug: str) -> HttpResponse:
    """The institution's users and their roles; give a role the viewer may give."""
    institution = selectors.institution_by_slug(slug=slug)
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
            apply_validation_error(form, error)
        else:
            messages.success(
                request,
                _("The role has been given; the person will be informed by e-mail shortly."),
            )
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
@refuse_quietly
@require_POST
def role_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    institution = selectors.institution_by_slug(slug=slug)
    if institution is None:
        raise Http404
    if not permissions.may_manage_users(request.user, institution):
        raise PermissionDenied
    role = selectors.role_of(institution=institution, pk=pk)
    try:
        services.institution_role_revoke(role=role, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The role has been removed."))
    return redirect("network:institution_users", slug=slug)
