"""REST endpoint for the members' statistics (read only): the tables of the statistics page.

The same scope and the same protected cells as the page
(`dualcareer.statistics.selectors`): an officer reads their institution
against the network, a coordinator the networks they coordinate. Small or
withheld figures come as their display ("< 5", "x") with a null value: the
hidden count never leaves the server.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api.base import ApiView
from dualcareer.statistics import selectors
from dualcareer.statistics.forms import FilterForm


def cell_data(cell: Any) -> dict[str, Any]:
    """One protected cell: what the page shows, and the number only when it may be shown."""
    if cell is None:
        return {"display": "", "value": None}
    if isinstance(cell, int | float):
        return {"display": str(cell), "value": cell}
    hidden = bool(getattr(cell, "hidden", False))
    number = getattr(cell, "number", None) if hasattr(cell, "number") else cell.value
    return {"display": str(cell.display), "value": None if hidden else number}


class CellSerializer(serializers.Serializer):
    display = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class RowSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    is_total = serializers.BooleanField()
    cells = CellSerializer(many=True)


class TableSerializer(serializers.Serializer):
    key = serializers.CharField()
    group = serializers.CharField()
    title = serializers.CharField()
    description = serializers.CharField()
    row_header = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    rows = RowSerializer(many=True)


class StatisticsSerializer(serializers.Serializer):
    network = serializers.CharField()
    institution = serializers.CharField(allow_null=True)
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    audience = serializers.CharField()
    tables = TableSerializer(many=True)


class StatisticsView(ApiView):
    """The statistics tables for your institution (officers) or network (coordinators)."""

    resource = "statistics"

    @extend_schema(
        parameters=[
            OpenApiParameter("network", str, required=False),
            OpenApiParameter("institution", int, required=False),
            OpenApiParameter("year_from", int, required=False),
            OpenApiParameter("year_to", int, required=False),
        ],
        responses=StatisticsSerializer,
    )
    def get(self, request: Request) -> Response:
        try:
            base = selectors.scope_for_member(user=request.user)
        except PermissionDenied:
            return Response({"detail": _("Only members' staff read statistics.")}, status=403)
        form = FilterForm(
            request.query_params or None,
            networks=base.networks,
            institutions=base.institutions,
            all_institutions=base.audience == "coordinator",
        )
        scope = base
        if form.is_bound:
            if not form.is_valid():
                raise ValidationError(
                    {name: [str(e) for e in errors] for name, errors in form.errors.items()}
                )
            data = form.cleaned_data
            scope = selectors.scope_for_member(
                user=request.user,
                network_slug=data.get("network") or "",
                institution_id=data.get("institution"),
                year_from=data.get("year_from"),
                year_to=data.get("year_to"),
            )
        tables = [
            {
                "key": table.key,
                "group": table.group,
                "title": str(table.title),
                "description": str(table.description),
                "row_header": str(table.row_header),
                "columns": [str(column) for column in table.columns],
                "rows": [
                    {
                        "label": str(row.label),
                        "is_total": row.is_total,
                        "cells": [cell_data(cell) for cell in row.cells],
                    }
                    for row in table.rows
                ],
            }
            for table in selectors.tables_for(scope)
        ]
        return Response(
            StatisticsSerializer(
                {
                    "network": scope.network.slug,
                    "institution": scope.institution.slug if scope.institution else None,
                    "year_from": scope.year_from,
                    "year_to": scope.year_to,
                    "audience": scope.audience,
                    "tables": tables,
                }
            ).data
        )
