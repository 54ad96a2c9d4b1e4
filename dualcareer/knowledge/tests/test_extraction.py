"""extraction.extract_text and the background job that stores it."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings

from dualcareer.knowledge import services
from dualcareer.knowledge.extraction import ExtractionError, extract_text
from dualcareer.knowledge.models import ArticleDocument
from dualcareer.knowledge.tests.documents import make_docx, make_pdf, make_pptx
from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase
from dualcareer.testing.jobs import DATABASE_TASKS, run_worker


class ExtractTextTest(SimpleTestCase):
    def test_pdf_docx_and_pptx(self):
        self.assertIn("Führungskräfte", extract_text(make_pdf("Führungskräfte gesucht"), "pdf"))
        self.assertEqual(extract_text(make_docx("Eins", "Zwei"), "docx"), "Eins\nZwei")
        self.assertEqual(
            extract_text(make_pptx("Folie A", "Folie B"), "pptx"), "Folie A\n\nFolie B"
        )

    def test_a_dtd_in_office_xml_is_refused(self):
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')
        with self.assertRaises(ExtractionError):
            extract_text(buffer.getvalue(), "docx")

    def test_garbage_is_an_extraction_error(self):
        with self.assertRaises(ExtractionError):
            extract_text(b"not a pdf", "pdf")


class ExtractionJobTest(KnowledgeTestCase):
    @override_settings(TASKS=DATABASE_TASKS)
    def test_the_job_runs_in_the_worker_and_makes_the_pdf_searchable(self):
        article = make_article(institution=self.inst)
        pdf = SimpleUploadedFile("plan.pdf", make_pdf("Onboardingprogramm"))
        with self.captureOnCommitCallbacks(execute=True):
            document = services.document_add(actor=self.alice, article=article, upload=pdf)
        document.refresh_from_db()
        self.assertEqual(document.extraction, ArticleDocument.Extraction.PENDING)
        run_worker()
        document.refresh_from_db()
        self.assertEqual(document.extraction, ArticleDocument.Extraction.DONE)
        article.refresh_from_db()
        self.assertIn(" onboardingprogramm ", article.search_stems)

    def test_a_document_whose_text_cannot_be_read_is_marked_failed(self):
        article = make_article(institution=self.inst)
        pdf = SimpleUploadedFile("plan.pdf", make_pdf("Text"))
        document = services.document_add(actor=self.alice, article=article, upload=pdf)
        with document.file.open("wb") as handle:
            handle.write(b"%PDF-1.4 broken")
        self.assertEqual(services.document_extract.call(document.pk), "failed")

    def test_removing_a_document_removes_its_words(self):
        article = make_article(institution=self.inst)
        pdf = SimpleUploadedFile("plan.pdf", make_pdf("Sprachkurse"))
        with self.captureOnCommitCallbacks(execute=True):
            document = services.document_add(actor=self.alice, article=article, upload=pdf)
        with self.assertRaises(Exception):  # noqa: B017 - PermissionDenied
            services.document_remove(actor=self.charlie, document=document)
        services.document_remove(actor=self.bob, document=document)
        article.refresh_from_db()
        self.assertNotIn("sprachkurs", article.search_stems)
