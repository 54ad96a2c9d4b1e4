"""Pages, news, stories and consents built in code for the public site's tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dualcareer.public.models import ConsentScope, Page, PageKind, PageVersion, StoryConsent


def content(**overrides: Any) -> dict[str, str]:
    """The content fields of a valid page (both languages)."""
    values = {
        "title_de": "Willkommenstage 2026",
        "title_en": "Welcome days 2026",
        "description_de": "Das Netzwerk lädt neue Partnerinnen und Partner ein.",
        "description_en": "The network invites new partners.",
        "body_de": "## Programm\n\nVorträge und ein [Kontaktformular](/contact/).",
        "body_en": "## Programme\n\nTalks and a [contact form](/contact/).",
        "body_format": "markdown",
    }
    values.update(overrides)
    return values


def make_page(
    slug: str = "welcome-days",
    kind: str = PageKind.NEWS,
    *,
    published: bool = True,
    published_at: dt.datetime | None = None,
    **overrides: Any,
) -> Page:
    values = content(**overrides)
    page = Page.objects.create(
        slug=slug,
        kind=kind,
        is_published=published,
        published_at=published_at or (timezone.now() if published else None),
        version=1,
        **values,
    )
    PageVersion.objects.create(page=page, number=1, **values)
    return page


def make_story(slug: str = "from-lyon-to-bochum", *, consent: bool = True, **kw: Any) -> Page:
    kw.setdefault("title_de", "Von Lyon nach Bochum")
    kw.setdefault("title_en", "From Lyon to Bochum")
    story = make_page(slug, PageKind.STORY, **kw)
    if consent:
        StoryConsent.objects.create(
            story=story,
            given_by="Both partners",
            given_on=timezone.localdate() - dt.timedelta(days=3),
            scope=ConsentScope.WEBSITE,
            evidence="File DC-2026-7",
        )
    return story
