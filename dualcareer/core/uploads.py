"""Upload validation by content, not by name.

`validate_document(upload)` accepts PDF and DOCX files only and returns the
detected kind ("pdf" or "docx"). The type is decided by the bytes:

- PDF: the header `%PDF-x.y` within the first 1024 bytes (readers allow a
  short preamble), no HTML markup in those first bytes (where browsers sniff
  for HTML), an indirect object (`1 0 obj`) near the start and the trailer
  `startxref <offset> %%EOF` near the end. These are light structural checks:
  they refuse renamed HTML and truncated files, not every damaged PDF.
- DOCX: a ZIP archive that is a WordprocessingML package: `[Content_Types].xml`
  declares the main document part (`...wordprocessingml.document.main+xml`)
  and that part is in the archive. Refused: macros and embedded controls
  (`vbaProject.bin`, `vbaData.xml`, ActiveX, macro-enabled content types as in
  `.docm`) and any external relationship to another host, other than a
  hyperlink: a remote template, linked pictures or frames are fetched when the
  document is opened (and a `\\\\server\\share` path gives the reader's Windows
  credentials away). External targets on the reader's own disk are accepted:
  Word records the local template a document was made from that way.

Every member of a ZIP archive is decompressed once, in chunks (the standard
library's streaming reader, which checks each member's CRC), and the bytes
that actually come out are counted: no member is ever held in memory whole. More than
`settings.UPLOAD_MAX_UNCOMPRESSED_BYTES` (default 50 MB) in all is refused as
a ZIP bomb. The package's XML (content types and relationships) is read with
a streaming expat parser that refuses DTDs, so entity expansion is impossible.

Everything else is refused with a `ValidationError` whose message says what
is wrong: empty files, files over `settings.UPLOAD_MAX_BYTES`, renamed
executables, images, macro-enabled documents and anything whose name and
content disagree.

Storing an accepted upload: `store(field_file, content, field=...)` writes it
under the name its model field gives it (chosen before writing) and removes
whatever was written when the write fails; a full disk (ENOSPC, EDQUOT)
becomes a `ValidationError` at the form field `field`, so that every upload
form shows "the storage is full, nothing was saved" at its file field instead
of the 503 page. `StoredFiles` removes the files a change wrote when the
change (its transaction) fails afterwards.

Uploads larger than `FILE_UPLOAD_MAX_MEMORY_SIZE` are first written to a
temporary file while the request is read: `TemporaryFileUploadHandler`
(in `FILE_UPLOAD_HANDLERS`) turns a full temporary disk into an empty
placeholder file marked `storage_full`, and `FileField` (use it for every
upload field of a form) shows the same message at that field.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any
from urllib.parse import unquote
from xml.parsers import expat

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import (
    TemporaryFileUploadHandler as DjangoTemporaryFileUploadHandler,
)
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from dualcareer.core.health import STORAGE_FULL_MESSAGE, is_storage_full

PDF = "pdf"
DOCX = "docx"
# PowerPoint slides (PresentationML): accepted only where a caller asks for them
# (`validate_document(upload, kinds=...)`), with the same package checks as DOCX.
PPTX = "pptx"

_EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",), PPTX: (".pptx",)}
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
_MAIN_KINDS = {_DOCX_MAIN: DOCX, _PPTX_MAIN: PPTX}
_ZIP_MAX_MEMBERS = 2000
_CHUNK = 64 * 1024

# PDF structure (see the module docstring).
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_PDF_OBJECT = re.compile(rb"\d+[ \t\r\n\f\x00]+\d+[ \t\r\n\f\x00]+obj\b")
_PDF_TRAILER = re.compile(rb"startxref[ \t\r\n\f\x00]+(\d{1,12})[ \t\r\n\f\x00]+%%EOF")
# HTML a browser would recognise; none of these can be a PDF hex string (`<a3f0>`).
_HTML_MARKUP = re.compile(
    rb"<(?:!doctype|html|head|body|script|iframe|frame|svg|object|embed|meta|img|style"
    rb"|link|title|form|a[ \t\r\n\f]+href)",
    re.IGNORECASE,
)
_PDF_HEAD_BYTES = 1024
_PDF_TAIL_BYTES = 4096
_PDF_FIRST_OBJECT_BYTES = 64 * 1024

# DOCX content that is refused.
_MACRO_NAMES = ("vbaproject.bin", "vbadata.xml")
_MACRO_TYPE_WORDS = ("macroenabled", "vbaproject", "vbadata", "activex", "ms-office.vba")
# A path on the reader's own disk (Word records the template a document was made
# from this way: "file:///C:\Users\...\Normal.dotm"); no host, so nothing is fetched.
_LOCAL_PATH = re.compile(r"(?:file:///(?![/\\])|[a-z]:[/\\]|/(?![/\\]))", re.IGNORECASE)


class _NotADocument(Exception):
    """The bytes are not the kind of document they start like (damaged or disguised)."""


def max_bytes() -> int:
    """Return the configured upper limit for one uploaded file, in bytes."""
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def max_uncompressed_bytes() -> int:
    """Return the limit for the unpacked content of one DOCX (all members together)."""
    return int(getattr(settings, "UPLOAD_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024))


def _size_of(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is not None:
        return int(size)
    position = upload.tell()
    upload.seek(0, 2)
    end = int(upload.tell())
    upload.seek(position)
    return end


# --- PDF ---------------------------------------------------------------------


def _starts_like_pdf(stream: IO[bytes]) -> bool:
    stream.seek(0)
    return b"%PDF-" in stream.read(_PDF_HEAD_BYTES)


def _check_pdf(stream: IO[bytes], size: int) -> None:
    """Raise _NotADocument unless the bytes are structurally a PDF."""
    stream.seek(0)
    head = stream.read(_PDF_FIRST_OBJECT_BYTES)
    header = _PDF_HEADER.search(head, 0, _PDF_HEAD_BYTES)
    if header is None or _HTML_MARKUP.search(head, 0, _PDF_HEAD_BYTES):
        raise _NotADocument
    if not _PDF_OBJECT.search(head, header.end()):
        raise _NotADocument
    stream.seek(max(0, size - _PDF_TAIL_BYTES))
    trailers = list(_PDF_TRAILER.finditer(stream.read(_PDF_TAIL_BYTES)))
    if not trailers or int(trailers[-1].group(1)) >= size:
        raise _NotADocument


def _invalid_pdf() -> ValidationError:
    return ValidationError(
        _(
            "This PDF file is damaged or is not really a PDF document. Please export it "
            "as PDF again and upload the new file."
        ),
        code="invalid_pdf",
    )


# --- DOCX: reading the archive -------------------------------------------------


def _too_large_unpacked(limit: int) -> ValidationError:
    return ValidationError(
        _(
            "The document is too large when unpacked (more than %(limit)s). Please "
            "upload a smaller file, for example with smaller pictures."
        )
        % {"limit": filesizeformat(limit)},
        code="too_large_unpacked",
    )


class _Budget:
    """How many more decompressed bytes may come out of the archive."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit

    def take(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise _too_large_unpacked(self.limit)


def _member_chunks(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget
) -> Iterator[bytes]:
    """Yield the decompressed bytes of one member, counted against the budget as they come.

    The standard library's streaming reader decompresses at most _CHUNK bytes
    per read, never returns more than the size the member declares, and checks
    the CRC at the end: a member whose header understates its size ends in a
    CRC error, not in an unbounded inflation. The output is counted all the same.
    """
    if info.flag_bits & 0x1:
        raise _NotADocument  # encrypted
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _NotADocument  # Word writes stored or deflated members only
    try:
        with archive.open(info) as member:
            while piece := member.read(_CHUNK):
                budget.take(len(piece))
                yield piece
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
        raise _NotADocument from error


class _XmlReader:
    """Feed XML in chunks to expat; call `on_element(local_name, attributes)` per element.

    Elements are matched by local name whatever their namespace, so a package
    cannot hide a relationship from the check by leaving out or changing the
    namespace.
    DTDs are refused (no entity expansion: no "billion laughs").
    """

    def __init__(self, on_element: Callable[[str, dict[str, str]], None]) -> None:
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._refuse_dtd
        self.parser.EntityDeclHandler = self._refuse_dtd
        self.parser.StartElementHandler = self._start
        self.on_element = on_element

    def _refuse_dtd(self, *args: Any) -> None:
        raise _NotADocument

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.on_element(name.rpartition(" ")[2], attributes)

    def feed(self, chunks: Iterator[bytes]) -> None:
        try:
            for chunk in chunks:
                self.parser.Parse(chunk, False)
            self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise _NotADocument from error


# --- DOCX: what the package may contain ----------------------------------------


def _macros_refused() -> ValidationError:
    return ValidationError(
        _(
            "Word documents with macros or embedded controls are not accepted. Please "
            "save the document as a normal Word document (.docx) and upload it again."
        ),
        code="docx_macros",
    )


def _external_content_refused() -> ValidationError:
    return ValidationError(
        _(
            "Word documents that load content from elsewhere when opened (for example a "
            "template or pictures linked from the internet) are not accepted. Please save "
            "the document with all content embedded and upload it again."
        ),
        code="docx_external",
    )


class _DocxPackage:
    """What the archive's XML says: its main document part; refuses macros and remote content."""

    def __init__(self) -> None:
        self.main_parts: dict[str, str] = {}  # part name -> kind (docx, pptx)

    def content_type(self, name: str, attributes: dict[str, str]) -> None:
        if name not in ("Override", "Default"):
            return
        kind = attributes.get("ContentType", "").strip().lower()
        if any(word in kind for word in _MACRO_TYPE_WORDS):
            raise _macros_refused()
        if kind in _MAIN_KINDS and name == "Override" and len(self.main_parts) < 8:
            self.main_parts[attributes.get("PartName", "").lstrip("/")] = _MAIN_KINDS[kind]

    def relationship(self, name: str, attributes: dict[str, str]) -> None:
        if name != "Relationship":
            return
        mode = attributes.get("TargetMode", "Internal").strip().lower()
        if mode == "internal" or attributes.get("Type", "").strip().endswith("/hyperlink"):
            return
        if not _LOCAL_PATH.match(unquote(attributes.get("Target", "").strip())):
            raise _external_content_refused()


def _check_docx(stream: IO[bytes]) -> str:
    """Return the package's kind (docx, pptx); raise _NotADocument or a ValidationError
    unless the archive is an acceptable Office package."""
    limit = max_uncompressed_bytes()
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _NotADocument from error
    with archive:
        return _check_docx_archive(archive, limit)


def _check_docx_archive(archive: zipfile.ZipFile, limit: int) -> str:
    infos = archive.infolist()
    if len(infos) > _ZIP_MAX_MEMBERS:
        raise _NotADocument
    if sum(info.file_size for info in infos) > limit:
        raise _too_large_unpacked(limit)  # honest, but too large: no need to unpack
    names = {info.filename for info in infos}
    if any(info.filename.lower().endswith(_MACRO_NAMES) for info in infos) or any(
        "/activex/" in f"/{info.filename.lower()}" for info in infos
    ):
        raise _macros_refused()
    if "[Content_Types].xml" not in names:
        raise _NotADocument
    package = _DocxPackage()
    budget = _Budget(limit)
    for info in infos:
        chunks = _member_chunks(archive, info, budget)
        if info.filename == "[Content_Types].xml":
            _XmlReader(package.content_type).feed(chunks)
        elif info.filename.endswith(".rels"):
            _XmlReader(package.relationship).feed(chunks)
        else:
            for _chunk in chunks:
                pass  # counted and CRC-checked only
    present = [kind for part, kind in package.main_parts.items() if part in names]
    if len(set(present)) != 1:
        raise _NotADocument
    return present[0]


# --- the entry points ------------------------------------------------------------


def detect_kind(stream: IO[bytes], size: int) -> str | None:
    """Return "pdf", "docx" or "pptx" when the bytes are an acceptable one of them, else None.

    Raise `ValidationError` for a PDF or DOCX that is refused for a reason of
    its own (damaged or disguised PDF, macros, remote content, ZIP bomb).
    """
    if size <= 0:
        return None
    stream.seek(0)
    if stream.read(4) == b"PK\x03\x04":
        try:
            return _check_docx(stream)
        except _NotADocument:
            return None
    if _starts_like_pdf(stream):
        try:
            _check_pdf(stream, size)
        except _NotADocument:
            raise _invalid_pdf() from None
        return PDF
    return None


def validate_document(upload: Any, *, kinds: tuple[str, ...] = (PDF, DOCX)) -> str:
    """Check an uploaded document; return its kind (one of `kinds`) or raise ValidationError.

    By default PDF and DOCX (CVs); pass `kinds=(PDF, DOCX, PPTX)` to accept slides too.
    """
    size = _size_of(upload)
    if size <= 0:
        raise ValidationError(_("The file is empty. Please choose another file."), code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s). The maximum is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    stream = upload.file if hasattr(upload, "file") else upload
    position = stream.tell() if hasattr(stream, "tell") else 0
    try:
        kind = detect_kind(stream, size)
    finally:
        stream.seek(position)
    if kind is None or kind not in kinds:
        if PPTX in kinds:
            message = _(
                "Only PDF, Word (DOCX) and PowerPoint (PPTX) documents are accepted; "
                "this file is none of them."
            )
        else:
            message = _("Only PDF and Word (DOCX) documents are accepted; this file is neither.")
        raise ValidationError(message, code="invalid_type")
    name = str(getattr(upload, "name", "") or "").lower()
    if name and not name.endswith(_EXTENSIONS[kind]):
        if PPTX in kinds:
            message = _(
                "The file name does not match its content. Please upload a .pdf, .docx or "
                ".pptx file."
            )
        else:
            message = _(
                "The file name does not match its content. Please upload a .pdf or .docx file."
            )
        raise ValidationError(message, code="name_mismatch")
    return kind


# --- storing an accepted upload ---------------------------------------------------


def storage_full_error(field: str) -> ValidationError:
    """The form error for a full upload disk, at the form field `field`."""
    return ValidationError({field: ValidationError(STORAGE_FULL_MESSAGE, code="storage_full")})


def _remove_quietly(storage: Any, name: str) -> None:
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:  # the original error matters more; `jobs_cleanup` cannot know the name
        pass


def store(field_file: Any, content: Any, *, field: str, name: str = "") -> str:
    """Write `content` as the file of `field_file` (a model's FieldFile); return the stored name.

    The name comes from the model field's `upload_to` (for `name`, default:
    the upload's own name) and is chosen before writing, so that a write
    failing half-way removes its partial file. A full disk raises
    `ValidationError({field: ...})` ("nothing was saved"); other errors are
    raised as they are. The record itself is not saved.
    """
    storage = field_file.storage
    max_length = field_file.field.max_length
    target = field_file.field.generate_filename(
        field_file.instance, name or str(getattr(content, "name", "") or "upload")
    )
    target = storage.get_available_name(target, max_length=max_length)
    try:
        stored = str(storage.save(target, content, max_length=max_length))
    except Exception as error:
        _remove_quietly(storage, target)
        if is_storage_full(error):
            raise storage_full_error(field) from error
        raise
    field_file.name = stored
    field_file._committed = True
    return stored


class StoredFiles(list[tuple[Any, str]]):
    """The files a change wrote, removed again when the change fails (use around its transaction).

    with uploads.StoredFiles() as stored, transaction.atomic():
        stored.add(document.file, uploads.store(document.file, upload, field="file"))
    """

    def add(self, field_file: Any, name: str) -> None:
        self.append((field_file.storage, name))

    def __enter__(self) -> StoredFiles:
        return self

    def __exit__(self, kind: Any, error: Any, traceback: Any) -> None:
        if error is not None:
            for storage, name in self:
                _remove_quietly(storage, name)


# --- a full disk while the request is read -------------------------------------------


class StorageFullUpload(SimpleUploadedFile):
    """Stands for an upload that could not be buffered: the temporary disk was full."""

    storage_full = True

    def __init__(self, name: str, content_type: str) -> None:
        super().__init__(name, b"", content_type)


class TemporaryFileUploadHandler(DjangoTemporaryFileUploadHandler):
    """Django's handler for large uploads; a full temporary disk leaves a `StorageFullUpload`.

    The partly written temporary file is closed (and so deleted) at once; the
    rest of the file's data is skipped, the other fields are read as usual.
    """

    full = False

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        self.full = False
        try:
            super().new_file(*args, **kwargs)
        except OSError as error:
            if not is_storage_full(error):
                raise
            self.full = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if self.full:
            return None
        try:
            self.file.write(raw_data)
        except OSError as error:
            if not is_storage_full(error):
                raise
            self.full = True
            self.file.close()  # a NamedTemporaryFile: closing deletes it
        return None

    def file_complete(self, file_size: int) -> Any:
        if self.full:
            return StorageFullUpload(self.file_name or "upload", self.content_type or "")
        return super().file_complete(file_size)

    def upload_interrupted(self) -> None:
        if not self.full:
            super().upload_interrupted()


class FileField(forms.FileField):
    """A form's upload field: an upload lost to a full disk is a message at this field."""

    def to_python(self, data: Any) -> Any:
        if getattr(data, "storage_full", False):
            raise ValidationError(STORAGE_FULL_MESSAGE, code="storage_full")
        return super().to_python(data)
