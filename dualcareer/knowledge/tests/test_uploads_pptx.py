"""core.uploads with slides: PPTX accepted only where asked for; macro slides refused."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase

from dualcareer.core import uploads
from dualcareer.knowledge.tests.documents import make_docx, make_pdf, make_pptx

ALL = (uploads.PDF, uploads.DOCX, uploads.PPTX)


class PptxUploadTest(SimpleTestCase):
    def test_slides_are_accepted_where_asked_for(self):
        self.assertEqual(
            uploads.validate_document(SimpleUploadedFile("a.pptx", make_pptx("x")), kinds=ALL),
            "pptx",
        )
        self.assertEqual(
            uploads.validate_document(SimpleUploadedFile("a.docx", make_docx("x")), kinds=ALL),
            "docx",
        )
        self.assertEqual(
            uploads.validate_document(SimpleUploadedFile("a.pdf", make_pdf("x")), kinds=ALL), "pdf"
        )

    def test_slides_stay_refused_for_cvs(self):
        with self.assertRaises(ValidationError) as caught:
            uploads.validate_document(SimpleUploadedFile("a.pptx", make_pptx("x")))
        self.assertEqual(caught.exception.code, "invalid_type")

    def test_macro_slides_and_misnamed_slides_are_refused(self):
        macro = make_pptx(
            "x", main="application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
        )
        for name, data, code in (
            ("m.pptx", macro, "docx_macros"),
            ("a.docx", make_pptx("x"), "name_mismatch"),
        ):
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                uploads.validate_document(SimpleUploadedFile(name, data), kinds=ALL)
            self.assertEqual(caught.exception.code, code)
