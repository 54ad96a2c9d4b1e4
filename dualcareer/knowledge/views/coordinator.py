"""The coordinators' pages: editing the standards, who has submitted, moderating discussions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dualcareer.core.views import apply_validation_error, error_messages, refuse_quietly
from dualcareer.knowledge import access, selectors, services
from dualcareer.knowledge.forms import StandardsItemForm

KINDS = ("criterion", "guideline")
ITEM_FIELDS = (
    "code",
    "area",
    "order",
    "title_de",
    "title_en",
    "explanation_de",
    "explanation_en",
    "examples_de",
    "examples_en",
)


@login_required
@refuse_quietly
def standards_item_edit(request: HttpRequest, slug: str, kind: str, code: str = "") -> HttpResponse:
    """Change (or add) a criterion or an ethical guideline: publishes a new version."""
    if kind not in KINDS:
        raise Http404
    network = selectors.network_get(slug=slug)
    access.require_coordinator(request.user, network, "standards.manage")
    initial: dict[str, Any] = {}
    if code:
        item = selectors.standards_item_get(
            user=request.user, network=network, kind=kind, code=code
        )
        initial = {name: getattr(item, name) for name in ITEM_FIELDS if hasattr(item, name)}
    form = StandardsItemForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.standards_item_save(
                network=network,
                actor=request.user,  # type: ignore[arg-type]
                kind=kind,
                values=form.cleaned_data,
                original_code=code,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Saved: a new version of the standards is published."))
            return redirect("knowledge:standards", slug=slug)
    return render(
        request,
        "knowledge/standards_item_form.html",
        {"form": form, "network": network, "kind": kind, "code": code},
    )


@login_required
@refuse_quietly
@require_POST
def standards_visibility(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get(slug=slug)
    try:
        services.standards_visibility_set(
            network=network,
            actor=request.user,  # type: ignore[arg-type]
            is_public=request.POST.get("public") == "1",
        )
    except ValidationError as error:
        error_messages(request, error)
    else:
        messages.success(request, _("The visibility of the standards has been changed."))
    return redirect("knowledge:standards", slug=slug)


@login_required
@refuse_quietly
def submission_status(request: HttpRequest, slug: str) -> HttpResponse:
    """Which members have submitted this year's self-assessment (the status only)."""
    network = selectors.network_get(slug=slug)
    this_year = timezone.localdate().year
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year
    rows = selectors.submission_status(user=request.user, network=network, year=year)
    return render(
        request,
        "knowledge/submission_status.html",
        {
            "network": network,
            "year": year,
            "rows": rows,
            "submitted": sum(1 for row in rows if row.status == "submitted"),
            "years": list(range(this_year, this_year - 5, -1)),
        },
    )


@login_required
@refuse_quietly
@require_POST
def thread_moderate(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Hide or lock a discussion, or hide one post (and undo)."""
    thread = selectors.thread_get(user=request.user, public_id=public_id)
    if not selectors.may_moderate(user=request.user, network=thread.network):
        raise PermissionDenied
    action = request.POST.get("action", "")
    actor = request.user
    if action in ("hide", "show"):
        services.thread_moderate(actor=actor, thread=thread, hidden=action == "hide")  # type: ignore[arg-type]
    elif action in ("lock", "unlock"):
        services.thread_moderate(actor=actor, thread=thread, locked=action == "lock")  # type: ignore[arg-type]
    elif action in ("hide_post", "show_post"):
        raw = request.POST.get("post", "")
        if not raw.isdigit():
            return HttpResponse(_("Choose a post."), status=400)
        post = selectors.post_get(user=actor, thread=thread, pk=int(raw))
        services.post_hide(actor=actor, post=post, hidden=action == "hide_post")  # type: ignore[arg-type]
    else:
        return HttpResponse(_("Unknown action."), status=400)
    messages.success(request, _("The discussion has been moderated."))
    return redirect("knowledge:thread_detail", public_id=public_id)
