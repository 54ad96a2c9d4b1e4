"""The institution's webhooks: register (secret shown once), delivery log, remove.

For the institution's own staff (its officers; an employer's contacts), see
the permission `webhook.manage` (`accounts.permissions`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dualcareer.api.forms import WebhookForm
from dualcareer.api.webhooks import selectors, services
from dualcareer.core.views import apply_validation_error, refuse_quietly


@never_cache
@login_required
@refuse_quietly
def webhook_list(request: HttpRequest) -> HttpResponse:
    institutions = selectors.manageable_institutions(user=request.user)
    if not institutions:
        raise PermissionDenied
    form = WebhookForm(request.POST or None, institutions=institutions)
    created = None
    if request.method == "POST" and form.is_valid():
        slug = form.cleaned_data.get("institution")
        institution = next((i for i in institutions if i.slug == slug), institutions[0])
        try:
            webhook, secret = services.webhook_create(
                user=request.user,
                institution=institution,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            # Rendered, not redirected: the secret exists in this answer only.
            created = {"webhook": webhook, "secret": secret}
            form = WebhookForm(institutions=institutions)
    return render(
        request,
        "api/webhook_list.html",
        {
            "form": form,
            "created": created,
            "webhooks": selectors.webhooks_for(user=request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@refuse_quietly
def webhook_detail(request: HttpRequest, public_id: Any) -> HttpResponse:
    webhook = selectors.webhook_get(user=request.user, public_id=public_id)
    if webhook is None:
        raise Http404
    return render(
        request,
        "api/webhook_detail.html",
        {"webhook": webhook, "deliveries": selectors.deliveries_of(webhook=webhook)},
    )


@require_POST
@login_required
@refuse_quietly
def webhook_delete(request: HttpRequest, public_id: Any) -> HttpResponse:
    webhook = selectors.webhook_get(user=request.user, public_id=public_id)
    if webhook is None:
        raise Http404
    services.webhook_delete(user=request.user, webhook=webhook)
    messages.success(request, _("The webhook has been removed."))
    return redirect("api_pages:webhook_list")
