"""Closing a case: what other apps still have open on it, and closing that with the case.

The cases app sits below the exchange, so it cannot read introductions or
network requests itself. The exchange connects two receivers:

- `collect_open_items(sender=Case, case=case)`: each receiver returns a list
  of `OpenItem` still waiting on the case (shown on the confirmation page
  before closing);
- `case_closing(sender=Case, case=case, actor=user)`: sent inside the
  transaction of `services.case_close`; each receiver closes its open items
  (and audits that), so that their e-mail links stop accepting answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.dispatch import Signal


@dataclass(frozen=True)
class OpenItem:
    """Something still open on a case: its kind (a code) and a line to show the officer."""

    kind: str
    label: str


collect_open_items = Signal()
case_closing = Signal()


def open_items(case: Any) -> list[OpenItem]:
    """Return what is still open on `case` in other apps (introductions, network requests)."""
    from dualcareer.cases.models import Case

    items: list[OpenItem] = []
    for _receiver, result in collect_open_items.send(sender=Case, case=case):
        if isinstance(result, list):
            items.extend(item for item in result if isinstance(item, OpenItem))
    return items
