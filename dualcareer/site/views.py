"""Start page, dashboard, legal pages and the error pages."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from dualcareer.core import dashboard
from dualcareer.network import selectors as network_selectors
from dualcareer.site import selectors


def home(request: HttpRequest) -> HttpResponse:
    """The public start page: what Dual Career support is and who takes part."""
    return render(
        request,
        "site/home.html",
        {"networks": network_selectors.network_list(), "stats": network_selectors.public_counts()},
    )


@login_required
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The logged-in start page: one panel per thing the user's roles cover."""
    return render(request, "site/dashboard.html", {"panels": dashboard.panels_for(request)})


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log, as far as the user may read it (coordinators, officers for their own).

    Entries about a case follow the case's visibility; people are named as
    the reader may know them (see `selectors.audit_entry_list`).
    """
    entries = selectors.audit_entry_list(user=request.user)
    return render(request, "site/audit_log.html", {"entries": entries})


def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "site/imprint.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "site/privacy.html")


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "site/accessibility.html")


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Plain template, no context processors: the database may be what failed.
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(template.render({"request_path": request.path}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
