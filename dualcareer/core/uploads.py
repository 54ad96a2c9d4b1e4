"""Upload validation by content, not by name.

`validate_document(upload)` accepts PDF and DOCX files only and returns the
detected kind ("pdf" or "docx"). The type is decided by the bytes:

- PDF: the file starts with the magic `%PDF-` (within the first 1024 bytes,
  as readers allow a short preamble) and contains `%%EOF` near its end;
- DOCX: a valid ZIP archive that holds `[Content_Types].xml` and
  `word/document.xml` (an Office Open XML word-processing document).

Everything else is refused with a `ValidationError` whose message says what
is wrong: empty files, files over `settings.UPLOAD_MAX_BYTES`, renamed
executables, images, macro-enabled documents (`.docm` declares a different
main content type) and anything whose name and content disagree.
"""

from __future__ import annotations

import zipfile
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

PDF = "pdf"
DOCX = "docx"

_EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",)}
CONTENT_TYPES = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_ZIP_MAX_MEMBERS = 2000
_ZIP_MAX_UNCOMPRESSED = 200 * 1024 * 1024  # refuse zip bombs


def max_bytes() -> int:
    """Return the configured upper limit for one uploaded file, in bytes."""
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def _size_of(upload: Any) -> int:
    size = getattr(upload, "size", None)
    if size is not None:
        return int(size)
    position = upload.tell()
    upload.seek(0, 2)
    end = int(upload.tell())
    upload.seek(position)
    return end


def _is_pdf(stream: IO[bytes], size: int) -> bool:
    stream.seek(0)
    head = stream.read(1024)
    if b"%PDF-" not in head:
        return False
    stream.seek(max(0, size - 2048))
    tail = stream.read(2048)
    return b"%%EOF" in tail


def _is_docx(stream: IO[bytes]) -> bool:
    stream.seek(0)
    if stream.read(4) != b"PK\x03\x04":
        return False
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            if len(infos) > _ZIP_MAX_MEMBERS:
                return False
            if sum(info.file_size for info in infos) > _ZIP_MAX_UNCOMPRESSED:
                return False
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names or "word/document.xml" not in names:
                return False
            content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False
    return _DOCX_MAIN in content_types


def detect_kind(stream: IO[bytes], size: int) -> str | None:
    """Return "pdf" or "docx" when the bytes are one of them, else None."""
    if size <= 0:
        return None
    if _is_pdf(stream, size):
        return PDF
    if _is_docx(stream):
        return DOCX
    return None


def validate_document(upload: Any) -> str:
    """Check an uploaded CV-like document; return its kind or raise ValidationError."""
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
    if kind is None:
        raise ValidationError(
            _("Only PDF and Word (DOCX) documents are accepted; this file is neither."),
            code="invalid_type",
        )
    name = str(getattr(upload, "name", "") or "").lower()
    if name and not name.endswith(_EXTENSIONS[kind]):
        raise ValidationError(
            _("The file name does not match its content. Please upload a .pdf or .docx file."),
            code="name_mismatch",
        )
    return kind
