"""dualcareer.core.uploads: type by content, size limit, empty files."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings

from dualcareer.cases.tests.uploads_data import EXE, MINIMAL_PDF, minimal_docx, plain_zip
from dualcareer.core.uploads import validate_document


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class ValidateDocumentTests(SimpleTestCase):
    def test_it_accepts_pdf_and_docx_by_content(self):
        self.assertEqual(validate_document(upload("cv.pdf", MINIMAL_PDF)), "pdf")
        self.assertEqual(validate_document(upload("cv.docx", minimal_docx())), "docx")

    def test_it_refuses_an_exe_renamed_to_pdf(self):
        with self.assertRaises(ValidationError) as ctx:
            validate_document(upload("cv.pdf", EXE))
        self.assertEqual(ctx.exception.code, "invalid_type")
        self.assertIn("PDF", ctx.exception.messages[0])

    def test_it_refuses_an_empty_file(self):
        with self.assertRaises(ValidationError) as ctx:
            validate_document(upload("cv.pdf", b""))
        self.assertEqual(ctx.exception.code, "empty")

    @override_settings(UPLOAD_MAX_BYTES=1024)
    def test_it_refuses_a_file_over_the_limit(self):
        big = MINIMAL_PDF[:-7] + b"x" * 2000 + b"\n%%EOF\n"
        with self.assertRaises(ValidationError) as ctx:
            validate_document(upload("cv.pdf", big))
        self.assertEqual(ctx.exception.code, "too_large")

    def test_it_refuses_a_50_mb_file_with_the_default_limit(self):
        big = MINIMAL_PDF + b"0" * (50 * 1024 * 1024)
        with self.assertRaises(ValidationError) as ctx:
            validate_document(upload("cv.pdf", big))
        self.assertEqual(ctx.exception.code, "too_large")

    def test_it_refuses_other_zip_archives_and_text(self):
        for name, content in (("cv.docx", plain_zip()), ("cv.pdf", b"just text")):
            with self.subTest(name=name), self.assertRaises(ValidationError):
                validate_document(upload(name, content))

    def test_it_refuses_a_name_that_contradicts_the_content(self):
        with self.assertRaises(ValidationError) as ctx:
            validate_document(upload("cv.exe", MINIMAL_PDF))
        self.assertEqual(ctx.exception.code, "name_mismatch")

    def test_it_leaves_the_stream_where_it_was(self):
        file = upload("cv.pdf", MINIMAL_PDF)
        validate_document(file)
        self.assertEqual(file.read(), MINIMAL_PDF)
