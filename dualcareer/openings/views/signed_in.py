"""Saved searches: any signed-in user keeps the list's filters and gets a digest of new openings."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from dualcareer.core.views import error_messages, refuse_quietly
from dualcareer.openings import selectors, services
from dualcareer.openings.forms import SavedSearchForm


def filters_query(filters: selectors.OpeningFilters) -> str:
    """The filters as a query string for the list page."""
    return urlencode(filters.as_params())


@login_required
@refuse_quietly
@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    """Save the list's current filters."""
    form = SavedSearchForm(request.POST)
    # The filters travel as hidden fields of the save form (POST), not in the URL.
    filters = selectors.OpeningFilters.from_params(request.POST.dict())
    if form.is_valid():
        try:
            services.saved_search_create(
                user=request.user,
                name=form.cleaned_data["name"],
                params=filters.as_params(),
                alerts_enabled=form.cleaned_data["alerts_enabled"],
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("Your search has been saved."))
            return redirect("openings:saved_searches")
    else:
        messages.error(request, _("Please enter a name for the search."))
    return redirect(reverse("openings:list") + "?" + filters_query(filters))


@login_required
@refuse_quietly
@require_http_methods(["GET", "POST"])
def saved_search_list(request: HttpRequest) -> HttpResponse:
    """The user's saved searches; POST deletes one."""
    if request.method == "POST":
        search = selectors.saved_search_get(user=request.user, public_id=request.POST.get("search"))
        services.saved_search_delete(user=request.user, search=search)
        messages.success(request, _("The saved search has been deleted."))
        return redirect("openings:saved_searches")
    rows = [
        (search, filters_query(selectors.OpeningFilters.from_params(search.params)))
        for search in selectors.saved_search_list(user=request.user)
    ]
    return render(request, "openings/saved_searches.html", {"rows": rows})
