"""sitemap.xml: every public page in German and English, with hreflang alternates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from dualcareer.openings.models import Opening
from dualcareer.public import selectors
from dualcareer.public.models import Page
from dualcareer.public.urls_helpers import SITE_PAGES


class _Bilingual(Sitemap):
    i18n = True
    languages = ["de", "en"]
    alternates = True
    x_default = True


class ListingSitemap(_Bilingual):
    """The pages that are lists or forms rather than editable pages."""

    changefreq = "weekly"

    def items(self) -> list[str]:
        return [
            "public:news_list",
            "public:story_list",
            "public:contact",
            "network:directory",
            "network:network_list",
            "openings:list",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class PageSitemap(_Bilingual):
    """The editable pages, news and stories that are published."""

    def items(self) -> list[Page]:
        return list(selectors.pages_published())

    def location(self, item: Page) -> str:
        return item.get_absolute_url()

    def lastmod(self, item: Page) -> dt.datetime:
        return item.updated_at

    def priority(self, item: Page) -> float:
        return 1.0 if item.slug == "home" else 0.8 if item.slug not in SITE_PAGES else 0.3


class OpeningSitemap(_Bilingual):
    """The public openings (their pages carry schema.org JobPosting markup)."""

    changefreq = "daily"

    def items(self) -> Any:
        return selectors.openings_public()[:5000]

    def location(self, item: Opening) -> str:
        return reverse("openings:detail", args=[item.public_id])

    def lastmod(self, item: Opening) -> dt.datetime:
        return item.updated_at


SITEMAPS = {"listings": ListingSitemap, "pages": PageSitemap, "openings": OpeningSitemap}
