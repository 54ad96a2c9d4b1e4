"""services.article_update: versions with who changed what; a stale save is refused."""

from django.core.exceptions import PermissionDenied
from django.test import TestCase

from dualcareer.knowledge import services
from dualcareer.knowledge.models import Article
from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


def values(article, **changes):
    data = {
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "language": article.language,
        "topics": list(article.topics),
        "sector": article.sector,
        "visibility": article.visibility,
    }
    data.update(changes)
    return services.ArticleInput(**data)


class ArticleUpdateTest(KnowledgeTestCase):
    def setUp(self):
        self.article = make_article(institution=self.inst, created_by=self.alice)
        services._snapshot(self.article, actor=self.alice, changed=["title"])

    def test_a_save_keeps_a_version_with_who_changed_which_fields(self):
        updated = services.article_update(
            actor=self.bob,
            article=self.article,
            values=values(self.article, body="Neuer Text zur Begleitung."),
            expected_version=1,
        )
        self.assertEqual(updated.version, 2)
        latest = updated.versions.all()[0]
        self.assertEqual(
            (latest.number, latest.changed_by, latest.changed_fields), (2, self.bob, ["body"])
        )
        self.assertIn(" begleit ", Article.objects.get(pk=updated.pk).search_stems)

    def test_two_editors_of_the_same_version_the_second_save_is_refused(self):
        loaded_by_alice = loaded_by_bob = self.article.version
        services.article_update(
            actor=self.alice,
            article=self.article,
            values=values(self.article, title="Fassung von Alice"),
            expected_version=loaded_by_alice,
        )
        with self.assertRaises(services.EditConflict) as caught:
            services.article_update(
                actor=self.bob,
                article=self.article,
                values=values(self.article, title="Fassung von Bob"),
                expected_version=loaded_by_bob,
            )
        self.assertIn("Alice", caught.exception.messages[0])
        self.assertIn("Fassung 2", caught.exception.messages[0])
        stored = Article.objects.get(pk=self.article.pk)
        self.assertEqual((stored.title, stored.version), ("Fassung von Alice", 2))

    def test_outsiders_are_refused(self):
        for user in (self.charlie, self.emil, self.nobody, self.paula):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.article_update(
                    actor=user,
                    article=self.article,
                    values=values(self.article, title="Übernommen"),
                    expected_version=1,
                )
        self.assertEqual(Article.objects.get(pk=self.article.pk).version, 1)


class EditConflictMessageTest(TestCase):
    def test_the_message_names_no_one_when_the_editor_is_unknown(self):
        article = Article(title="x", version=3)
        from django.utils import timezone

        article.updated_at = timezone.now()
        self.assertIn("Fassung 3", services.EditConflict(article).messages[0])
