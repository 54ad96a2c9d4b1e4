"""The user's own API tokens: list, create (the token shown once), revoke."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dualcareer.api import tokens
from dualcareer.api.forms import TokenForm
from dualcareer.core.views import apply_validation_error


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    """The user's tokens and the form for a new one; after creation, the token once."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = tokens.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                lifetime_days=form.cleaned_data["lifetime_days"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # Rendered, not redirected: the plain token exists in this answer only.
            created = {"token": token, "raw": raw}
            form = TokenForm()
    return render(
        request,
        "api/token_list.html",
        {"form": form, "created": created, "tokens": tokens.tokens_of(user=request.user)},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, public_id: Any) -> HttpResponse:
    token = tokens.token_of(user=request.user, public_id=public_id)
    if token is None:
        raise Http404
    tokens.token_revoke(user=request.user, token=token)
    messages.success(request, _("The token %(name)s has been revoked.") % {"name": token.name})
    return redirect("api_pages:token_list")
