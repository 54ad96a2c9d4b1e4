"""What the statistics views share: tables with their charts, the download responses."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse

from dualcareer.statistics import charts, tables
from dualcareer.statistics.selectors import Scope
from dualcareer.statistics.tables import Table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def with_charts(table_list: list[Table]) -> list[dict[str, Any]]:
    return [{"table": table, "chart": charts.svg(table)} for table in table_list]


def download_response(table: Table, scope: Scope, fmt: str) -> HttpResponse:
    """The table as a CSV or Excel file; Http404 for any other format."""
    if fmt not in FORMATS:
        raise Http404
    name = f"{table.key}_{scope.network.slug}_{scope.year_from}-{scope.year_to}.{fmt}"
    body: str | bytes = tables.as_csv(table) if fmt == "csv" else tables.as_xlsx(table)
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
