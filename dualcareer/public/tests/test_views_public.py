"""The public pages: editable texts at their addresses, titles, descriptions, hreflang, drafts."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation

from dualcareer.public import services
from dualcareer.public.models import Page
from dualcareer.public.tests.factories import content, make_page, make_story
from dualcareer.testing.base import BaseTestCase


class BuiltInPagesTests(BaseTestCase):
    def test_the_legal_pages_show_the_editable_text_in_both_languages(self) -> None:
        for name, german, english in (
            ("site:privacy", "Datenschutzerklärung", "Privacy notice"),
            ("site:imprint", "Impressum", "Imprint"),
            ("site:accessibility", "Erklärung zur Barrierefreiheit", "Accessibility statement"),
        ):
            # A fresh client each time: a visit to /en/ remembers English for the visitor.
            with translation.override("de"):
                path = reverse(name)
            german_page = self.client_class().get(path)
            self.assertContains(german_page, f"<h1>{german}</h1>", html=True)
            response = self.client_class().get("/en" + path)
            self.assertContains(response, f"<h1>{english}</h1>", html=True)

    def test_an_edit_by_the_coordinator_appears_on_the_imprint(self) -> None:
        imprint = Page.objects.get(slug="imprint")
        values = content(body_de="Regionalverband Ruhr, Kronprinzenstraße 35, 45128 Essen")
        services.page_save(user=self.cora, page=imprint, values=values)
        self.assertContains(self.client.get(reverse("site:imprint")), "Kronprinzenstraße 35")

    def test_the_privacy_notice_names_what_the_brief_requires(self) -> None:
        body = self.client.get(reverse("site:privacy")).content.decode()
        for needed in (
            "Verantwortlicher",
            "Datenschutzbeauftragte",
            "tile.openstreetmap.org",
            "Kontaktformular",
            "Beschwerderecht",
            "Art. 6 Abs. 1 lit. a DSGVO",
            "180 Tagen",
        ):
            self.assertIn(needed, body)

    def test_the_accessibility_statement_has_the_bitv_parts(self) -> None:
        body = self.client.get("/en/accessibility/").content.decode()
        for needed in (
            "Compliance status",
            "Non-accessible content",
            "Schlichtungsstelle",
            "prepared on",
            'href="/en/contact/"',
        ):
            self.assertIn(needed, body)

    def test_the_start_page_links_the_audiences_and_shows_news(self) -> None:
        make_page("welcome-days")
        response = self.client.get(reverse("site:home"))
        self.assertContains(
            response, '<h1 id="hero-title">Dual Career-Unterstützung im Netzwerk</h1>', html=True
        )
        self.assertContains(response, reverse("public:page", args=["dual-career-employers"]))
        self.assertContains(response, "Willkommenstage 2026")
        self.assertContains(response, reverse("network:directory"))

    def test_info_addresses_of_built_in_site_pages_redirect_to_them(self) -> None:
        response = self.client.get(reverse("public:page", args=["privacy"]))
        self.assertRedirects(response, reverse("site:privacy"), status_code=301)


class SeoTests(BaseTestCase):
    def test_each_page_has_its_title_description_and_hreflang_alternates(self) -> None:
        response = self.client.get("/en/info/faq/")
        html = response.content.decode()
        self.assertIn("<title>Frequently asked questions ·", html)
        self.assertIn('<meta name="description" content="Answers to frequent questions', html)
        self.assertIn(
            '<link rel="alternate" hreflang="de" href="http://testserver/info/faq/">', html
        )
        self.assertIn(
            '<link rel="alternate" hreflang="en" href="http://testserver/en/info/faq/">', html
        )
        self.assertIn('hreflang="x-default" href="http://testserver/info/faq/"', html)

    def test_the_sitemap_lists_both_languages_with_alternates(self) -> None:
        make_page("welcome-days")
        make_page("draft-news", published=False)
        xml = self.client.get("/sitemap.xml").content.decode()
        self.assertIn("<loc>http://testserver/privacy/</loc>", xml)
        self.assertIn("<loc>http://testserver/en/privacy/</loc>", xml)
        self.assertIn('hreflang="en" href="http://testserver/en/news/welcome-days/"', xml)
        self.assertIn("http://testserver/en/contact/", xml)
        self.assertNotIn("draft-news", xml)
        self.assertNotIn("site-editor", xml)

    def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_private_areas(self) -> None:
        response = self.client.get("/robots.txt")
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        text = response.content.decode()
        self.assertIn("Sitemap: http://testserver/sitemap.xml", text)
        self.assertIn("Disallow: /cases/", text)
        self.assertIn("Disallow: /en/site-editor/", text)


class NewsAndStoriesTests(BaseTestCase):
    def test_published_news_newest_first_and_no_drafts(self) -> None:
        now = timezone.now()
        make_page("older", title_de="Ältere Nachricht", published_at=now - dt.timedelta(days=2))
        make_page("newer", title_de="Neuere Nachricht", published_at=now - dt.timedelta(days=1))
        make_page("draft", title_de="Entwurf", published=False)
        html = self.client.get(reverse("public:news_list")).content.decode()
        self.assertLess(html.index("Neuere Nachricht"), html.index("Ältere Nachricht"))
        self.assertNotIn("Entwurf", html)

    def test_a_draft_is_404_for_visitors_and_officers_but_shown_to_the_coordinator(self) -> None:
        make_page("draft", published=False)
        url = reverse("public:news_detail", args=["draft"])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.cora)
        self.assertContains(self.client.get(url), "Nicht veröffentlicht")

    def test_a_news_item_renders_its_text_in_the_reader_language(self) -> None:
        make_page("welcome-days")
        response = self.client.get("/en/news/welcome-days/")
        self.assertContains(response, "<h2>Programme</h2>", html=True)
        self.assertContains(response, 'href="/en/contact/"')

    def test_stories_list_only_those_with_consent(self) -> None:
        make_story("with-consent")
        make_story("without-consent", consent=False, title_de="Ohne Einwilligung")
        html = self.client.get(reverse("public:story_list")).content.decode()
        self.assertIn("with-consent", html)
        self.assertNotIn("without-consent", html)

    def test_stored_dangerous_markup_is_never_rendered(self) -> None:
        # Text stored around the service (an import, the admin) is still cleaned on output.
        make_page(
            "bad",
            body_de='<p>x</p><script>alert(1)</script><a href="javascript:x()">y</a>',
            body_format="html",
        )
        html = self.client.get(reverse("public:news_detail", args=["bad"])).content.decode()
        self.assertNotIn("alert(1)", html)
        self.assertNotIn("javascript:x", html)
