"""The partner's timeline on "My case": what happened in their case, newest first.

The cases app contributes the case's own events (opened, acknowledgement,
consent granted or withdrawn, handover, closed, reopened), read from the
audit log of the case; apps above it register the events of their records
(the exchange: introductions, employers' answers and requests for the name,
network requests' outcome, the partner's own requests for an introduction):

    @timeline.source
    def introductions(case) -> Iterable[timeline.Event]: ...

Only what the partner may know goes in: no internal notes, no officer's
names beyond the assigned officers, no employer's staff. Texts are in the
active language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from dualcareer.cases.models import Case, ConsentScope, Outcome
from dualcareer.core import audit


@dataclass(frozen=True)
class Event:
    """One entry of the partner's timeline."""

    at: dt.datetime
    kind: str  # a code: "introduction.created", "consent.granted", ...
    text: str  # one sentence in the active language
    url: str = ""  # where the partner can act on it, if anywhere
    link_text: str = ""


EventSource = Callable[[Case], Iterable[Event]]
_sources: list[EventSource] = []


def source(func: EventSource) -> EventSource:
    """Register a function that returns the events of another app's records about a case."""
    if func not in _sources:
        _sources.append(func)
    return func


def _scope_label(code: object) -> str:
    try:
        return str(ConsentScope(str(code)).label)
    except ValueError:
        return ""


def _outcome_label(code: object) -> str:
    try:
        return str(Outcome(str(code)).label)
    except ValueError:
        return ""


def _case_event(action: str, data: dict[str, object], at: dt.datetime) -> Event | None:
    texts: dict[str, Callable[[], str]] = {
        "case.opened": lambda: _("Your case was opened."),
        "case.acknowledgement_recorded": lambda: _(
            "It was recorded that you know: the service supports you but guarantees no job."
        ),
        "consent.granted": lambda: _("You granted your consent: %(scope)s.")
        % {"scope": _scope_label(data.get("scope"))},
        "consent.withdrawn": lambda: _("Your consent was withdrawn: %(scope)s.")
        % {"scope": _scope_label(data.get("scope"))},
        "case.handover_decided": lambda: _(
            "Your case was handed over to another Dual Career Service."
        ),
        "case.closed": lambda: _("Your case was closed (%(outcome)s).")
        % {"outcome": _outcome_label(data.get("outcome"))},
        "case.reopened": lambda: _("Your case was reopened."),
    }
    if action not in texts:
        return None
    if action == "consent.withdrawn" and not data.get("records"):
        return None  # nothing was in force: no change for the partner
    if action == "case.handover_decided" and not data.get("accept"):
        return None
    return Event(at=at, kind=action, text=texts[action]())


def case_events(case: Case) -> list[Event]:
    """The case's own events, from its audit log."""
    events = []
    entries = audit.entries_for(case).only("action", "data", "created_at").order_by("created_at")
    for entry in entries:
        event = _case_event(entry.action, dict(entry.data or {}), entry.created_at)
        if event is not None:
            events.append(event)
    return events


def partner_timeline(*, case: Case) -> list[Event]:
    """Every event of the partner's case, newest first (the caller has checked access)."""
    events = case_events(case)
    for func in _sources:
        events.extend(func(case))
    return sorted(events, key=lambda event: event.at, reverse=True)
