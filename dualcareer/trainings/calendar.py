"""iCalendar files: one per training, and a person's feed of their registrations.

Times are written with the Europe/Berlin time zone (TZID and a VTIMEZONE
component), so calendars show the right local time on both sides of a
daylight-saving change.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone, translation

from dualcareer.trainings.models import Registration, Status, Training

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//dualcareer//trainings//DE"


def _event_text(training: Training, online_link: str) -> str:
    parts = [training.description]
    if training.trainer:
        parts.append(training.trainer)
    if online_link:
        parts.append(online_link)
    return "\n\n".join(p for p in parts if p)


def _events(
    calendar: icalendar.Calendar, training: Training, *, online_link: str, url: str
) -> None:
    for session in training.session_list():
        event = icalendar.Event()
        event.add("uid", f"{training.public_id}-{session.pk}@dualcareer")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", session.starts_at.astimezone(BERLIN))
        event.add("dtend", session.ends_at.astimezone(BERLIN))
        event.add("summary", training.title)
        event.add("description", _event_text(training, online_link))
        if training.shows_address and training.address:
            event.add("location", training.address)
        elif online_link:
            event.add("location", online_link)
        if url:
            event.add("url", url)
        if training.status == Status.CANCELLED:
            event.add("status", "CANCELLED")
        else:
            event.add("status", "CONFIRMED")
        calendar.add_component(event)


def _calendar(name: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def training_ics(training: Training, *, online_link: str = "", url: str = "") -> bytes:
    """The training's sessions as an .ics file (the online link only if given)."""
    calendar = _calendar(training.title)
    _events(calendar, training, online_link=online_link, url=url)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(registrations: Iterable[Registration], *, name: str) -> bytes:
    """The sessions of a person's registrations (those holding a place)."""
    calendar = _calendar(name)
    for registration in registrations:
        training = registration.training
        with translation.override(registration.language or settings.LANGUAGE_CODE):
            _events(calendar, training, online_link=registration.online_room(), url="")
    calendar.add_missing_timezones()
    return calendar.to_ical()
