"""dualcareer.core.uploads: type by content, size limit, empty files, disguises, ZIP bombs."""

import tracemalloc

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase, override_settings
from django.utils import translation

from dualcareer.cases.tests.uploads_data import (
    EXE,
    MINIMAL_PDF,
    RELATIONSHIPS,
    content_types,
    minimal_docx,
    plain_zip,
    relationships,
    zip_bomb,
)
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


def refusal(content: bytes, name: str = "cv.docx") -> ValidationError:
    """The ValidationError that validate_document raises for `content` (fails if it accepts)."""
    try:
        validate_document(upload(name, content))
    except ValidationError as error:
        return error
    raise AssertionError("the document was accepted")


class EnglishTestCase(SimpleTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)


class ZipBombTests(EnglishTestCase):
    """A DOCX is a ZIP archive: what it unpacks to is counted, not what it declares."""

    def test_a_member_whose_header_understates_its_size_is_refused_with_little_memory(self):
        bomb = zip_bomb({"word/media/image1.png": 60 * 1024 * 1024}, declared=1024)
        self.assertLess(len(bomb), 200 * 1024)
        tracemalloc.start()
        try:
            error = refusal(bomb)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        # Unpacking stops at the declared size and the CRC then disagrees: a forged archive.
        self.assertEqual(error.code, "invalid_type")
        self.assertLess(peak, 8 * 1024 * 1024)  # never the whole 60 MB member

    @override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
    def test_a_plain_highly_compressible_member_over_the_configured_limit_is_refused(self):
        bomb = zip_bomb({"word/media/image1.png": 2 * 1024 * 1024})
        self.assertEqual(refusal(bomb).code, "too_large_unpacked")

    @override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
    def test_the_limit_counts_all_members_together(self):
        members = {f"word/media/image{n}.png": 400 * 1024 for n in range(4)}
        self.assertEqual(refusal(zip_bomb(members)).code, "too_large_unpacked")

    @override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
    def test_members_that_understate_their_sizes_are_refused(self):
        members = {f"word/media/image{n}.png": 400 * 1024 for n in range(4)}
        self.assertEqual(refusal(zip_bomb(members, declared=10)).code, "invalid_type")

    @override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=1024 * 1024)
    def test_a_document_under_the_limit_is_accepted(self):
        document = zip_bomb({"word/media/image1.png": 512 * 1024})
        self.assertEqual(validate_document(upload("cv.docx", document)), "docx")

    def test_a_member_that_was_changed_after_packing_is_refused(self):
        document = bytearray(minimal_docx({"word/styles.xml": "<w:styles>" + "x" * 500}))
        position = document.find(b"word/styles.xml") + len("word/styles.xml") + 5
        document[position] ^= 0xFF  # damage the compressed data: the CRC no longer matches
        self.assertEqual(refusal(bytes(document)).code, "invalid_type")


class DisguisedDocumentTests(EnglishTestCase):
    """Files that look like a PDF or a DOCX at first sight but must not be stored as CVs."""

    def test_an_html_page_starting_with_the_pdf_magic_is_refused(self):
        page = (
            b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"
            b"1 0 obj<<>>endobj\nstartxref\n9\n%%EOF\n"
        )
        error = refusal(page, "cv.pdf")
        self.assertEqual(error.code, "invalid_pdf")
        self.assertIn("not really a PDF", error.messages[0])

    def test_a_pdf_without_cross_reference_trailer_or_objects_is_refused(self):
        truncated = MINIMAL_PDF[: MINIMAL_PDF.index(b"xref")] + b"%%EOF\n"
        no_objects = b"%PDF-1.7\nHello\nstartxref\n0\n%%EOF\n"
        pointing_past_the_end = MINIMAL_PDF.replace(b"startxref\n96", b"startxref\n99999")
        for content in (truncated, no_objects, pointing_past_the_end):
            with self.subTest(content=content[:40]):
                self.assertEqual(refusal(content, "cv.pdf").code, "invalid_pdf")

    def test_a_pdf_with_a_short_preamble_and_binary_comment_is_accepted(self):
        pdf = b"\r\n" + MINIMAL_PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", 1)
        self.assertEqual(validate_document(upload("cv.pdf", pdf)), "pdf")

    def test_a_docx_with_a_macro_project_is_refused(self):
        for extra, types in (
            ({"word/vbaProject.bin": b"\xd0\xcf\x11\xe0macro"}, None),
            ({"word/vbaData.xml": "<wne:vbaSuppData/>"}, None),
            ({"word/activeX/activeX1.xml": "<ax:ocx/>"}, None),
            (
                {},
                content_types(
                    '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                ),
            ),
        ):
            with self.subTest(extra=list(extra), types=bool(types)):
                error = refusal(minimal_docx(extra, types))
                self.assertEqual(error.code, "docx_macros")
                self.assertIn("macros", error.messages[0])

    def test_a_docx_with_a_remote_template_is_refused(self):
        settings_rels = relationships(
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/attachedTemplate" '
            'Target="https://attacker.example/template.dotm" TargetMode="External"/>'
        )
        error = refusal(minimal_docx({"word/_rels/settings.xml.rels": settings_rels}))
        self.assertEqual(error.code, "docx_external")
        self.assertIn("template", error.messages[0])

    def test_a_template_on_a_network_share_is_refused_but_one_on_the_authors_disk_accepted(self):
        def with_template(target: str) -> bytes:
            settings_rels = relationships(
                f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/attachedTemplate" '
                f'Target="{target}" TargetMode="External"/>'
            )
            return minimal_docx({"word/_rels/settings.xml.rels": settings_rels})

        for target in (
            "file://fileserver/share/cv.dotm",
            "\\\\fileserver\\share\\cv.dotm",
            "file:///%5C%5Cfileserver%5Cshare%5Ccv.dotm",
            "//fileserver/share/cv.dotm",
        ):
            with self.subTest(target=target):
                self.assertEqual(refusal(with_template(target)).code, "docx_external")
        for target in (
            "file:///C:\\Users\\Jane%20Doe\\AppData\\Roaming\\Microsoft\\Normal.dotm",
            "file:///Users/jane/Library/Group%20Containers/Normal.dotm",
            "C:\\Templates\\CV.dotx",
        ):
            with self.subTest(target=target):
                self.assertEqual(
                    validate_document(upload("cv.docx", with_template(target))), "docx"
                )

    def test_other_external_relationships_are_refused_even_when_disguised(self):
        for mode in ('"External"', "'external'", '"&#69;xternal"'):
            document_rels = relationships(
                f'<Relationship Id="rId7" Type="{RELATIONSHIPS}/image" '
                f'Target="https://tracker.example/pixel.png" TargetMode={mode}/>'
            )
            with self.subTest(mode=mode):
                docx = minimal_docx({"word/_rels/document.xml.rels": document_rels})
                self.assertEqual(refusal(docx).code, "docx_external")

    def test_hyperlinks_and_internal_relationships_are_accepted(self):
        document_rels = relationships(
            f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/styles" Target="styles.xml"/>',
            f'<Relationship Id="rId2" Type="{RELATIONSHIPS}/hyperlink" '
            'Target="https://www.linkedin.com/in/example" TargetMode="External"/>',
        )
        docx = minimal_docx({"word/_rels/document.xml.rels": document_rels})
        self.assertEqual(validate_document(upload("cv.docx", docx)), "docx")

    def test_a_package_without_its_main_document_part_or_with_a_dtd_is_refused(self):
        laughs = (
            '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><Relationships>&b;</Relationships>'
        )
        for docx in (
            minimal_docx(types=content_types().replace("/word/document.xml", "/word/other.xml")),
            minimal_docx({"_rels/.rels": laughs}),
            minimal_docx({"[Content_Types].xml": "<Types><unclosed></Types>"}),
        ):
            with self.subTest(docx=len(docx)):
                self.assertEqual(refusal(docx).code, "invalid_type")

    def test_the_new_messages_are_translated_into_german(self):
        bomb = zip_bomb({"word/media/image1.png": 2 * 1024 * 1024})
        cases = (
            (b"%PDF-1.4\n<html></html>\n%%EOF\n", "cv.pdf"),
            (minimal_docx({"word/vbaProject.bin": b"x"}), "cv.docx"),
            (
                minimal_docx(
                    {
                        "word/_rels/settings.xml.rels": relationships(
                            '<Relationship Id="r" Type="t" Target="x" TargetMode="External"/>'
                        )
                    }
                ),
                "cv.docx",
            ),
            (bomb, "cv.docx"),
        )
        with translation.override("de"), override_settings(UPLOAD_MAX_UNCOMPRESSED_BYTES=10**6):
            for content, name in cases:
                with self.subTest(name=name):
                    message = refusal(content, name).messages[0]
                    self.assertIn("Sie", message)
