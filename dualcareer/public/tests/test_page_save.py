"""services.page_save and page_restore: coordinators only, checked content, versions, audit."""

from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.core.models import AuditEntry
from dualcareer.public import services
from dualcareer.public.models import Page, PageKind
from dualcareer.public.tests.factories import content, make_page
from dualcareer.testing.base import BaseTestCase


class PageSaveTests(BaseTestCase):
    def test_coordinator_creates_a_news_item_as_version_one(self) -> None:
        page = services.page_save(
            user=self.cora, values=content(), kind=PageKind.NEWS, slug="welcome-days"
        )
        self.assertEqual(page.version, 1)
        self.assertTrue(page.is_published)
        self.assertIsNotNone(page.published_at)
        version = page.versions.get()
        self.assertEqual((version.number, version.created_by), (1, self.cora))
        self.assertEqual(version.title_en, "Welcome days 2026")

    def test_it_writes_an_audit_entry(self) -> None:
        page = services.page_save(user=self.cora, values=content(), kind="news", slug="x-1")
        entry = AuditEntry.objects.get(action="page.created")
        self.assertEqual((entry.actor, str(entry.target_id)), (self.cora, str(page.pk)))

    def test_an_edit_adds_a_version_and_keeps_the_old_text(self) -> None:
        page = make_page()
        services.page_save(user=self.cora, page=page, values=content(title_de="Neu"))
        page.refresh_from_db()
        self.assertEqual((page.version, page.title_de), (2, "Neu"))
        self.assertEqual(page.versions.get(number=1).title_de, "Willkommenstage 2026")
        self.assertTrue(AuditEntry.objects.filter(action="page.updated").exists())

    def test_it_refuses_officers_employers_and_partners(self) -> None:
        for user in (self.alice, self.charlie, self.emil, self.paula):
            with self.assertRaises(PermissionDenied):
                services.page_save(user=user, values=content(), kind="news", slug="x")
        self.assertFalse(Page.objects.filter(slug="x").exists())

    def test_it_refuses_a_script_tag_naming_the_field(self) -> None:
        values = content(body_en="Hello <script>alert(1)</script>", body_format="html")
        with self.assertRaises(ValidationError) as caught:
            services.page_save(user=self.cora, values=values, kind="news", slug="x")
        self.assertEqual(list(caught.exception.message_dict), ["body_en"])
        self.assertFalse(Page.objects.filter(slug="x").exists())

    def test_it_refuses_event_handlers_and_javascript_links(self) -> None:
        values = content(body_de='<p onclick="x()">a</p>', body_en="[x](javascript:alert(1))")
        with self.assertRaises(ValidationError) as caught:
            services.page_save(user=self.cora, values=values, kind="news", slug="x")
        self.assertEqual(set(caught.exception.message_dict), {"body_de", "body_en"})

    def test_it_reports_broken_internal_links(self) -> None:
        values = content(body_de="[FAQ](/info/no-such-page/)")
        with self.assertRaises(ValidationError) as caught:
            services.page_save(user=self.cora, values=values, kind="news", slug="x")
        self.assertIn("/info/no-such-page/", caught.exception.message_dict["body_de"][0])

    def test_it_requires_both_languages(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.page_save(
                user=self.cora, values=content(title_en="", body_en=" "), kind="news", slug="x"
            )
        self.assertEqual(set(caught.exception.message_dict), {"title_en", "body_en"})

    def test_it_refuses_a_taken_or_reserved_or_malformed_address(self) -> None:
        make_page("taken")
        for slug in ("taken", "messages", "Not A Slug", ""):
            with self.assertRaises(ValidationError) as caught:
                services.page_save(user=self.cora, values=content(), kind="page", slug=slug)
            self.assertIn("slug", caught.exception.message_dict)

    def test_built_in_pages_cannot_be_taken_offline(self) -> None:
        privacy = Page.objects.get(slug="privacy")
        with self.assertRaises(ValidationError) as caught:
            services.page_save(user=self.cora, page=privacy, values=content(), publish=False)
        self.assertIn("publish", caught.exception.message_dict)

    def test_a_story_is_not_published_without_consent(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.page_save(user=self.cora, values=content(), kind="story", slug="couple")
        self.assertIn("publish", caught.exception.message_dict)
        story = services.page_save(
            user=self.cora, values=content(), kind="story", slug="couple", publish=False
        )
        self.assertFalse(story.is_published)


class PageRestoreTests(BaseTestCase):
    def test_restoring_makes_the_old_text_a_new_version(self) -> None:
        page = make_page()
        services.page_save(user=self.cora, page=page, values=content(body_de="Zweite Fassung"))
        services.page_restore(user=self.cora, page=page, number=1)
        page.refresh_from_db()
        self.assertEqual(page.version, 3)
        self.assertIn("Programm", page.body_de)
        latest = page.versions.get(number=3)
        self.assertEqual((latest.restored_from, latest.created_by), (1, self.cora))
        entry = AuditEntry.objects.get(action="page.restored")
        self.assertEqual(entry.data["from_version"], 1)

    def test_it_refuses_an_officer(self) -> None:
        page = make_page()
        with self.assertRaises(PermissionDenied):
            services.page_restore(user=self.alice, page=page, number=1)

    def test_an_unknown_version_is_a_validation_error(self) -> None:
        page = make_page()
        with self.assertRaises(ValidationError):
            services.page_restore(user=self.cora, page=page, number=9)

    def test_the_seeded_pages_exist_in_both_languages_with_a_first_version(self) -> None:
        for slug in ("home", "faq", "imprint", "privacy", "accessibility", "dual-career-couples"):
            page = Page.objects.get(slug=slug)
            self.assertTrue(page.system and page.is_published, slug)
            self.assertTrue(page.body_de and page.body_en, slug)
            self.assertEqual(page.versions.get().number, 1)
            self.assertEqual(
                services.page_problems({name: getattr(page, name) for name in page.CONTENT_FIELDS}),
                {},
                slug,
            )
