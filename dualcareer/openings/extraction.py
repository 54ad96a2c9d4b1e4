"""Reading JobPostings out of what employers publish: the import's first step.

- Bytes become text by their declared or detected charset (`decode`): a BOM,
  the HTTP header, the page's `<meta charset>` (w3lib), else UTF-8 when it is
  valid UTF-8, else the charset charset-normalizer detects (a Latin-1 file is
  read as "für", not "f�r").
- JSON documents: one posting, a list, an `@graph`, an `ItemList`, or any
  object that wraps postings (`{"jobs": [...]}`); comments and trailing
  commas are tolerated (jstyleson, as extruct does).
- HTML pages: every `<script type="application/ld+json">` block (the type
  read as a browser reads it: any case, parameters, no quotes; by lxml's
  HTML parser in linear time under a time bound), plus Microdata and RDFa
  (extruct, only when the page carries such attributes).
- Lenient recovery: an object with the fields of a JobPosting but no
  `@type` (a JSON-LD block without `@context`, a job object in a script or
  in plain text) is read as a posting, and the item says so.

Nothing here raises for a bad value except `ItemError` (a reason shown to
the user); nesting deeper than `MAX_DEPTH` is an error, not a crash.
"""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from lxml import etree

PARSE_SECONDS = 10  # default for settings.OPENINGS_IMPORT_PARSE_SECONDS
MAX_DEPTH = 64  # nesting of a JSON document (a posting needs about 6)
RECOVERED = "_dualcareer_recovered"  # marks an object read as a posting without @type

_FEED_CHUNK = 64 * 1024
_SPACE = "\t\n\f\r "
_CHECK_EVERY = 1024  # loop turns between looks at the clock
_MAX_RECOVERY_ATTEMPTS = 2000  # "{" positions tried per text when recovering objects

# Fields that make an object without @type a JobPosting (a title and two of these).
POSTING_FIELDS = frozenset(
    {
        "description",
        "hiringOrganization",
        "jobLocation",
        "datePosted",
        "validThrough",
        "employmentType",
        "baseSalary",
        "jobLocationType",
        "identifier",
        "applicantLocationRequirements",
    }
)


class ItemError(Exception):
    """One posting (or the whole document) could not be read; the message says why."""


class TooDeep(ItemError):
    """The document or posting nests deeper than MAX_DEPTH (or than the parser can)."""


# --- bytes to text -----------------------------------------------------------


def _detect(data: bytes) -> str | None:
    """UTF-8 if the bytes are valid UTF-8, else the charset charset-normalizer detects."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    from charset_normalizer import from_bytes

    # The charsets of German and neighbouring employers' files: among these only,
    # since a short Latin-1 text is otherwise easily taken for a Baltic code page.
    best = from_bytes(data[: 256 * 1024], cp_isolation=_CHARSETS).best()
    return best.encoding if best is not None else "cp1252"


_CHARSETS = ["utf_16", "utf_32", "cp1252", "iso8859_15", "latin_1"]


def decode(data: bytes, content_type: str = "") -> tuple[str, str]:
    """Return (text, encoding): by BOM, declared charset (header, meta) or detection."""
    from w3lib.encoding import html_to_unicode

    encoding, text = html_to_unicode(content_type or None, data, auto_detect_fun=_detect)
    return text, encoding


# --- the clock ---------------------------------------------------------------


def parse_seconds() -> float:
    """How long reading one document may take before the import gives up."""
    return float(getattr(settings, "OPENINGS_IMPORT_PARSE_SECONDS", PARSE_SECONDS))


class Clock:
    """Raise ItemError once `seconds` have passed; looks at the clock every few calls."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds
        self.turns = 0

    def tick(self) -> None:
        self.turns += 1
        if self.turns % _CHECK_EVERY == 0:
            self.check()

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ItemError(
                _(
                    "the page could not be read within %(seconds)s seconds; "
                    "it may be malformed or too complex"
                )
                % {"seconds": f"{self.seconds:g}"}
            )


# --- HTML --------------------------------------------------------------------


def _parse_html(text: str, clock: Clock) -> Any:
    # huge_tree: a posting feed may carry one script block larger than libxml2's
    # default 10 MB text limit; the upload and fetch limits bound the page size.
    parser = etree.HTMLParser(recover=True, no_network=True, huge_tree=True)
    for start in range(0, len(text), _FEED_CHUNK):
        clock.check()
        parser.feed(text[start : start + _FEED_CHUNK])
    clock.check()
    try:
        return parser.close()
    except etree.LxmlError:
        return None  # nothing that parses as a document (e.g. an empty page)


def _scripts(text: str, clock: Clock) -> tuple[list[str], list[str]]:
    """The page's ld+json blocks, and the text of its other scripts (JSON or code)."""
    root = _parse_html(text, clock)
    if root is None:
        return [], []
    blocks, others = [], []
    for script in root.iter("script"):
        clock.tick()
        kind = (script.get("type") or "").split(";")[0].strip(_SPACE).lower()
        if kind == "application/ld+json":
            blocks.append(script.text or "")
        elif kind in {"", "text/javascript", "application/javascript", "application/json"}:
            others.append(script.text or "")
    return blocks, others


def ld_json_blocks(text: str, *, seconds: float = PARSE_SECONDS) -> list[str]:
    """Return the contents of the page's `<script type="application/ld+json">` elements.

    lxml's HTML parser, linear in the size of the page; raises ItemError when
    reading takes longer than `seconds`.
    """
    return _scripts(text, Clock(seconds))[0]


def _microdata_and_rdfa(text: str, base_url: str) -> list[Any]:
    """Microdata and RDFa items of the page as JSON-LD-like objects (extruct)."""
    lowered = text.lower()
    syntaxes = []
    if "itemscope" in lowered:
        syntaxes.append("microdata")
    if "typeof" in lowered or "property=" in lowered:
        syntaxes.append("rdfa")
    if not syntaxes:
        return []
    import extruct

    try:
        data = extruct.extract(
            text, base_url=base_url or None, syntaxes=syntaxes, uniform=True, errors="ignore"
        )
    except (ValueError, TypeError, RecursionError, etree.LxmlError):
        return []
    found: list[Any] = list(data.get("microdata") or [])
    found += compact_rdfa(data.get("rdfa") or [])
    return found


_VOCAB = re.compile(r"^https?://schema\.org/")


def compact_rdfa(nodes: list[Any]) -> list[dict[str, Any]]:
    """Expanded RDFa nodes (extruct's output) as nested schema.org objects, top nodes only."""
    by_id = {node.get("@id"): node for node in nodes if isinstance(node, dict)}
    referenced: set[str] = set()
    for node in by_id.values():
        for key, values in node.items():
            if key.startswith("@") or not isinstance(values, list):
                continue
            referenced.update(v["@id"] for v in values if isinstance(v, dict) and set(v) == {"@id"})

    def compact(node: dict[str, Any], depth: int, seen: frozenset[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        types = node.get("@type") or []
        types = [_VOCAB.sub("", t) for t in (types if isinstance(types, list) else [types])]
        if types:
            out["@type"] = types[0] if len(types) == 1 else types
        for key, values in node.items():
            if key.startswith("@") or not _VOCAB.match(key):
                continue
            items = []
            for value in values if isinstance(values, list) else [values]:
                if isinstance(value, dict) and "@value" in value:
                    items.append(value["@value"])
                elif isinstance(value, dict) and "@id" in value:
                    target = by_id.get(value["@id"])
                    if target is not None and value["@id"] not in seen and depth < 8:
                        items.append(compact(target, depth + 1, seen | {value["@id"]}))
                    else:
                        items.append(value["@id"])
            out[_VOCAB.sub("", key)] = items[0] if len(items) == 1 else items
        return out

    return [
        compact(node, 0, frozenset({str(ident)}))
        for ident, node in by_id.items()
        if node.get("@type") and ident not in referenced
    ]


# --- JSON --------------------------------------------------------------------


def _depth_ok(document: Any) -> bool:
    """Whether `document` nests at most MAX_DEPTH levels (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
    return True


def _too_deep() -> ItemError:
    return TooDeep(
        _("the document is nested more than %(depth)s levels deep") % {"depth": MAX_DEPTH}
    )


def loads(text: str) -> Any:
    """Parse JSON leniently (HTML entities, comments, trailing commas); raise ItemError."""
    candidates = [text]
    if "&quot;" in text:
        candidates.append(html.unescape(text))
    first_error: json.JSONDecodeError | None = None
    for candidate in candidates:
        try:
            document = json.loads(candidate)
        except RecursionError as error:
            raise _too_deep() from error
        except json.JSONDecodeError as error:
            first_error = first_error or error
            try:
                import jstyleson

                document = jstyleson.loads(candidate)
            except RecursionError as lenient_error:
                raise _too_deep() from lenient_error
            except (ValueError, TypeError):
                continue
        return document
    assert first_error is not None
    raise ItemError(
        _("not valid JSON (line %(line)s, column %(column)s)")
        % {"line": first_error.lineno, "column": first_error.colno}
    ) from first_error


def looks_like_posting(node: dict[str, Any]) -> bool:
    """A title and at least two other JobPosting fields."""
    return isinstance(node.get("title"), str) and len(POSTING_FIELDS & set(node)) >= 2


def embedded_objects(text: str, clock: Clock) -> list[dict[str, Any]]:
    """JSON objects inside other text (a script, a mail) that look like postings."""
    decoder = json.JSONDecoder()
    found: list[dict[str, Any]] = []
    end = 0
    attempts = 0
    for match in re.finditer(r"\{\s*\"", text):
        start = match.start()
        if start < end:
            continue  # inside an object already read
        attempts += 1
        if attempts > _MAX_RECOVERY_ATTEMPTS:
            break
        clock.tick()
        try:
            value, stop = decoder.raw_decode(text, start)
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(value, dict) and _depth_ok(value) and _has_posting(value):
            found.append(value)
            end = stop
    return found


def _has_posting(node: dict[str, Any]) -> bool:
    return any(True for item in walk(node, report_others=False) if isinstance(item, dict))


# --- documents to postings ---------------------------------------------------


def documents_from_text(text: str, *, base_url: str = "") -> list[Any]:
    """The documents in `text`: parsed JSON, or what an HTML page carries.

    A broken JSON-LD block becomes an ItemError in the list (the other blocks
    are read all the same); a text with nothing to read raises ItemError.
    """
    stripped = text.lstrip("\ufeff \t\r\n")
    clock = Clock(parse_seconds())
    if stripped.startswith(("{", "[")):
        try:
            return [loads(stripped)]
        except TooDeep:
            raise
        except ItemError as error:
            recovered = embedded_objects(stripped, clock)
            if recovered:
                return recovered
            raise error
    if not stripped.startswith("<"):
        recovered = embedded_objects(stripped, clock)
        if recovered:
            return recovered
        raise ItemError(_("no JobPosting found (neither JSON nor an HTML page)"))
    blocks, others = _scripts(text, clock)
    documents: list[Any] = []
    for number, block in enumerate(blocks, start=1):
        try:
            documents.append(loads(block.strip()))
        except ItemError as error:
            recovered = embedded_objects(block, clock)
            if recovered:
                documents.extend(recovered)
                continue
            # A broken block is reported as an item error, not the whole page.
            documents.append(
                ItemError(
                    _("script block %(n)s could not be read (%(error)s)")
                    % {"n": number, "error": error}
                )
            )
    documents += _microdata_and_rdfa(text, base_url)
    if not any(isinstance(item, dict) for d in documents for item in walk(d, False)):
        for script in others:
            documents += embedded_objects(script, clock)
    if not documents:
        raise ItemError(_("no JobPosting found (no JSON-LD, Microdata or RDFa on the page)"))
    return documents


def postings_from_documents(documents: list[Any], *, report_others: bool) -> Iterator[Any]:
    """Yield each JobPosting (or an ItemError / non-posting to be reported) in order.

    `report_others`: whether objects that are not postings are yielded (to be
    reported: the items of a JSON feed) or skipped (a page's WebSite, breadcrumbs).
    """
    for document in documents:
        yield from walk(document, report_others)


def _types(node: dict[str, Any]) -> list[str]:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return [_VOCAB.sub("", t) for t in types if isinstance(t, str)]


def walk(node: Any, report_others: bool, depth: int = 0) -> Iterator[Any]:
    if depth > MAX_DEPTH:
        return
    if isinstance(node, ItemError):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from walk(item, report_others, depth + 1)
    elif isinstance(node, dict):
        types = _types(node)
        if "JobPosting" in types:
            yield node if _depth_ok(node) else _too_deep()
        elif "@graph" in node:
            yield from walk(node["@graph"], report_others, depth + 1)
        elif "ItemList" in types or "itemListElement" in node:
            for element in node.get("itemListElement") or []:
                inner = element.get("item", element) if isinstance(element, dict) else element
                yield from walk(inner, report_others, depth + 1)
        elif not types and looks_like_posting(node):
            yield {**node, RECOVERED: True} if _depth_ok(node) else _too_deep()
        else:
            inner = [
                item
                for value in node.values()
                if isinstance(value, dict | list)
                for item in walk(value, False, depth + 1)
                if isinstance(item, dict)
            ]
            if inner:
                yield from inner
            elif report_others:
                yield node  # reported as "not a JobPosting"
    elif report_others:
        yield node
