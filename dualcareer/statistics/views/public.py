"""The public statistics: what a network chooses to publish, protected like every figure."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dualcareer.statistics import selectors
from dualcareer.statistics.forms import FilterForm
from dualcareer.statistics.views.common import download_response, with_charts


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The networks that publish statistics."""
    return render(
        request, "statistics/public_index.html", {"networks": selectors.publication_networks()}
    )


def _scope(request: HttpRequest, slug: str) -> tuple[selectors.Scope, FilterForm]:
    form = FilterForm(request.GET or None)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    scope = selectors.scope_for_public(
        network_slug=slug, year_from=data.get("year_from"), year_to=data.get("year_to")
    )
    return scope, form


@require_GET
def network(request: HttpRequest, slug: str) -> HttpResponse:
    scope, form = _scope(request, slug)
    return render(
        request,
        "statistics/public.html",
        {
            "scope": scope,
            "form": form,
            "items": with_charts(selectors.tables_for(scope)) if scope.groups else [],
            "query": request.GET.urlencode(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
def download(request: HttpRequest, slug: str, key: str, fmt: str) -> HttpResponse:
    scope, form = _scope(request, slug)
    if form.is_bound and form.errors:
        return HttpResponse(status=400)
    return download_response(selectors.table_for(scope, key), scope, fmt)
