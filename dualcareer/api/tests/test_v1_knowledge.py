"""API v1 knowledge articles: the library as the reader may read it."""

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.knowledge import services
from dualcareer.testing.base import BaseTestCase


class KnowledgeV1Tests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()
        self.members = services.article_create(
            actor=self.alice,
            institution=self.inst,
            values=services.ArticleInput(title="Nur Mitglieder", body="Interna"),
        )
        self.public = services.article_create(
            actor=self.alice,
            institution=self.inst,
            values=services.ArticleInput(title="Offen", body="Text", visibility="public"),
        )

    def test_members_read_members_only_articles(self):
        self.api.force_authenticate(self.charlie)
        titles = [
            a["title"] for a in self.api.get(reverse("api_v1:article_list")).json()["results"]
        ]
        self.assertEqual(sorted(titles), ["Nur Mitglieder", "Offen"])
        detail = self.api.get(reverse("api_v1:article_detail", args=[self.members.public_id]))
        self.assertEqual(detail.json()["body"], "Interna")

    def test_others_see_only_public_articles(self):
        self.api.force_authenticate(self.paula)
        titles = [
            a["title"] for a in self.api.get(reverse("api_v1:article_list")).json()["results"]
        ]
        self.assertEqual(titles, ["Offen"])
        detail = self.api.get(reverse("api_v1:article_detail", args=[self.members.public_id]))
        self.assertEqual(detail.status_code, 404)
        self.assertNotIn("Interna", detail.content.decode())
