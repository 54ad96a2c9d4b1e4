"""The text of attached documents, for the search: PDF (pypdf), DOCX and PPTX (zip + XML).

The upload was checked before (`core.uploads.validate_document`): the
archive is a real Office package within the unpacked-size limit. The XML is
read with expat, DTDs refused (no entity expansion). The text kept is capped
at MAX_CHARS; a document whose text cannot be read gives an error the job
records as "failed" (the article stays findable by its own text).
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from typing import IO
from xml.parsers import expat

from pypdf import PdfReader
from pypdf.errors import PyPdfError

logger = logging.getLogger(__name__)

MAX_CHARS = 500_000
MAX_PAGES = 500
_SLIDE = re.compile(r"^ppt/slides/slide(\d+)\.xml$")


class ExtractionError(Exception):
    """The document's text could not be read."""


def _pdf_text(stream: IO[bytes]) -> str:
    try:
        reader = PdfReader(stream)
        parts: list[str] = []
        total = 0
        for index, page in enumerate(reader.pages):
            if index >= MAX_PAGES or total >= MAX_CHARS:
                break
            text = page.extract_text() or ""
            parts.append(text)
            total += len(text)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ExtractionError(type(error).__name__) from error
    return "\n".join(parts)


class _TextCollector:
    """Collect the character data of the text elements (`t`) of Office XML."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.in_text = False
        self.size = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        self.parser = parser

    def _refuse(self, *args: object) -> None:
        raise ExtractionError("dtd")

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.in_text = name.rpartition(" ")[2] == "t"

    def _end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "t":
            self.in_text = False
        elif local == "p":  # a paragraph ends
            self.parts.append("\n")

    def _data(self, data: str) -> None:
        if self.in_text and self.size < MAX_CHARS:
            self.parts.append(data)
            self.size += len(data)

    def feed(self, data: bytes) -> None:
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as error:
            raise ExtractionError("xml") from error


def _office_text(stream: IO[bytes], kind: str) -> str:
    try:
        with zipfile.ZipFile(stream) as archive:
            names = archive.namelist()
            if kind == "docx":
                parts = [name for name in names if name == "word/document.xml"]
            else:
                slides = [(int(m.group(1)), name) for name in names if (m := _SLIDE.match(name))]
                parts = [name for _number, name in sorted(slides)]
            texts = []
            for name in parts:
                collector = _TextCollector()
                collector.feed(archive.read(name))
                texts.append("".join(collector.parts))
    except (zipfile.BadZipFile, OSError, KeyError, EOFError) as error:
        raise ExtractionError(type(error).__name__) from error
    return "\n".join(texts)


def extract_text(data: bytes, kind: str) -> str:
    """Return the plain text of a document of `kind` ("pdf", "docx", "pptx")."""
    stream = io.BytesIO(data)
    if kind == "pdf":
        text = _pdf_text(stream)
    elif kind in ("docx", "pptx"):
        text = _office_text(stream, kind)
    else:
        raise ExtractionError(kind)
    return re.sub(r"[ \t]+", " ", text)[:MAX_CHARS].strip()
