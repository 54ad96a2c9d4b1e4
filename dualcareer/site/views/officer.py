"""The officers' "today" page: what waits for them, each item marked handled when done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from dualcareer.core.views import refuse_quietly
from dualcareer.site import selectors, services
from dualcareer.site.forms import MarkForm


@login_required
@refuse_quietly
@never_cache
def today_view(request: HttpRequest) -> HttpResponse:
    """Due and overdue steps, employers' answers and interest, incoming network requests."""
    if not selectors.may_see_today(request.user):
        raise PermissionDenied
    show_handled = request.GET.get("handled") == "1"
    context = selectors.today_for(user=request.user, show_handled=show_handled)
    context["is_officer"] = selectors.may_see_cases(request.user)
    return render(request, "site/today.html", context)


@login_required
@refuse_quietly
@require_POST
def today_mark_view(request: HttpRequest) -> HttpResponse:
    """Mark one item of the "today" page as handled (or not handled again)."""
    if not selectors.may_see_today(request.user):
        raise PermissionDenied
    form = MarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This item cannot be marked."))
        return redirect("site:today")
    handled = services.today_item_mark(
        user=request.user,
        kind=form.cleaned_data["kind"],
        item=form.cleaned_data["item"],
        handled=form.cleaned_data["handled"],
    )
    messages.success(
        request,
        _("The item was marked as handled.") if handled else _("The item is open again."),
    )
    return redirect("site:today")
