"""The library's pages: search, article, documents, writing, editing with conflicts."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from dualcareer.knowledge.models import Article, Visibility
from dualcareer.knowledge.tests.documents import make_pdf
from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class LibraryPagesTest(KnowledgeTestCase):
    internal: Any
    public: Any

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.internal = make_article(
            institution=cls.inst, title="Interne Erfahrungen", body="Berufungen begleiten"
        )
        cls.public = make_article(
            institution=cls.inst, title="Öffentlicher Leitfaden", visibility=Visibility.PUBLIC
        )

    def test_anonymous_visitors_see_public_articles_only(self):
        response = self.client.get(reverse("knowledge:library"))
        self.assertContains(response, "Öffentlicher Leitfaden")
        self.assertNotContains(response, "Interne Erfahrungen")
        detail = reverse("knowledge:article_detail", args=[self.internal.public_id])
        self.assertEqual(self.client.get(detail).status_code, 404)

    def test_members_search_with_stemming(self):
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("knowledge:library"), {"q": "Berufung"})
        self.assertContains(response, "Interne Erfahrungen")
        self.assertNotContains(response, "Öffentlicher Leitfaden")

    def test_the_pages_of_a_filtered_search_keep_every_filter(self):
        from dualcareer.knowledge.models import Topic
        from dualcareer.knowledge.views.public import PAGE_SIZE

        for i in range(PAGE_SIZE + 2):
            make_article(institution=self.inst, title=f"Ethik {i:02d}", topics=[Topic.ETHICS])
        self.client.force_login(self.charlie)
        url = reverse("knowledge:library")
        first = self.client.get(url, {"topic": Topic.ETHICS, "language": "de"})
        self.assertEqual(first.content.decode().count("Ethik "), PAGE_SIZE)
        next_link = f'href="?topic={Topic.ETHICS}&amp;language=de&amp;page=2"'
        self.assertContains(first, next_link)
        second = self.client.get(url, {"topic": Topic.ETHICS, "language": "de", "page": 2})
        self.assertContains(second, 'rel="prev"')
        self.assertNotContains(second, "Interne Erfahrungen")  # another topic: not on page 2
        self.assertEqual(second.content.decode().count("Ethik "), 2)

    def test_publish_with_a_pdf_then_download_it(self):
        self.client.force_login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("knowledge:article_create"),
                {
                    "institution": str(self.inst.pk),
                    "title": "Regionales Netzwerk",
                    "body": "Kooperation mit Kammern.",
                    "language": "de",
                    "visibility": "members",
                    "topics": ["regional_network"],
                    "documents": [SimpleUploadedFile("netz.pdf", make_pdf("Handwerkskammer"))],
                },
            )
        article = Article.objects.get(title="Regionales Netzwerk")
        self.assertRedirects(
            response, reverse("knowledge:article_detail", args=[article.public_id])
        )
        document = article.documents.get()
        url = reverse("knowledge:document_download", args=[article.public_id, document.public_id])
        self.client.force_login(self.charlie)
        download = self.client.get(url)
        self.assertEqual(download.status_code, 200)
        self.assertTrue(download.getvalue().startswith(b"%PDF"))
        self.client.force_login(self.nobody)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.charlie)
        found = self.client.get(reverse("knowledge:library"), {"q": "Handwerkskammern"})
        self.assertContains(found, "Regionales Netzwerk")

    def test_a_bad_upload_is_shown_on_the_form(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("knowledge:article_create"),
            {
                "institution": str(self.inst.pk),
                "title": "Mit Anhang",
                "body": "Text",
                "language": "de",
                "visibility": "members",
                "documents": [SimpleUploadedFile("virus.pdf", b"MZ" + b"\x00" * 50)],
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "virus.pdf:")
        self.assertFalse(Article.objects.filter(title="Mit Anhang").exists())

    def test_outsiders_may_not_write(self):
        for user in (self.nobody, self.paula, self.emil):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("knowledge:article_create")).status_code, 403)
        self.client.force_login(self.charlie)
        edit = reverse("knowledge:article_edit", args=[self.internal.public_id])
        self.assertEqual(self.client.get(edit).status_code, 403)

    def test_an_edit_conflict_is_shown_and_nothing_is_overwritten(self):
        edit = reverse("knowledge:article_edit", args=[self.internal.public_id])
        data = {
            "title": "Fassung A",
            "body": "Text A",
            "language": "de",
            "visibility": "members",
            "version": "1",
        }
        self.client.force_login(self.alice)
        self.assertEqual(self.client.post(edit, data).status_code, 302)
        self.client.force_login(self.bob)
        response = self.client.post(edit, {**data, "title": "Fassung B"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Your changes were not saved")
        self.assertContains(response, 'name="version" value="2"')
        self.assertEqual(Article.objects.get(pk=self.internal.pk).title, "Fassung A")

    def test_comments_and_helpful_marks(self):
        self.client.force_login(self.charlie)
        detail = reverse("knowledge:article_detail", args=[self.internal.public_id])
        self.client.post(
            reverse("knowledge:comment_add", args=[self.internal.public_id]),
            {"kind": "question", "body": "Wie lange dauert das?"},
        )
        self.client.post(reverse("knowledge:helpful", args=[self.internal.public_id]))
        response = self.client.get(detail)
        self.assertContains(response, "Wie lange dauert das?")
        self.assertContains(response, 'aria-pressed="true"')
        self.client.force_login(self.nobody)
        refused = self.client.post(
            reverse("knowledge:comment_add", args=[self.public.public_id]),
            {"kind": "comment", "body": "Spam"},
        )
        self.assertEqual(refused.status_code, 403)

    def test_a_deleted_account_as_editor_or_author_is_shown_as_a_dash_not_an_error(self):
        # An account deleted later (SET_NULL): a filter argument `|default:x.email` on
        # None would raise VariableDoesNotExist (a 500 page) in production too.
        from dualcareer.knowledge import services
        from dualcareer.knowledge.models import ArticleComment, ArticleVersion

        article = services.article_create(
            actor=self.alice,
            institution=self.inst,
            values=services.ArticleInput(title="Ohne Autor", body="Text", topics=[]),
        )
        services.comment_add(actor=self.charlie, article=article, body="Frage", kind="question")
        ArticleVersion.objects.filter(article=article).update(changed_by=None)
        ArticleComment.objects.filter(article=article).update(author=None)
        self.client.force_login(self.alice)
        response = self.client.get(reverse("knowledge:article_detail", args=[article.public_id]))
        self.assertContains(response, "<td>\u2013</td>")  # the dash for nobody
        self.assertContains(response, "Frage")
