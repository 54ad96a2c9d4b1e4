"""Rendering and checking a page's text: sanitised output, refused active content, broken links."""

from django.test import SimpleTestCase, TestCase, override_settings

from dualcareer.public import content
from dualcareer.public.tests.factories import make_page


class ToHtmlTests(SimpleTestCase):
    def test_it_renders_markdown_headings_lists_and_links(self) -> None:
        html = content.to_html("## Title\n\n- one\n- [two](/contact/)", "markdown")
        self.assertIn("<h2>Title</h2>", html)
        self.assertIn('<li><a href="/contact/"', html)

    def test_it_removes_script_tags_and_event_handlers_from_html(self) -> None:
        html = content.to_html(
            '<p onclick="steal()">Hi<script>alert(1)</script><img src=x onerror="x()"></p>',
            "html",
        )
        self.assertNotIn("script", html)
        self.assertNotIn("onclick", html)
        self.assertNotIn("onerror", html)
        self.assertNotIn("<img", html)
        self.assertIn("<p>Hi</p>", html)

    def test_it_removes_javascript_links_in_both_formats(self) -> None:
        self.assertNotIn(
            "javascript", content.to_html('<a href="javascript:alert(1)">x</a>', "html")
        )
        # Markdown keeps the refused link as plain text: no link, nothing to run.
        self.assertNotIn("href", content.to_html("[x](javascript:alert(1))", "markdown"))

    def test_markdown_escapes_raw_html(self) -> None:
        html = content.to_html("<b>bold</b> <script>x</script>", "markdown")
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)

    def test_a_text_is_rendered_once_per_process_then_remembered(self) -> None:
        content.to_html.cache_clear()
        source = "## Impressum\n\n[Kontakt](/contact/)"
        first = content.to_html(source, "markdown", "en")
        self.assertEqual(content.to_html(source, "markdown", "en"), first)
        self.assertEqual(content.to_html.cache_info().hits, 1)
        self.assertIn('href="/contact/"', content.to_html(source, "markdown", "de"))
        self.assertIn("Impressum", content.to_html(source + " ", "markdown", "en"))
        self.assertEqual(content.to_html.cache_info().misses, 3)  # another language or text

    def test_a_change_of_the_default_language_is_not_answered_from_the_memo(self) -> None:
        source = "[Kontakt](/en/contact/)"
        self.assertIn('href="/contact/"', content.to_html(source, "markdown", "de"))
        with override_settings(LANGUAGE_CODE="en"):  # /en/... is then the default's own page
            self.assertIn('href="/en/contact/"', content.to_html(source, "markdown", "de"))

    def test_it_points_internal_links_at_the_english_pages(self) -> None:
        html = content.to_html("[Contact](/contact/) [Ext](https://example.org/)", "markdown", "en")
        self.assertIn('href="/en/contact/"', html)
        self.assertIn('href="https://example.org/"', html)
        self.assertIn('href="/contact/"', content.to_html("[C](/contact/)", "markdown", "de"))


class ActiveContentTests(SimpleTestCase):
    def test_it_names_scripts_event_handlers_and_javascript_links(self) -> None:
        self.assertEqual(len(content.active_content("<SCRIPT >alert(1)</script>")), 1)
        self.assertEqual(len(content.active_content('<a href="#" onmouseover="x()">a</a>')), 1)
        self.assertEqual(len(content.active_content("[x](javascript:alert(1))")), 1)

    def test_it_sees_through_entities_and_whitespace(self) -> None:
        self.assertTrue(content.active_content('<a href="java&#115;cript:alert(1)">x</a>'))
        self.assertTrue(content.active_content('<a href="java\tscript:alert(1)">x</a>'))

    def test_plain_text_about_events_is_fine(self) -> None:
        self.assertEqual(content.active_content("Our online event: register by e-mail."), [])


class BrokenLinksTests(TestCase):
    def check(self, source: str) -> list[str]:
        from dualcareer.public.services import _slug_exists

        return content.broken_links(content.to_html(source, "markdown"), slug_exists=_slug_exists)

    def test_links_to_existing_pages_are_fine(self) -> None:
        make_page("welcome-days")
        source = (
            "[a](/contact/) [b](/en/privacy/) [c](/info/faq/) [d](/news/welcome-days/) "
            "[e](https://example.org/nothing/) [f](mailto:a@example.org) [g](#top)"
        )
        self.assertEqual(self.check(source), [])

    def test_it_reports_unknown_paths_missing_pages_and_relative_links(self) -> None:
        broken = self.check("[a](/no-such-page/) [b](/info/not-written-yet/) [c](faq/)")
        self.assertEqual(broken, ["/no-such-page/", "/info/not-written-yet/", "faq/"])

    def test_it_checks_absolute_links_to_this_site(self) -> None:
        with self.settings(SITE_URL="https://dcn.example.org"):
            self.assertEqual(
                self.check("[a](https://dcn.example.org/nowhere/)"),
                ["https://dcn.example.org/nowhere/"],
            )
