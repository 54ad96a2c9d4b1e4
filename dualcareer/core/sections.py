"""Sections that one app contributes to another app's page.

The case page, for instance, shows the case's introductions, which belong to
the openings app. The page's app names a slot and renders what is
registered for it; the contributing app registers in a module imported by
its AppConfig.ready:

    @sections.section("case.detail", order=10)
    def introductions(request, case) -> dashboard.Panel | None: ...

so that neither app's code or templates import the other's.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from dualcareer.core.dashboard import Panel

SectionFunction = Callable[[HttpRequest, Any], Panel | None]
_registry: dict[str, list[tuple[int, SectionFunction]]] = {}


def section(slot: str, order: int = 50) -> Callable[[SectionFunction], SectionFunction]:
    """Register a function that returns a Panel (or None) for `slot`."""

    def decorator(func: SectionFunction) -> SectionFunction:
        entries = _registry.setdefault(slot, [])
        if all(existing is not func for _, existing in entries):
            entries.append((order, func))
        return func

    return decorator


def sections_for(slot: str, request: HttpRequest, obj: Any) -> list[Panel]:
    """Return the panels registered for `slot` that apply to `obj` for this request."""
    shown = []
    for order, func in sorted(_registry.get(slot, []), key=lambda item: item[0]):
        result = func(request, obj)
        if result is not None:
            result.order = order
            shown.append(result)
    return shown
