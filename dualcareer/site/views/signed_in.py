"""Pages of any signed-in user: the dashboard, the audit log (as far as the user may read it)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from dualcareer.core import dashboard
from dualcareer.site import audit_page


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The logged-in start page: one panel per thing the user's roles cover."""
    return render(request, "site/dashboard.html", {"panels": dashboard.panels_for(request)})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log, as far as the user may read it (coordinators, officers for their own).

    Entries about a case follow the case's visibility; people are named as
    the reader may know them (see `audit_page.filtered_entries`); filters by
    period, action and person, a page at a time (`audit_page`).
    """
    context = audit_page.audit_page(
        user=request.user, query=request.GET, page_number=request.GET.get("page")
    )
    form = context["form"]
    return render(
        request,
        "site/audit_log.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )
