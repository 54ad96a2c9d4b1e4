"""RSS and Atom feeds of the news and of the public openings, in the language of the URL."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from dualcareer.openings.models import Opening
from dualcareer.public import selectors
from dualcareer.public.models import Page

ITEMS = 30


class NewsRssFeed(Feed):
    def title(self) -> str:
        return _("News of the Dual Career network")

    def link(self) -> str:
        return reverse("public:news_list")

    def description(self) -> str:
        return _("News, events and success stories of the Dual Career network.")

    def items(self) -> list[Page]:
        return list(selectors.news_list()[:ITEMS])

    def item_title(self, item: Page) -> str:
        return item.title()

    def item_description(self, item: Page) -> str:
        return item.description()

    def item_link(self, item: Page) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Page) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Page) -> dt.datetime:
        return item.updated_at


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()


class OpeningsRssFeed(Feed):
    def title(self) -> str:
        return _("Public openings of the Dual Career network")

    def link(self) -> str:
        return reverse("openings:list")

    def description(self) -> str:
        return _("Openings the network's members publish for everybody.")

    def items(self) -> list[Opening]:
        return list(selectors.openings_public()[:ITEMS])

    def item_title(self, item: Opening) -> str:
        return f"{item.title} ({item.institution.display_name})"

    def item_description(self, item: Opening) -> str:
        return Truncator(item.description).chars(500)

    def item_link(self, item: Opening) -> str:
        return reverse("openings:detail", args=[item.public_id])

    def item_guid(self, item: Opening) -> str:
        return f"urn:uuid:{item.public_id}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Opening) -> dt.datetime:
        return item.published_at or item.created_at

    def item_author_name(self, item: Opening) -> str:
        return str(item.institution.display_name)


class OpeningsAtomFeed(OpeningsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
