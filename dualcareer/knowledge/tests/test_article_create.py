"""services.article_create: members publish in their own institution's name, uploads checked."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from dualcareer.core.models import AuditEntry
from dualcareer.knowledge import services
from dualcareer.knowledge.models import Article, ArticleDocument
from dualcareer.knowledge.tests.documents import make_docx, make_pdf, make_pptx
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


def make_docx_with_macros():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(make_docx("x"))) as source, zipfile.ZipFile(buffer, "w") as out:
        for info in source.infolist():
            out.writestr(info, source.read(info))
        out.writestr("word/vbaProject.bin", b"macro")
    return buffer.getvalue()


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


VALUES = services.ArticleInput(
    title="Dual Career im Berufungsverfahren",
    body="Wie wir das Angebot in die Berufungsverhandlungen einbinden.",
    topics=["process_integration"],
)


class ArticleCreateTest(KnowledgeTestCase):
    def test_an_officer_publishes_with_documents_whose_text_is_extracted(self):
        documents = [
            upload("konzept.pdf", make_pdf("Leitfaden Berufungskommission")),
            upload("bericht.docx", make_docx("Jahresbericht Willkommenskultur")),
            upload("folien.pptx", make_pptx("Netzwerktreffen Ruhrgebiet")),
        ]
        with self.captureOnCommitCallbacks(execute=True):
            article = services.article_create(
                actor=self.alice, institution=self.inst, values=VALUES, documents=documents
            )
        self.assertEqual(article.version, 1)
        self.assertEqual(article.versions.get().changed_by, self.alice)
        kinds = sorted(article.documents.values_list("kind", flat=True))
        self.assertEqual(kinds, ["docx", "pdf", "pptx"])
        self.assertEqual(
            set(article.documents.values_list("extraction", flat=True)),
            {ArticleDocument.Extraction.DONE},
        )
        article.refresh_from_db()
        for stem in (" berufungskommission ", " willkommenskultur ", " netzwerktreff "):
            self.assertIn(stem, article.search_stems)
        self.assertTrue(AuditEntry.objects.filter(action="article.published").exists())

    def test_outsiders_and_other_institutions_are_refused(self):
        for user in (self.nobody, self.paula, self.emil):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.article_create(actor=user, institution=self.inst, values=VALUES)
        with self.assertRaises(PermissionDenied):
            services.article_create(actor=self.alice, institution=self.other_inst, values=VALUES)
        # A coordinator's reach over the members does not make it an author for them.
        with self.assertRaises(PermissionDenied):
            services.article_create(actor=self.cora, institution=self.inst, values=VALUES)
        self.assertFalse(Article.objects.exists())

    def test_bad_uploads_are_refused_with_a_message_on_the_documents_field(self):
        bad = {
            "programm.pdf": b"MZ\x90\x00" + b"\x00" * 100,
            "bild.pptx": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
            "makro.docx": make_docx_with_macros(),
            "falsch.docx": make_pdf("Ein PDF mit falscher Endung"),
        }
        for name, data in bad.items():
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                services.article_create(
                    actor=self.alice,
                    institution=self.inst,
                    values=VALUES,
                    documents=[upload(name, data)],
                )
            self.assertIn("documents", caught.exception.message_dict)
            self.assertIn(name, caught.exception.message_dict["documents"][0])
        self.assertFalse(Article.objects.exists())

    @override_settings(UPLOAD_MAX_BYTES=100)
    def test_a_too_large_document_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            services.article_create(
                actor=self.alice,
                institution=self.inst,
                values=VALUES,
                documents=[upload("gross.pdf", make_pdf("x" * 200))],
            )
        message = caught.exception.message_dict["documents"][0]
        self.assertTrue(message.startswith("gross.pdf: "), message)
        self.assertIn("100", message)  # the limit is named

    def test_markup_and_missing_fields_are_refused_by_field(self):
        values = services.ArticleInput(title="<script>x</script>", body="", topics=["nope"])
        with self.assertRaises(ValidationError) as caught:
            services.article_create(actor=self.alice, institution=self.inst, values=values)
        self.assertEqual(set(caught.exception.message_dict), {"title", "body", "topics"})
