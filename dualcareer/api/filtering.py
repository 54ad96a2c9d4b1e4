"""Ordering (and its validation) with django-filter, on top of the apps' selectors.

The apps' selectors apply the filters (the same rules as the list pages);
here only the order is chosen, from a fixed list. An unknown value answers
400 naming the parameter.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request


def ordering_filterset(fields: tuple[str, ...]) -> type[django_filters.FilterSet]:
    """A FilterSet with one `ordering` parameter over `fields` (and their `-` descending)."""

    class _Ordering(django_filters.FilterSet):
        ordering = django_filters.OrderingFilter(fields=fields)

    return _Ordering


def order(request: Request, queryset: QuerySet[Any], fields: tuple[str, ...]) -> QuerySet[Any]:
    """`queryset` ordered by the request's `ordering` parameter (validated).

    Rows equal in the requested fields follow in the order of their primary
    key, so that pages of the list neither repeat nor skip a row.
    """
    filterset = ordering_filterset(fields)(request.query_params, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(dict(filterset.errors.items()))
    ordered: QuerySet[Any] = filterset.qs
    if request.query_params.get("ordering"):
        ordered = ordered.order_by(*ordered.query.order_by, "pk")
    return ordered


def ordering_parameter(fields: tuple[str, ...]) -> OpenApiParameter:
    choices = [*fields, *(f"-{field}" for field in fields)]
    return OpenApiParameter(
        "ordering", str, enum=choices, required=False, description="Sort order."
    )


def text_parameters(*names: str) -> list[OpenApiParameter]:
    return [OpenApiParameter(name, str, required=False) for name in names]
