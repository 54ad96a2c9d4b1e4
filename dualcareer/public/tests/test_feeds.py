"""RSS/Atom of news and public openings; JobPosting markup only on public opening pages."""

import json
import re

from django.urls import reverse

from dualcareer.openings.models import Visibility
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.public.tests.factories import make_page
from dualcareer.testing.base import BaseTestCase


class NewsFeedTests(BaseTestCase):
    def test_rss_lists_published_news_in_the_url_language(self) -> None:
        make_page("welcome-days")
        make_page("draft", published=False, title_de="Entwurf")
        german = self.client.get(reverse("public:news_rss"))
        self.assertEqual(german["Content-Type"], "application/rss+xml; charset=utf-8")
        text = german.content.decode()
        self.assertIn("<title>Willkommenstage 2026</title>", text)
        self.assertIn("<language>de</language>", text)
        self.assertIn("http://testserver/news/welcome-days/", text)
        self.assertNotIn("Entwurf", text)
        english = self.client.get("/en/news/rss/").content.decode()
        self.assertIn("<title>Welcome days 2026</title>", english)
        self.assertIn("http://testserver/en/news/welcome-days/", english)

    def test_atom_feed(self) -> None:
        make_page("welcome-days")
        response = self.client.get(reverse("public:news_atom"))
        self.assertEqual(response["Content-Type"], "application/atom+xml; charset=utf-8")
        text = response.content.decode()
        self.assertIn('xmlns="http://www.w3.org/2005/Atom"', text)
        self.assertIn('xml:lang="de"', text)
        self.assertIn("<title>Willkommenstage 2026</title>", text)


class OpeningFeedTests(BaseTestCase):
    def test_only_published_public_openings_are_in_the_feeds(self) -> None:
        OpeningFactory(institution=self.employer_inst, title_de="Öffentliche Stelle")
        OpeningFactory(
            institution=self.employer_inst, title_de="Netzwerkstelle", visibility=Visibility.NETWORK
        )
        OpeningFactory(
            institution=self.employer_inst, title_de="Nur Officers", visibility=Visibility.OFFICERS
        )
        OpeningFactory(
            institution=self.employer_inst, title_de="Entwurfsstelle", is_published=False
        )
        for name in ("public:openings_rss", "public:openings_atom"):
            text = self.client.get(reverse(name)).content.decode()
            self.assertIn("Öffentliche Stelle", text, name)
            for hidden in ("Netzwerkstelle", "Nur Officers", "Entwurfsstelle"):
                self.assertNotIn(hidden, text, name)

    def test_the_feed_is_the_same_for_a_logged_in_officer(self) -> None:
        OpeningFactory(
            institution=self.employer_inst, title_de="Netzwerkstelle", visibility=Visibility.NETWORK
        )
        self.client.force_login(self.alice)
        self.assertNotIn(
            "Netzwerkstelle", self.client.get(reverse("public:openings_rss")).content.decode()
        )


class JobPostingTests(BaseTestCase):
    def structured(self, opening) -> list[dict]:
        html = self.client.get(
            reverse("openings:detail", args=[opening.public_id])
        ).content.decode()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return [json.loads(block) for block in blocks]

    def test_a_public_opening_carries_the_job_posting_fields(self) -> None:
        opening = OpeningFactory(institution=self.employer_inst, closing_date="2099-12-31")
        [data] = self.structured(opening)
        self.assertEqual(data["@type"], "JobPosting")
        for key in (
            "title",
            "description",
            "datePosted",
            "validThrough",
            "hiringOrganization",
            "jobLocation",
            "employmentType",
        ):
            self.assertIn(key, data)
        self.assertEqual(data["hiringOrganization"]["name"], "Beispiel GmbH")

    def test_a_network_only_opening_has_none(self) -> None:
        opening = OpeningFactory(institution=self.employer_inst, visibility=Visibility.NETWORK)
        self.client.force_login(self.alice)
        self.assertEqual(self.structured(opening), [])
