"""API v1 knowledge articles: publishing and changing them, as on the pages.

alice and bob write for inst; charlie for other_inst (a member too, but not
inst's author); cora coordinates the network (she edits its members'
articles, as on the page); paula, emil (an employer contact) and `nobody` write nothing. A change
names the version it is based on: a stale one answers 409, nothing is written.
"""

from typing import Any

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.api import tokens
from dualcareer.core.models import AuditEntry
from dualcareer.knowledge import services
from dualcareer.knowledge.models import Article, ArticleVersion
from dualcareer.testing.base import BaseTestCase

ARTICLE: dict[str, Any] = {
    "title": "Onboarding in der Region",
    "summary": "Wie wir Partnerinnen begrüßen.",
    "body": "Erster Absatz.\n\nZweiter Absatz.",
    "language": "de",
    "topics": ["counselling", "regional_network"],
    "visibility": "members",
}


class KnowledgeWriteTestCase(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()

    def as_(self, user):
        self.api.force_authenticate(user)
        return self.api


class ArticleCreateTests(KnowledgeWriteTestCase):
    url = reverse("api_v1:article_list")

    def test_a_member_publishes_in_the_name_of_their_institution(self):
        body = {**ARTICLE, "institution": self.inst.slug}
        response = self.as_(self.alice).post(self.url, body, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual((data["institution"], data["version"]), (self.inst.slug, 1))
        self.assertEqual(data["topics"], ["counselling", "regional_network"])
        article = Article.objects.get(public_id=data["id"])
        self.assertEqual(article.created_by, self.alice)
        entry = AuditEntry.objects.get(action="article.published")
        self.assertEqual((entry.actor, entry.target_id), (self.alice, str(article.pk)))
        # and the library finds it
        listed = self.as_(self.charlie).get(self.url, {"q": "Onboarding"}).json()
        self.assertEqual([a["id"] for a in listed["results"]], [data["id"]])

    def test_bad_input_answers_400_naming_the_field(self):
        cases: list[tuple[dict[str, Any], str]] = [
            ({"title": ""}, "title"),
            ({"body": ""}, "body"),
            ({"title": "x" * 201}, "title"),
            ({"language": "fr"}, "language"),
            ({"topics": ["astrology"]}, "topics"),
            ({"visibility": "secret"}, "visibility"),
            ({"sector": "moon"}, "sector"),
            ({"institution": "no-such-place"}, "institution"),
            ({"body": "Text mit \x00 darin"}, "body"),
            ({"published_on": "gestern"}, "published_on"),
        ]
        for changes, field in cases:
            with self.subTest(field=field):
                body = {**ARTICLE, "institution": self.inst.slug, **changes}
                response = self.as_(self.alice).post(self.url, body, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.assertFalse(Article.objects.exists())

    def test_nobody_publishes_for_another_institution_or_without_one(self):
        # charlie writes for other_inst, not for inst
        response = self.as_(self.charlie).post(
            self.url, {**ARTICLE, "institution": self.inst.slug}, format="json"
        )
        self.assertEqual(response.status_code, 403)
        for user in (self.paula, self.emil, self.nobody):
            with self.subTest(user=user.email):
                response = self.as_(user).post(
                    self.url, {**ARTICLE, "institution": self.inst.slug}, format="json"
                )
                self.assertEqual(response.status_code, 403)
        self.api.force_authenticate(None)
        response = self.api.post(self.url, {**ARTICLE, "institution": self.inst.slug})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Article.objects.exists())
        self.assertFalse(AuditEntry.objects.filter(action="article.published").exists())

    def test_a_token_needs_the_write_scope(self):
        body = {**ARTICLE, "institution": self.inst.slug}
        _token, raw = tokens.token_create(
            user=self.alice, name="t", scopes=["knowledge:read"], lifetime_days=1
        )
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = api.post(self.url, body, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "knowledge:write")
        _token, raw = tokens.token_create(
            user=self.alice, name="w", scopes=["knowledge:write"], lifetime_days=1
        )
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        self.assertEqual(api.post(self.url, body, format="json").status_code, 201)


class ArticleUpdateTests(KnowledgeWriteTestCase):
    def setUp(self):
        super().setUp()
        self.article = services.article_create(
            actor=self.alice,
            institution=self.inst,
            values=services.ArticleInput(title="Praxisbericht", body="Alter Text"),
        )
        self.url = reverse("api_v1:article_detail", args=[self.article.public_id])

    def test_a_colleague_changes_it_with_the_version_read(self):
        response = self.as_(self.bob).patch(
            self.url, {"body": "Neuer Text", "version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual((response.json()["body"], response.json()["version"]), ("Neuer Text", 2))
        self.article.refresh_from_db()
        self.assertEqual((self.article.title, self.article.updated_by), ("Praxisbericht", self.bob))
        version = ArticleVersion.objects.get(article=self.article, number=2)
        self.assertEqual(version.changed_fields, ["body"])
        entry = AuditEntry.objects.get(action="article.updated")
        self.assertEqual((entry.actor, entry.data["fields"]), (self.bob, ["body"]))

    def test_the_coordinator_edits_as_on_the_page(self):
        response = self.as_(self.cora).patch(
            self.url, {"visibility": "public", "version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["visibility"], "public")

    def test_a_stale_version_is_a_conflict_and_nothing_is_written(self):
        services.article_update(
            actor=self.alice,
            article=self.article,
            values=services.ArticleInput(title="Praxisbericht", body="Alices Fassung"),
            expected_version=1,
        )
        response = self.as_(self.bob).patch(
            self.url, {"body": "Bobs Fassung", "version": 1}, format="json"
        )
        self.assertEqual(response.status_code, 409, response.content)
        data = response.json()
        self.assertEqual((data["code"], data["current_version"]), ("edit_conflict", 2))
        self.assertIn("detail", data)
        self.article.refresh_from_db()
        self.assertEqual((self.article.body, self.article.version), ("Alices Fassung", 2))
        self.assertEqual(AuditEntry.objects.filter(action="article.updated").count(), 1)

    def test_bad_input_answers_400_naming_the_field(self):
        for body, field in [
            ({"body": "Neu"}, "version"),  # missing
            ({"body": "Neu", "version": "eins"}, "version"),
            ({"title": "", "version": 1}, "title"),
            ({"topics": ["astrology"], "version": 1}, "topics"),
            ({"summary": "x" * 501, "version": 1}, "summary"),
        ]:
            with self.subTest(body=body):
                response = self.as_(self.alice).patch(self.url, body, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.article.refresh_from_db()
        self.assertEqual(self.article.version, 1)

    def test_others_are_refused(self):
        # charlie and emil (members of the network) read the members-only article but
        # may not change it; the others do not see it at all
        for user, code in [
            (self.charlie, 403),
            (self.emil, 403),
            (self.paula, 404),
            (self.nobody, 404),
        ]:
            with self.subTest(user=user.email):
                response = self.as_(user).patch(
                    self.url, {"body": "Fremd", "version": 1}, format="json"
                )
                self.assertEqual(response.status_code, code, response.content)
        self.api.force_authenticate(None)
        self.assertEqual(self.api.patch(self.url, {"version": 1}, format="json").status_code, 403)
        self.article.refresh_from_db()
        self.assertEqual((self.article.body, self.article.version), ("Alter Text", 1))
        self.assertFalse(AuditEntry.objects.filter(action="article.updated").exists())

    def test_a_token_needs_the_write_scope(self):
        _token, raw = tokens.token_create(
            user=self.alice, name="t", scopes=["knowledge:read"], lifetime_days=1
        )
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = api.patch(self.url, {"body": "Neu", "version": 1}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "knowledge:write")
        self.article.refresh_from_db()
        self.assertEqual(self.article.version, 1)
