"""The coordinator's pages: the identity providers of the network's member institutions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dualcareer.core.views import apply_validation_error, refuse_quietly
from dualcareer.sso import oidc, saml, selectors, services
from dualcareer.sso.forms import IdentityProviderForm


@login_required
@refuse_quietly
def provider_list(request: HttpRequest) -> HttpResponse:
    """The identity providers the coordinator configures, and this platform's SP details."""
    institutions = selectors.institutions_managed(user=request.user)
    if not institutions.exists():
        raise PermissionDenied
    return render(
        request,
        "sso/provider_list.html",
        {
            "providers": selectors.providers_managed(user=request.user),
            "sp_entity_id": saml.sp_entity_id(),
            "acs_url": saml.acs_url(),
            "oidc_redirect_uri": oidc.redirect_uri(),
        },
    )


@login_required
@refuse_quietly
def provider_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add or change an institution's identity provider."""
    institutions = selectors.institutions_managed(user=request.user)
    if not institutions.exists():
        raise PermissionDenied
    instance = selectors.provider_managed_get(user=request.user, pk=pk) if pk else None
    form = IdentityProviderForm(request.POST or None, instance=instance, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "institution"}
        try:
            services.provider_save(
                actor=request.user,  # type: ignore[arg-type]
                institution=form.cleaned_data["institution"],
                values=values,
                provider=selectors.provider_managed_get(user=request.user, pk=pk) if pk else None,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("The identity provider is saved."))
            return redirect("sso:provider_list")
    return render(request, "sso/provider_form.html", {"form": form, "provider": instance})
