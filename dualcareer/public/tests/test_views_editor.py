"""The coordinators' page editor: preview without saving, save as a version, refusals, restore."""

from django.urls import reverse

from dualcareer.public.models import Page
from dualcareer.public.tests.factories import content, make_page
from dualcareer.testing.base import BaseTestCase


class EditorAccessTests(BaseTestCase):
    def test_anonymous_visitors_are_sent_to_the_login(self) -> None:
        url = reverse("public:page_edit", args=["faq"])
        response = self.client.get(url)
        self.assertRedirects(response, f"{reverse('accounts:login')}?next={url}")

    def test_officers_employers_and_partners_are_refused(self) -> None:
        urls = [
            reverse("public:manage"),
            reverse("public:page_edit", args=["faq"]),
            reverse("public:page_versions", args=["faq"]),
            reverse("public:page_version", args=["faq", 1]),
        ]
        for user in (self.alice, self.charlie, self.emil, self.paula):
            self.client.force_login(user)
            for url in urls:
                self.assertEqual(self.client.get(url).status_code, 404, (user, url))
            self.assertEqual(
                self.client.get(reverse("public:page_create", args=["news"])).status_code, 403
            )
            response = self.client.post(
                reverse("public:page_edit", args=["faq"]), {**content(), "action": "save"}
            )
            self.assertEqual(response.status_code, 404)
        self.assertEqual(Page.objects.get(slug="faq").version, 1)

    def test_the_coordinator_sees_every_page(self) -> None:
        self.client.force_login(self.cora)
        response = self.client.get(reverse("public:manage"))
        self.assertContains(response, "Datenschutzerklärung")
        self.assertContains(response, reverse("public:page_edit", args=["accessibility"]))


class EditorFlowTests(BaseTestCase):
    def setUp(self) -> None:
        self.client.force_login(self.cora)
        self.url = reverse("public:page_edit", args=["faq"])

    def test_preview_shows_both_languages_rendered_and_saves_nothing(self) -> None:
        data = {
            **content(body_de="## Neue Frage\n\nAntwort.", body_en="## New question"),
            "action": "preview",
        }
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<h2>Neue Frage</h2>", html=True)
        self.assertContains(response, "<h2>New question</h2>", html=True)
        self.assertEqual(Page.objects.get(slug="faq").version, 1)

    def test_save_publishes_a_new_version(self) -> None:
        data = {**content(title_de="FAQ neu"), "action": "save"}
        response = self.client.post(self.url, data)
        self.assertRedirects(response, self.url)
        page = Page.objects.get(slug="faq")
        self.assertEqual((page.version, page.title_de, page.updated_by), (2, "FAQ neu", self.cora))
        self.assertContains(self.client.get("/info/faq/"), "FAQ neu")

    def test_a_script_is_refused_with_a_message_on_the_field(self) -> None:
        data = {**content(body_de="Hallo <script>alert(1)</script>"), "action": "save"}
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("body_de", response.context["form"].errors)
        self.assertContains(
            response, "Skripte, Frames, Stilangaben und Formulare sind nicht erlaubt."
        )
        self.assertContains(response, "Fehler:")  # the page title announces the error
        self.assertEqual(Page.objects.get(slug="faq").version, 1)
        # The preview shown beside the error is cleaned too.
        self.assertNotContains(response, "<script>alert(1)</script>")

    def test_a_broken_link_is_reported(self) -> None:
        data = {**content(body_en="[old page](/info/gone/)"), "action": "save"}
        response = self.client.post(self.url, data)
        self.assertContains(response, "/info/gone/")
        self.assertIn("body_en", response.context["form"].errors)

    def test_a_missing_title_is_named(self) -> None:
        response = self.client.post(self.url, {**content(title_en=""), "action": "save"})
        self.assertIn("title_en", response.context["form"].errors)

    def test_a_news_item_is_created_and_then_editable(self) -> None:
        create = reverse("public:page_create", args=["news"])
        self.assertEqual(self.client.get(create).status_code, 200)
        response = self.client.post(
            create, {**content(), "slug": "welcome", "publish": "on", "action": "save"}
        )
        self.assertRedirects(response, reverse("public:page_edit", args=["welcome"]))
        self.assertContains(self.client.get("/news/"), "Willkommenstage 2026")

    def test_an_unknown_kind_is_404(self) -> None:
        self.assertEqual(
            self.client.get(reverse("public:page_create", args=["blog"])).status_code, 404
        )

    def test_versions_can_be_viewed_and_restored(self) -> None:
        self.client.post(self.url, {**content(title_de="Zweite Fassung"), "action": "save"})
        versions = self.client.get(reverse("public:page_versions", args=["faq"]))
        self.assertContains(versions, reverse("public:page_version", args=["faq", 1]))
        first = self.client.get(reverse("public:page_version", args=["faq", 1]))
        self.assertContains(first, "Häufige Fragen")
        response = self.client.post(reverse("public:page_restore", args=["faq", 1]))
        self.assertRedirects(response, self.url)
        page = Page.objects.get(slug="faq")
        self.assertEqual((page.version, page.title_de), (3, "Häufige Fragen"))

    def test_an_unknown_version_is_404(self) -> None:
        self.assertEqual(
            self.client.get(reverse("public:page_version", args=["faq", 99])).status_code, 404
        )

    def test_restoring_an_unknown_version_is_a_message_not_an_error(self) -> None:
        response = self.client.post(reverse("public:page_restore", args=["faq", 99]))
        self.assertRedirects(response, reverse("public:page_versions", args=["faq"]))

    def test_a_story_draft_is_saved_but_publishing_it_needs_consent(self) -> None:
        make_page("couple", kind="story", published=False)
        url = reverse("public:page_edit", args=["couple"])
        response = self.client.post(url, {**content(), "publish": "on", "action": "save"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Einwilligung des Paares")
        self.assertFalse(Page.objects.get(slug="couple").is_published)
