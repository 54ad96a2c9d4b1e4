"""Public pages of openings: the list, the shareable page of one opening, the unsubscribe link."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from dualcareer.accounts import permissions
from dualcareer.core.pagination import CappedPaginator
from dualcareer.openings import jsonld, selectors, services
from dualcareer.openings.forms import OpeningFilterForm, SavedSearchForm
from dualcareer.openings.models import Opening


def _filters_from(request: HttpRequest) -> tuple[OpeningFilterForm, selectors.OpeningFilters]:
    form = OpeningFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, selectors.OpeningFilters.from_params(form.cleaned_data)
    return form, selectors.OpeningFilters()


def opening_list(request: HttpRequest) -> HttpResponse:
    """The openings the visitor may see, with filters and full-text search."""
    form, filters = _filters_from(request)
    search = selectors.opening_search(user=request.user, filters=filters)
    paginator = CappedPaginator(search.openings, 20, cap=filters.count_cap, counter=search.count)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "openings/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "filters": filters,
            "save_form": SavedSearchForm(),
            "can_post": permissions.has(request.user, "opening.create"),
            "can_import": permissions.has(request.user, "opening.import"),
        },
    )


def _opening_or_404(request: HttpRequest, public_id: uuid.UUID) -> Opening:
    opening = selectors.opening_detail(user=request.user, public_id=public_id)
    if opening is None:
        raise Http404
    return opening


def opening_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The shareable page of one opening; public ones carry schema.org JobPosting markup."""
    opening = _opening_or_404(request, public_id)
    can_edit = permissions.has(request.user, "opening.edit", opening)
    structured = None
    if opening.visibility == "public" and not opening.is_expired() and opening.is_published:
        structured = jsonld.job_posting(opening, request.build_absolute_uri())
    return render(
        request,
        "openings/detail.html",
        {
            "opening": opening,
            "can_edit": can_edit,
            "structured_data": structured,
            "can_introduce": permissions.has(request.user, "introduction.create"),
        },
    )


@require_http_methods(["GET", "POST"])
def saved_search_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Turn off a digest from the link in the e-mail; works without login."""
    search = selectors.saved_search_by_unsubscribe_token(token=token)
    done = False
    if request.method == "POST":
        services.saved_search_unsubscribe(search=search)
        done = True
    return render(
        request,
        "openings/unsubscribe.html",
        {"search": search, "done": done or not search.alerts_enabled},
    )
