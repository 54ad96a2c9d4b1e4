"""Every read of the public site, scoped: visitors see what is published, editors all."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from dualcareer.accounts import permissions
from dualcareer.openings import selectors as opening_selectors
from dualcareer.openings.models import Opening
from dualcareer.public.models import ContactMessage, Page, PageKind, PageVersion, StoryConsent

EDIT = "public.edit"


def may_edit(*, user: Any) -> bool:
    """Return whether `user` may edit the public site (the network's coordinators)."""
    return permissions.has(user, EDIT)


def page_published(*, slug: str, kind: str = PageKind.PAGE) -> Page | None:
    """Return the published page, news item or story (with consent) at `slug`, or None."""
    return Page.objects.published().filter(kind=kind, slug=slug).first()


def page_get(*, user: Any, slug: str, kind: str = PageKind.PAGE) -> Page:
    """Return the page for its reader: published for everybody, drafts for editors; else 404."""
    page = page_published(slug=slug, kind=kind)
    if page is None and may_edit(user=user):
        page = Page.objects.filter(kind=kind, slug=slug).first()
    if page is None:
        raise Http404
    return page


def news_list() -> QuerySet[Page]:
    """Return the published news, newest first."""
    return Page.objects.published().filter(kind=PageKind.NEWS).order_by("-published_at", "-id")


def story_list() -> QuerySet[Page]:
    """Return the success stories whose couple's consent stands, newest first."""
    return Page.objects.published().filter(kind=PageKind.STORY).order_by("-published_at", "-id")


def pages_published() -> QuerySet[Page]:
    """Return every published page, news item and story (the sitemap)."""
    return Page.objects.published().order_by("kind", "slug")


def openings_public() -> QuerySet[Opening]:
    """Return the published openings everybody may see, newest first (the feeds)."""
    return (
        opening_selectors.openings_visible(user=AnonymousUser())
        .select_related("institution")
        .order_by("-published_at", "-created_at")
    )


def _require_editor(user: Any) -> None:
    if not may_edit(user=user):
        raise Http404


def pages_for_editor(*, user: Any) -> QuerySet[Page]:
    """Return every page for the editors' overview."""
    _require_editor(user)
    return Page.objects.select_related("updated_by").order_by("kind", "-system", "slug")


def page_for_editor(*, user: Any, slug: str) -> Page:
    _require_editor(user)
    page = Page.objects.filter(slug=slug).first()
    if page is None:
        raise Http404
    return page


def page_versions(*, user: Any, page: Page) -> QuerySet[PageVersion]:
    _require_editor(user)
    return page.versions.select_related("created_by").order_by("-number")


def page_version_get(*, user: Any, page: Page, number: int) -> PageVersion:
    _require_editor(user)
    version = page.versions.filter(number=number).select_related("created_by").first()
    if version is None:
        raise Http404
    return version


def story_consents(*, user: Any, story: Page) -> QuerySet[StoryConsent]:
    _require_editor(user)
    return story.consents.select_related("recorded_by", "withdrawn_by")


def story_consent_get(*, user: Any, story: Page, pk: int) -> StoryConsent:
    consent = story_consents(user=user, story=story).filter(pk=pk).first()
    if consent is None:
        raise Http404
    return consent


def contact_messages(*, user: Any) -> QuerySet[ContactMessage]:
    """Return the stored contact messages (coordinators only)."""
    _require_editor(user)
    return ContactMessage.objects.order_by("-created_at")
