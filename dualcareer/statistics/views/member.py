"""Members' statistics: an officer's institution against the network; the coordinator's."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from dualcareer.core.views import refuse_quietly
from dualcareer.statistics import report, selectors
from dualcareer.statistics.forms import FilterForm, ReportForm
from dualcareer.statistics.views.common import download_response, with_charts


def _scope(request: HttpRequest) -> tuple[selectors.Scope, FilterForm]:
    """The reader's scope from the filter; an invalid filter keeps the defaults and its errors."""
    base = selectors.scope_for_member(user=request.user)
    form = FilterForm(
        request.GET or None,
        networks=base.networks,
        institutions=base.institutions,
        all_institutions=base.audience == "coordinator",
    )
    if not form.is_bound or not form.is_valid():
        return base, form
    data: dict[str, Any] = form.cleaned_data
    scope = selectors.scope_for_member(
        user=request.user,
        network_slug=data.get("network") or "",
        institution_id=data.get("institution"),
        year_from=data.get("year_from"),
        year_to=data.get("year_to"),
    )
    if scope.network.pk != base.network.pk:  # the institutions of the chosen network
        form = FilterForm(
            request.GET,
            networks=scope.networks,
            institutions=scope.institutions,
            all_institutions=scope.audience == "coordinator",
        )
        form.is_valid()
    return scope, form


@require_GET
@login_required
@refuse_quietly
def overview(request: HttpRequest) -> HttpResponse:
    """The statistics page of a member: filter, charts, tables, downloads, annual report."""
    scope, form = _scope(request)
    report_form = ReportForm(initial={"year": scope.year_to})
    return render(
        request,
        "statistics/member.html",
        {
            "scope": scope,
            "form": form,
            "report_form": report_form,
            "items": with_charts(selectors.tables_for(scope)),
            "query": request.GET.urlencode(),
            "may_publish": scope.audience == "coordinator",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
@login_required
@refuse_quietly
def download(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    """One table of the page as CSV or Excel, with the page's filter."""
    scope, form = _scope(request)
    if form.is_bound and form.errors:
        return HttpResponse(status=400)
    return download_response(selectors.table_for(scope, key), scope, fmt)


@require_GET
@login_required
@refuse_quietly
def annual_report(request: HttpRequest) -> HttpResponse:
    """The annual report as PDF for a year: the network, or the officer's institution against it."""
    form = ReportForm(request.GET)
    if not form.is_valid():
        base = selectors.scope_for_member(user=request.user)
        return render(
            request,
            "statistics/member.html",
            {
                "scope": base,
                "form": FilterForm(networks=base.networks, institutions=base.institutions),
                "report_form": form,
                "items": [],
                "query": "",
                "may_publish": base.audience == "coordinator",
            },
            status=400,
        )
    year = form.cleaned_data["year"]
    scope = selectors.scope_for_member(
        user=request.user,
        network_slug=form.cleaned_data.get("network") or "",
        institution_id=form.cleaned_data.get("institution"),
        year_from=year,
        year_to=year,
    )
    pdf = report.render(scope=scope, language=request.LANGUAGE_CODE)
    response = HttpResponse(pdf, content_type="application/pdf")
    who = scope.institution.slug if scope.institution else scope.network.slug
    response["Content-Disposition"] = f'attachment; filename="annual-report_{who}_{year}.pdf"'
    return response
