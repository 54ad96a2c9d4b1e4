"""The site app's start page and legal pages show the editable pages of this app.

The site app (which keeps the URLs site:home, site:imprint, site:privacy and
site:accessibility) asks the slot "site.page" with the page's key; this app
answers with the published page, so that neither imports the other.
"""

from __future__ import annotations

from django.http import HttpRequest

from dualcareer.core import dashboard, sections
from dualcareer.public import selectors
from dualcareer.public.urls_helpers import SITE_PAGES

HOME_NEWS = 3


@sections.section("site.page", order=10)
def editable_page(request: HttpRequest, key: object) -> dashboard.Panel | None:
    """The published page for `key` (home, imprint, privacy, accessibility), if there is one."""
    if key not in SITE_PAGES:
        return None
    page = selectors.page_published(slug=str(key))
    if page is None:
        return None
    context = {"page": page, "may_edit": selectors.may_edit(user=request.user)}
    if key == "home":
        context["news"] = list(selectors.news_list()[:HOME_NEWS])
        context["stories"] = list(selectors.story_list()[:HOME_NEWS])
    return dashboard.Panel(
        title=page.title(),
        template=f"public/sections/{'home' if key == 'home' else 'page'}.html",
        context=context,
    )
