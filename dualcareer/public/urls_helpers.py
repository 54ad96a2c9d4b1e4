"""Where each page lives: the built-in pages keep the site app's addresses."""

from django.urls import reverse

# Built-in pages served at the site app's URLs (site:home, site:imprint, ...).
SITE_PAGES = {
    "home": "site:home",
    "imprint": "site:imprint",
    "privacy": "site:privacy",
    "accessibility": "site:accessibility",
}


def page_url(kind: str, slug: str) -> str:
    """Return the path of a page in the active language."""
    if kind == "news":
        return reverse("public:news_detail", args=[slug])
    if kind == "story":
        return reverse("public:story_detail", args=[slug])
    if slug in SITE_PAGES:
        return reverse(SITE_PAGES[slug])
    return reverse("public:page", args=[slug])
