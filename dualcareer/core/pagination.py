"""Pagination for long lists: the total is counted only up to a cap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class CappedPaginator(Paginator):
    """Pages of a list whose total is counted only up to `cap` (then shown as "more than").

    A full COUNT(*) reads every matching row: at 100,000 openings or more it
    costs more than the page itself. Counting a LIMITed sub-query stops after
    `cap` + 1 rows, so the page costs the same at 10,000 or 1,000,000 openings
    (issue 18); every row up to the cap stays reachable page by page.
    `counter(limit)`, where given, counts the same rows up to `limit` another
    way (``OpeningSearch.count``).
    """

    def __init__(
        self,
        object_list: QuerySet[Any],
        per_page: int,
        cap: int = 10_000,
        counter: Callable[[int], int] | None = None,
    ) -> None:
        super().__init__(object_list, per_page)
        self.queryset = object_list
        self.cap = cap
        self.counter = counter

    @cached_property
    def count(self) -> int:
        if self.counter is not None:
            return self.counter(self.cap + 1)
        # ids only: no ordering, no joined columns (select_related) in the sub-query
        return int(self.queryset.order_by().values("pk")[: self.cap + 1].count())

    @property
    def capped(self) -> bool:
        """True when there are more rows than the cap (the count shown is a lower bound)."""
        return self.count > self.cap

    @cached_property
    def num_pages(self) -> int:
        if self.capped:  # full pages up to the cap
            return max(1, -(-self.cap // self.per_page))
        return int(super().num_pages)

    def page(self, number: Any) -> Page:
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.queryset[bottom : bottom + self.per_page], number, self)
