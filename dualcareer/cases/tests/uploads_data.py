"""Small real files for upload tests, built in code."""

import io
import struct
import zipfile

# A complete PDF: header, two objects, cross-reference table, trailer.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n96\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200

WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def content_types(*extra: str) -> str:
    """[Content_Types].xml declaring word/document.xml as the main part, plus `extra` entries."""
    return (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/word/document.xml" ContentType="{WORD_MAIN}"/>'
        + "".join(extra)
        + "</Types>"
    )


def relationships(*entries: str) -> str:
    """A .rels part with the given <Relationship .../> entries."""
    return (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships">' + "".join(entries) + "</Relationships>"
    )


def minimal_docx(extra: dict[str, str | bytes] | None = None, types: str | None = None) -> bytes:
    """A small WordprocessingML package; `extra` members are added or replace the defaults."""
    members: dict[str, str | bytes] = {
        "[Content_Types].xml": types if types is not None else content_types(),
        "word/document.xml": "<w:document/>",
    }
    members.update(extra or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


def zip_bomb(members: dict[str, int], declared: int | None = None) -> bytes:
    """A DOCX whose `members` each inflate to that many zero bytes.

    The zeros are compressed one megabyte at a time, so building a bomb of
    hundreds of megabytes needs little memory (the archive itself is about a
    thousandth of that). With `declared`, the local and central headers of
    those members lie: they say each one unpacks to `declared` bytes.
    """
    buffer = io.BytesIO()
    piece = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types())
        archive.writestr("word/document.xml", "<w:document/>")
        for name, size in members.items():
            with archive.open(name, "w") as handle:
                for start in range(0, size, len(piece)):
                    handle.write(piece[: min(len(piece), size - start)])
    data = bytearray(buffer.getvalue())
    if declared is not None:
        for name in members:
            _lie_about_size(data, name.encode(), declared)
    return bytes(data)


def _lie_about_size(data: bytearray, member: bytes, declared: int) -> None:
    """Overwrite the uncompressed size of `member` in its local and central headers."""
    end = data.rfind(b"PK\x05\x06")
    count, _size, offset = struct.unpack("<HII", data[end + 10 : end + 20])
    for _entry in range(count):
        name_length, extra_length, comment_length = struct.unpack(
            "<HHH", data[offset + 28 : offset + 34]
        )
        if data[offset + 46 : offset + 46 + name_length] == member:
            struct.pack_into("<I", data, offset + 24, declared)
            (local,) = struct.unpack("<I", data[offset + 42 : offset + 46])
            struct.pack_into("<I", data, local + 22, declared)
        offset += 46 + name_length + extra_length + comment_length
