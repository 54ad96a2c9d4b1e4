"""The public site's rows of the authorisation matrix (see site/tests/test_authorization_matrix.py).

The pages, news, stories, feeds, sitemap and contact form are for everybody;
the page editor, the stories' consents and the contact messages for the
network's coordinators only (anonymous visitors are sent to the login,
everybody else gets 404, or 403 where no page is named). A draft news item
and a story without consent are seen by the coordinators only.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dualcareer.public.models import Page
from dualcareer.public.tests.factories import make_page, make_story
from dualcareer.site.tests.authz_common import ALL, COORDINATOR, at

EDITORS_ONLY = "- - - - - - - - +"  # unpublished: 404 for everybody but the coordinator

ROWS: dict[str, dict[str, Any]] = {
    "public:page": {"url": at("public:page", "pub_faq.slug"), "GET": ALL},
    "public:news_list": {"url": at("public:news_list"), "GET": ALL},
    "public:news_rss": {"url": at("public:news_rss"), "GET": ALL},
    "public:news_atom": {"url": at("public:news_atom"), "GET": ALL},
    "public:news_detail": {"url": at("public:news_detail", "pub_news.slug"), "GET": ALL},
    "public:news_detail[draft]": {
        "url": at("public:news_detail", "pub_draft.slug"),
        "GET": EDITORS_ONLY,
    },
    "public:story_list": {"url": at("public:story_list"), "GET": ALL},
    "public:story_detail": {"url": at("public:story_detail", "pub_story.slug"), "GET": ALL},
    "public:story_detail[no-consent]": {
        "url": at("public:story_detail", "pub_story_unconsented.slug"),
        "GET": EDITORS_ONLY,
    },
    # An empty POST answers the form again with its errors (200).
    "public:contact": {"url": at("public:contact"), "GET": ALL, "POST": ALL},
    "public:openings_rss": {"url": at("public:openings_rss"), "GET": ALL},
    "public:openings_atom": {"url": at("public:openings_atom"), "GET": ALL},
    "public:manage": {"url": at("public:manage"), "GET": COORDINATOR},
    "public:page_create": {
        "url": lambda fx: reverse("public:page_create", args=["news"]),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "public:contact_messages": {"url": at("public:contact_messages"), "GET": COORDINATOR},
    "public:page_edit": {
        "url": at("public:page_edit", "pub_faq.slug"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "public:page_versions": {"url": at("public:page_versions", "pub_faq.slug"), "GET": COORDINATOR},
    "public:page_version": {
        "url": at("public:page_version", "pub_faq.slug", "pub_version_number"),
        "GET": COORDINATOR,
    },
    "public:page_restore": {
        "url": at("public:page_restore", "pub_faq.slug", "pub_version_number"),
        "POST": COORDINATOR,
    },
    "public:story_consent": {
        "url": at("public:story_consent", "pub_story.slug"),
        "GET": COORDINATOR,
        "POST": COORDINATOR,
    },
    "public:story_consent_withdraw": {
        "url": at("public:story_consent_withdraw", "pub_story.slug", "pub_consent_id"),
        "POST": COORDINATOR,
    },
    "sitemap": {"url": at("sitemap"), "GET": ALL},
    "robots_txt": {"url": at("robots_txt"), "GET": ALL},
}


def setup(cls: Any) -> None:
    """The seeded FAQ page, a published and a draft news item, stories with and without consent."""
    cls.pub_faq = Page.objects.get(slug="faq")
    cls.pub_version_number = 1
    cls.pub_news = make_page("authz-news")
    cls.pub_draft = make_page("authz-draft", published=False)
    cls.pub_story = make_story("authz-story")
    cls.pub_story_unconsented = make_story("authz-story-unconsented", consent=False)
    cls.pub_consent_id = cls.pub_story.consents.get().pk


PATTERN_COUNT = 21  # 19 in public/urls.py, sitemap.xml and robots.txt in config/urls.py
ADMIN_PATTERN_COUNT = 0
CELL_COUNT = 27 * 9  # 17 GET-only rows, 4 rows with GET and POST, 2 POST-only rows; 9 roles
