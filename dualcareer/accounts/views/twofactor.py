"""Two-factor login pages: set up the authenticator app, enter a code, switch it off."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dualcareer.accounts import twofactor
from dualcareer.accounts.forms import TwoFactorCodeForm
from dualcareer.core.views import apply_validation_error


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("site:dashboard")


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: QR code and secret, then a first code; recovery codes once."""
    user = request.user
    enrolled = twofactor.is_enrolled(user)
    if enrolled and not twofactor.session_is_verified(request):
        return redirect("accounts:twofactor_verify")
    form = TwoFactorCodeForm(request.POST or None)
    secret = request.session.get(twofactor.SESSION_PENDING_SECRET_KEY)
    if request.method == "GET" or not secret:
        secret = twofactor.secret_new()
        request.session[twofactor.SESSION_PENDING_SECRET_KEY] = secret
    elif form.is_valid():
        try:
            codes = twofactor.device_enrol(
                user=user,  # type: ignore[arg-type]
                secret=secret,
                code=form.cleaned_data["code"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            del request.session[twofactor.SESSION_PENDING_SECRET_KEY]
            twofactor.session_mark_verified(request, method="totp")
            return render(
                request,
                "accounts/twofactor_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    uri = twofactor.provisioning_uri(secret=secret, user=user)  # type: ignore[arg-type]
    return render(
        request,
        "accounts/twofactor_setup.html",
        {
            "form": form,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "qr_svg": twofactor.qr_svg(uri),
            "enrolled": enrolled,
            "required": twofactor.is_required(user),
            "next": request.POST.get("next") or request.GET.get("next", ""),
        },
    )


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Enter the code of the authenticator app (or a recovery code) after logging in."""
    user = request.user
    if not twofactor.is_enrolled(user):
        return redirect("accounts:twofactor_setup")
    if twofactor.session_is_verified(request) and request.method == "GET":
        return redirect(_next_url(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            method = twofactor.code_verify(user=user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            twofactor.session_mark_verified(request, method=method)
            if method == "recovery":
                left = twofactor.recovery_codes_left(user=user)  # type: ignore[arg-type]
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; %(left)s are left. "
                        "Set up your authenticator app again if you have lost it."
                    )
                    % {"left": left},
                )
            return redirect(_next_url(request))
    return render(
        request,
        "accounts/twofactor_verify.html",
        {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")},
    )


@never_cache
@login_required
@require_POST
def remove(request: HttpRequest) -> HttpResponse:
    """Switch two-factor login off (where the user's roles do not require it)."""
    form = TwoFactorCodeForm(request.POST)
    if form.is_valid():
        try:
            twofactor.device_remove(user=request.user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Two-factor login is switched off."))
            return redirect("site:dashboard")
    else:
        messages.error(request, _("Enter a code from your authenticator app."))
    return redirect("accounts:twofactor_setup")
