"""Search with German stemming: inflected words, words in attached documents, both databases."""

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from dualcareer.knowledge import search, selectors, services
from dualcareer.knowledge.tests.documents import make_pdf
from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class StemmingTest(TestCase):
    def test_inflected_german_words_share_a_stem(self):
        stored = search.stem_text(["Die Hochschulen beraten Partnerinnen"])
        for query in ("Hochschule", "hochschulen", "Partnerin", "berät"):
            words = search.words(query)
            self.assertTrue(any(f" {stem} " in stored for stem in search.stems_of(words[0])), query)

    def test_umlauts_and_sharp_s_are_folded_by_the_stemmer(self):
        stored = search.stem_text(["Größe der Universitäten"])
        self.assertIn(" universitat ", stored)
        self.assertIn(" gross ", stored)
        self.assertIsNotNone(search.query_filter("Grösse Universitat"))

    def test_a_query_of_stop_words_only_searches_nothing(self):
        self.assertIsNone(search.query_filter("und der die"))


class LibrarySearchTest(KnowledgeTestCase):
    article: Any
    other: Any

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.article = make_article(
            institution=cls.inst,
            title="Willkommensservice",
            body="Wie unsere Hochschulen die Partnerinnen neu berufener Professorinnen begleiten.",
        )
        cls.other = make_article(institution=cls.inst, title="Evaluation", body="Zahlen.")

    def find(self, user, query):
        return list(selectors.article_list(user=user, filters=selectors.LibraryFilter(q=query)))

    def test_finds_a_german_article_by_a_differently_inflected_word(self):
        self.assertEqual(self.find(self.charlie, "Hochschule Partnerin"), [self.article])
        self.assertEqual(self.find(self.charlie, "begleitet"), [self.article])

    def test_every_query_word_must_match(self):
        self.assertEqual(self.find(self.charlie, "Hochschule Zahlen"), [])

    def test_finds_words_inside_an_attached_pdf(self):
        pdf = SimpleUploadedFile(
            "konzept.pdf",
            make_pdf("Kooperationsvereinbarung mit der Industrie- und Handelskammer"),
            content_type="application/pdf",
        )
        with self.captureOnCommitCallbacks(execute=True):
            services.document_add(actor=self.alice, article=self.other, upload=pdf)
        self.assertEqual(self.find(self.charlie, "Kooperationsvereinbarungen"), [self.other])
        self.assertEqual(self.find(self.charlie, "Handelskammern"), [self.other])

    def test_outsiders_do_not_find_members_only_articles(self):
        self.assertEqual(self.find(self.nobody, "Hochschule"), [])
        self.assertEqual(self.find(self.paula, "Hochschule"), [])
