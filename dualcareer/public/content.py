"""Turn a page's text (Markdown or limited HTML) into safe HTML, and check it before saving.

Everything shown is cleaned by nh3 (an allow-list: no scripts, no event
handlers, no javascript: links, no styles), whatever is stored. Before a save,
`problems()` names what the editor must fix: active content is refused with a
message rather than silently dropped, and links to pages of this site that do
not exist are reported.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import Resolver404, resolve, translate_url
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "em", "b", "i", "s", "sub", "sup",
    "ul", "ol", "li", "dl", "dt", "dd", "a", "blockquote", "code", "pre", "abbr",
    "address", "table", "caption", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "*": {"lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

_SCRIPT = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|form|base|meta|link)\b", re.I)
_EVENT_HANDLER = re.compile(r"<[^>]*?[\s/\"']on[a-z]+\s*=", re.I | re.S)
_ACTIVE_URL = re.compile(r"(?:java|vb|live)script\s*:|data\s*:\s*text/html", re.I)
_HREF = re.compile(r'href="([^"]*)"')


def _language_of(path: str) -> str:
    return "en" if path == "/en/" or path.startswith("/en/") else settings.LANGUAGE_CODE


def _localise_links(cleaned: str, language: str) -> str:
    """Point links to German pages of this site at their `language` version."""

    def replace(match: re.Match[str]) -> str:
        href = html.unescape(match.group(1))
        if not href.startswith("/") or href.startswith("//") or _language_of(href) == language:
            return match.group(0)
        with translation.override(_language_of(href)):
            localised = translate_url(href, language)
        return f'href="{html.escape(localised, quote=True)}"'

    return _HREF.sub(replace, cleaned)


@lru_cache(maxsize=128)
def to_html(source: str, body_format: str, language: str | None = None) -> SafeString:
    """Return the sanitised HTML of `source` written in `body_format`.

    With `language`, links to pages of this site lead to that language's version.
    The answer depends only on the arguments and the URLconf, so each process keeps
    the last 128 (a public page's text is rendered on every view: a fifth of the
    imprint's CPU); a change of the URL settings (tests) empties the memo.
    """
    raw = _markdown.render(source) if body_format == "markdown" else source
    cleaned = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    if language:
        cleaned = _localise_links(cleaned, language)
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 against an allow-list


# What the paths depend on besides the arguments: the URLconf and the default language
# (it has no prefix). Tests change them with override_settings; production never does.
_URL_SETTINGS = frozenset({"ROOT_URLCONF", "LANGUAGE_CODE", "LANGUAGES"})


@receiver(setting_changed)
def _urlconf_changed(*, setting: str, **_kwargs: Any) -> None:
    if setting in _URL_SETTINGS:
        to_html.cache_clear()


def active_content(source: str) -> list[str]:
    """Return messages for scripts, event handlers and javascript: links in `source`."""
    # Entities and removed whitespace must not hide a "javascript:" from the check.
    decoded = re.sub(r"[\x00-\x20]+", "", html.unescape(source))
    found = []
    if _SCRIPT.search(source):
        found.append(_("Scripts, frames, styles and forms are not allowed."))
    if _EVENT_HANDLER.search(source):
        found.append(_("Event handler attributes (such as onclick or onerror) are not allowed."))
    if _ACTIVE_URL.search(source) or _ACTIVE_URL.search(decoded):
        found.append(_("Links with javascript: or similar active addresses are not allowed."))
    return found


@dataclass(frozen=True)
class InternalPath:
    """A link to a page of this site: its path, or None when the link is not internal."""

    path: str | None


def internal_path(href: str) -> InternalPath:
    """Return the path of `href` on this site, or an empty result for other sites and anchors."""
    if not href or href.startswith(("#", "mailto:", "tel:")):
        return InternalPath(None)
    site = urlsplit(settings.SITE_URL)
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        if parts.netloc != site.netloc:
            return InternalPath(None)
        return InternalPath(parts.path or "/")
    return InternalPath(parts.path)


def broken_links(rendered_html: str, *, slug_exists: object) -> list[str]:
    """Return the links to this site in `rendered_html` that lead to no page.

    `slug_exists(url_name, slug)` answers whether a page, news item or story
    with that address exists (the URL resolves for any slug).
    """
    broken = []
    for href in dict.fromkeys(html.unescape(h) for h in _HREF.findall(rendered_html)):
        path = internal_path(href).path
        if path is None:
            continue
        if not path.startswith("/"):
            broken.append(href)  # relative links break when the page moves language
            continue
        try:
            with translation.override(_language_of(path)):
                match = resolve(path)
        except Resolver404:
            broken.append(href)
            continue
        slug = match.kwargs.get("slug")
        known = slug_exists if callable(slug_exists) else None
        if (
            slug
            and known
            and match.view_name.startswith("public:")
            and not known(match.view_name, slug)
        ):
            broken.append(href)
    return broken
