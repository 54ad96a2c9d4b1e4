"""Dashboard panels, contributed by each app.

An app registers a function in its `dashboard.py` (imported by its
AppConfig.ready):

    @dashboard.panel(order=20)
    def cases_panel(request) -> dashboard.Panel | None:
        ...

The logged-in dashboard shows every panel whose function returns a Panel
for that user, so the site app needs no knowledge of the other apps.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest


@dataclass
class Panel:
    """One box on the dashboard: a heading and a template with its context."""

    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50


PanelFunction = Callable[[HttpRequest], Panel | None]
_registry: list[tuple[int, PanelFunction]] = []


def panel(order: int = 50) -> Callable[[PanelFunction], PanelFunction]:
    """Register a panel function; lower `order` comes first."""

    def decorator(func: PanelFunction) -> PanelFunction:
        if all(existing is not func for _, existing in _registry):
            _registry.append((order, func))
        return func

    return decorator


def panels_for(request: HttpRequest) -> list[Panel]:
    """Return the panels to show to the user of `request`, in order."""
    shown = []
    for order, func in sorted(_registry, key=lambda item: item[0]):
        result = func(request)
        if result is not None:
            result.order = order
            shown.append(result)
    return shown
