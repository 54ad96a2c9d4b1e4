"""One schema.org JobPosting to the fields of an opening: lenient, and never crashing.

A posting is refused (`ItemError`) only when it has no title or nothing that
says where the work is (a place with a town or a German postcode, or fully
remote work). Every other value that cannot be read (an employment type in
free text nobody can map, a country name, a salary of "Infinity", 1e12, a
negative one or 0 to 0, a latitude of NaN or 500, an invalid date, a NUL
character or a lone surrogate) is left empty or cleaned, with a warning on
the item. Text is limited per field (a long description is cut, an absurd
one refused).

Openings are recognised again by a key (`Mapped.reference`): the posting's
`identifier`, else its `url`, else a hash of the page address + title +
employer + first place (`Mapped.key` says which).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import math
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import nh3
from django.utils.translation import gettext as _
from lxml import etree
from lxml import html as lxml_html

from dualcareer.openings.extraction import RECOVERED, ItemError
from dualcareer.openings.models import ContractType, OccupationField, WorkingTime

MAX_TITLE = 200
MAX_DESCRIPTION = 20_000  # characters of text kept (longer ones are cut, with a warning)
MAX_RAW_DESCRIPTION = 1_000_000  # characters of HTML: a longer description is refused
MAX_SALARY = 5_000_000  # EUR a year; anything above is a mistake, not a salary
MAX_PLACES = 10

KEY_IDENTIFIER = "identifier"
KEY_URL = "url"
KEY_COMPOSED = "page_title_employer_place"

# C0 control characters (but tab and newlines), DEL, and lone surrogates.
_BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass
class Mapped:
    reference: str
    key: str  # KEY_IDENTIFIER | KEY_URL | KEY_COMPOSED
    fields: dict[str, Any]
    places: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


class _Item:
    """The warnings of one posting while it is read."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def clean(self, value: str, name: str) -> str:
        cleaned = _BAD_CHARACTERS.sub("", value)
        if cleaned != value:
            self.warn(_("%(name)s: invalid characters were removed") % {"name": name})
        return cleaned

    def text(self, value: Any, name: str, limit: int | None = None) -> str:
        text = self.clean(_plain(value), name).strip()
        if limit and len(text) > limit:
            self.warn(
                _("%(name)s was cut to %(limit)s characters") % {"name": name, "limit": limit}
            )
            text = text[:limit].rstrip()
        return text


def _plain(value: Any, depth: int = 0) -> str:
    """The text of a value: a string, a number, {"@value"/"name": ...} or a list of those."""
    if depth > 4:
        return ""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("value") or value.get("name") or ""
    if isinstance(value, list):
        return " ".join(part for part in (_plain(v, depth + 1) for v in value) if part)
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, str | int | float):
        return str(value)
    return ""


# --- description -------------------------------------------------------------

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "tr"}
_ALLOWED = {"p", "br", "ul", "ol", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
_ALLOWED |= {"td", "th", "tbody", "thead"}


def html_to_text(value: str) -> str:
    """Safe plain text of an HTML description: paragraphs and list items kept as lines.

    nh3 (ammonia) removes everything but block structure (scripts and styles with
    their content); lxml then walks the clean fragment once. Paragraphs are
    separated by an empty line, list items start with "• ".
    """
    if "<" not in value:
        text = html.unescape(value)
        lines = [" ".join(line.split()) for line in text.splitlines()]
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    cleaned = nh3.clean(value, tags=_ALLOWED, attributes={}, strip_comments=True)
    try:
        root = lxml_html.fragment_fromstring(cleaned, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    out: list[str] = []

    def emit(text: str | None) -> None:
        if text:
            out.append(text)

    def visit(element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag == "br":
            out.append("\n")
        elif tag == "li":
            out.append("\n• ")
        elif tag in _BLOCKS:
            out.append("\n\n")
        elif tag in {"td", "th"}:
            out.append(" ")
        emit(element.text)
        for child in element:
            visit(child)
            emit(child.tail)
        if tag in _BLOCKS:
            out.append("\n\n")

    # An iterative walk would be needed for deep nesting; nh3's output of a
    # description is shallow, and the depth is bounded by the HTML parser (256).
    try:
        visit(root)
    except RecursionError:
        return " ".join(root.text_content().split())
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    text = "\n".join(line if line != "•" else "" for line in lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- values ------------------------------------------------------------------


def _date(value: Any, name: str, item: _Item) -> dt.date | None:
    text = _plain(value).strip()
    if not text:
        return None
    try:
        if "T" in text:
            return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)  # 31.12.2026
    if match:
        try:
            return dt.date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass
    item.warn(
        _("%(name)s is not a date (%(value)s); left empty")
        % {"name": name, "value": item.clean(text[:40], name)}
    )
    return None


_EMPLOYMENT_WORDS: list[tuple[str, tuple[str | None, str | None]]] = [
    # (a word in lower case, (working time, contract type)); first match per part
    ("full_time", ("full_time", None)),
    ("fulltime", ("full_time", None)),
    ("full time", ("full_time", None)),
    ("vollzeit", ("full_time", None)),
    ("part_time", ("part_time", None)),
    ("parttime", ("part_time", None)),
    ("part time", ("part_time", None)),
    ("teilzeit", ("part_time", None)),
    ("unbefristet", (None, ContractType.PERMANENT)),
    ("permanent", (None, ContractType.PERMANENT)),
    ("festanstellung", (None, ContractType.PERMANENT)),
    ("befristet", (None, ContractType.FIXED_TERM)),
    ("temporary", (None, ContractType.FIXED_TERM)),
    ("fixed_term", (None, ContractType.FIXED_TERM)),
    ("fixed term", (None, ContractType.FIXED_TERM)),
    ("contractor", (None, ContractType.FREELANCE)),
    ("freelance", (None, ContractType.FREELANCE)),
    ("freiberuf", (None, ContractType.FREELANCE)),
    ("intern", (None, ContractType.TRAINEESHIP)),
    ("praktik", (None, ContractType.TRAINEESHIP)),
    ("trainee", (None, ContractType.TRAINEESHIP)),
    ("ausbildung", (None, ContractType.TRAINEESHIP)),
    ("werkstudent", ("part_time", ContractType.OTHER)),
    ("beamt", (None, ContractType.CIVIL_SERVICE)),
    ("per_diem", (None, ContractType.OTHER)),
    ("volunteer", (None, ContractType.OTHER)),
    ("minijob", ("part_time", ContractType.OTHER)),
    ("other", (None, None)),
]


def _employment(value: Any, item: _Item) -> tuple[str, str]:
    """Working time and contract type from schema.org codes or German/English free text."""
    values = value if isinstance(value, list) else [value]
    parts = [
        part.strip()
        for one in values[:20]
        for part in re.split(r"[,;/|+]|\b(?:und|and|oder|or)\b", _plain(one), flags=re.IGNORECASE)
    ]
    times: set[str] = set()
    contract = ""
    for original in (p for p in parts if p):
        part = original.lower().replace("-", "_")
        spaced = part.replace("_", " ")
        for word, (working, contract_type) in _EMPLOYMENT_WORDS:
            if word in part or word in spaced:
                if working:
                    times.add(working)
                if contract_type and not contract:
                    contract = contract_type
                break
        else:
            item.warn(
                _("employmentType “%(value)s” is not known; ignored")
                % {"value": item.clean(original[:40], "employmentType")}
            )
    working_time: str
    if times == {"full_time", "part_time"}:
        working_time = WorkingTime.EITHER
    elif times:
        working_time = times.pop()
    else:
        working_time = WorkingTime.FULL_TIME
    return working_time, contract or ContractType.PERMANENT


def _number(raw: Any) -> Decimal | None:
    """A finite number from a JSON number or a text (German or English separators)."""
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        return None
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "").replace("€", "")
    text = text.removesuffix("EUR").removesuffix(",-")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+(,\d+)?", text):  # 4.500,00
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", text):  # 4500,50
        text = text.replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):  # 4,500.00
        text = text.replace(",", "")
    if len(text) > 40:
        return None  # "1e1000000" passes; a 40-digit number is no salary anyway
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


_SALARY_FACTORS = {"YEAR": 1, "MONTH": 12, "": 1}


def _salary(value: Any, item: _Item) -> tuple[int | None, int | None]:
    if value in (None, "", [], {}):
        return None, None
    if isinstance(value, list):
        value = value[0]
    if not isinstance(value, dict):
        item.warn(_("baseSalary is not a MonetaryAmount; ignored"))
        return None, None
    currency = _plain(value.get("currency")).strip().upper()
    if currency and currency != "EUR":
        item.warn(_("baseSalary is not in euros; ignored"))
        return None, None
    amount = value.get("value")
    amount = amount if isinstance(amount, dict) else {"value": amount}
    unit = _plain(amount.get("unitText")).strip().upper()
    factor = _SALARY_FACTORS.get(unit)
    if factor is None:
        item.warn(_("baseSalary per %(unit)s is not stored") % {"unit": unit.lower()[:10]})
        return None, None

    def annual(raw: Any) -> int | None:
        if raw in (None, ""):
            return None
        number = _number(raw)
        if number is None or number < 0 or number > MAX_SALARY or number * factor > MAX_SALARY:
            item.warn(
                _("baseSalary %(value)s is not a plausible salary; ignored")
                % {"value": item.clean(_plain(raw)[:20] or str(raw)[:20], "baseSalary")}
            )
            return None
        return int(number * factor)

    low = annual(amount.get("minValue", amount.get("value")))
    high = annual(amount.get("maxValue", amount.get("value")))
    if not low and not high and (low is not None or high is not None):
        item.warn(_("baseSalary 0 is no salary; ignored"))
        return None, None
    if low is not None and high is not None and high < low:
        item.warn(_("baseSalary maxValue is below minValue; ignored"))
        return None, None
    return low, high


# --- places ------------------------------------------------------------------

_GERMANY = "DE"
_LOCALES = ("de", "en", "fr", "it", "nl", "da", "pl", "cs", "lb", "es")


@cache
def _country_names() -> dict[str, str]:
    """Lower-cased country names in the languages of Germany's neighbours -> ISO code (Babel)."""
    from babel import Locale

    names: dict[str, str] = {}
    for language in _LOCALES:
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                names.setdefault(name.casefold(), code)
    names.update({"deutschland": "DE", "brd": "DE", "deu": "DE", "ger": "DE"})
    names.update({"che": "CH", "aut": "AT", "nld": "NL", "fra": "FR", "bel": "BE", "lux": "LU"})
    names.update({"dnk": "DK", "pol": "PL", "cze": "CZ", "uk": "GB", "usa": "US"})
    return names


def country_code(value: Any) -> str | None:
    """An ISO 3166-1 alpha-2 code for a code or a country name (any of several languages)."""
    text = _plain(value).strip()
    if not text:
        return None
    if len(text) == 2 and text.isalpha():
        code = text.upper()
        return code if code in _country_codes() else None
    return _country_names().get(text.casefold())


@cache
def _country_codes() -> frozenset[str]:
    return frozenset(_country_names().values())


def _coordinate(raw: Any, low: float, high: float) -> float | None:
    if isinstance(raw, bool) or raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.strip().replace(",", ".")
        if len(raw) > 30:
            return None
    try:
        number = float(raw)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) and low <= number <= high else None


def _places(posting: dict[str, Any], item: _Item) -> list[dict[str, Any]]:
    locations = posting.get("jobLocation") or []
    locations = locations if isinstance(locations, list) else [locations]
    places: list[dict[str, Any]] = []
    for number, location in enumerate(locations[: MAX_PLACES * 2], start=1):
        label = _("place %(n)s") % {"n": number}
        if isinstance(location, str):
            location = {"address": {"addressLocality": location}}
        if not isinstance(location, dict):
            item.warn(_("%(place)s is not a Place; ignored") % {"place": label})
            continue
        address = location.get("address")
        if isinstance(address, list):
            address = address[0] if address else None
        if isinstance(address, str):
            address = {"addressLocality": address}
        if not isinstance(address, dict):
            address = {"addressLocality": location.get("name")} if location.get("name") else {}
        city = item.text(address.get("addressLocality"), "addressLocality", 100)
        postcode = item.text(address.get("postalCode"), "postalCode", 20)
        street = item.text(address.get("streetAddress"), "streetAddress", 200)
        raw_country = address.get("addressCountry")
        country = country_code(raw_country)
        if raw_country not in (None, "", {}) and country is None:
            name = item.clean(_plain(raw_country)[:40], "addressCountry")
            if not re.fullmatch(r"\d{5}", postcode):
                item.warn(
                    _("%(place)s: country “%(country)s” is not known; place ignored")
                    % {"place": label, "country": name}
                )
                continue
            item.warn(
                _("%(place)s: country “%(country)s” is not known; read as Germany")
                % {"place": label, "country": name}
            )
        country = country or _GERMANY
        if country == _GERMANY:
            if postcode and not re.fullmatch(r"\d{5}", postcode):
                item.warn(
                    _("%(place)s: postcode %(postcode)s is not a German postcode; ignored")
                    % {"place": label, "postcode": postcode[:20]}
                )
                postcode = ""
        else:
            postcode = ""  # only German postcodes are stored
        if not city and not postcode:
            item.warn(_("%(place)s has no town or postcode; ignored") % {"place": label})
            continue
        place: dict[str, Any] = {
            "street": street,
            "postcode": postcode,
            "city": city,
            "country": country,
        }
        geo = location.get("geo")
        if isinstance(geo, dict) and (geo.get("latitude") is not None or geo.get("longitude")):
            latitude = _coordinate(geo.get("latitude"), -90.0, 90.0)
            longitude = _coordinate(geo.get("longitude"), -180.0, 180.0)
            if latitude is None or longitude is None:
                item.warn(
                    _("%(place)s: coordinates out of range or not numbers; ignored")
                    % {"place": label}
                )
            else:
                place["latitude"], place["longitude"] = latitude, longitude
        places.append(place)
    if len(places) > MAX_PLACES:
        item.warn(_("only the first %(n)s places are kept") % {"n": MAX_PLACES})
        places = places[:MAX_PLACES]
    return places


# --- the whole posting -------------------------------------------------------


def _employer(posting: dict[str, Any], item: _Item) -> str:
    return item.text(posting.get("hiringOrganization"), "hiringOrganization", 200)


def _identifier(posting: dict[str, Any], item: _Item) -> str:
    identifier = posting.get("identifier")
    if isinstance(identifier, list):
        identifier = identifier[0] if identifier else None
    return item.text(identifier, "identifier")


def reference_of(
    posting: dict[str, Any],
    *,
    title: str,
    employer: str,
    places: list[dict[str, Any]],
    source_url: str,
    item: _Item | None = None,
) -> tuple[str, str]:
    """The key that recognises the posting on the next import, and which kind it is."""
    item = item or _Item()
    identifier = _identifier(posting, item)
    if identifier:
        if len(identifier) <= 100:
            return identifier, KEY_IDENTIFIER
        return "id:" + hashlib.sha256(identifier.encode()).hexdigest()[:40], KEY_IDENTIFIER
    url = item.text(posting.get("url"), "url")
    if url:
        if len(url) <= 100:
            return url, KEY_URL
        return "url:" + hashlib.sha256(url.encode()).hexdigest()[:40], KEY_URL
    first = places[0] if places else {}
    parts = [
        source_url,
        title.casefold(),
        employer.casefold(),
        str(first.get("country", "")),
        str(first.get("postcode", "")),
        str(first.get("city", "")).casefold(),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()
    return "key:" + digest[:40], KEY_COMPOSED


def _language(posting: dict[str, Any], title: str, description: str) -> str:
    declared = _plain(posting.get("inLanguage")).lower()[:2]
    if declared in {"de", "en"}:
        return declared
    from dualcareer.matching.texts import detect_language

    return detect_language(f"{title} {description[:500]}")


_FIELD_WORDS: list[tuple[str, tuple[str, ...]]] = [
    (
        OccupationField.IT,
        ("software", "developer", "entwickler", "informatik", "data ", "it-", "devops"),
    ),
    (
        OccupationField.RESEARCH,
        ("research", "wissenschaft", "postdoc", "doktorand", "phd", "labor"),
    ),
    (OccupationField.TEACHING, ("lehr", "teacher", "lecturer", "dozent")),
    (OccupationField.HEALTH, ("pflege", "nurse", "ärzt", "arzt", "physician", "therap")),
    (OccupationField.ENGINEERING, ("ingenieur", "engineer", "techni", "elektroniker")),
    (OccupationField.FINANCE, ("controll", "finanz", "finance", "buchhalt", "account")),
    (OccupationField.HR, ("personal", "human resources", "recruit")),
    (OccupationField.COMMUNICATION, ("marketing", "kommunikation", "communication", "presse")),
    (OccupationField.LAW, ("jurist", "lawyer", "legal", "recht")),
    (OccupationField.ADMINISTRATION, ("verwaltung", "administrat", "sachbearbeit", "management")),
]


def _occupation_field(posting: dict[str, Any], title: str) -> str:
    declared = _plain(posting.get("dualcareer:occupationField")) or _plain(
        posting.get("occupationalCategory")
    )
    if declared in OccupationField.values:
        return declared
    lowered = title.lower()
    for value, words in _FIELD_WORDS:
        if any(word in lowered for word in words):
            return value
    return OccupationField.OTHER


def posting_to_opening(posting: Any, *, source_url: str = "") -> Mapped:
    """Map one JobPosting to an opening's fields and places; raise ItemError if unusable."""
    if isinstance(posting, ItemError):
        raise posting
    if not isinstance(posting, dict):
        raise ItemError(_("not a JSON object"))
    item = _Item()
    types = posting.get("@type")
    type_names = [
        str(t).rsplit("/", 1)[-1] for t in (types if isinstance(types, list) else [types])
    ]
    if posting.get(RECOVERED):
        item.warn(_("no @type: read as a JobPosting because it has a JobPosting's fields"))
    elif "JobPosting" not in type_names:
        raise ItemError(_("not a JobPosting (@type %(type)s)") % {"type": str(types)[:40]})
    title = item.text(posting.get("title"), "title", MAX_TITLE)
    if not title:
        raise ItemError(_("title is missing"))
    raw_description = item.clean(_plain(posting.get("description")), "description")
    if len(raw_description) > MAX_RAW_DESCRIPTION:
        raise ItemError(
            _("the description is longer than %(n)s characters") % {"n": f"{MAX_RAW_DESCRIPTION:,}"}
        )
    description = html_to_text(raw_description) if raw_description else ""
    if len(description) > MAX_DESCRIPTION:
        item.warn(
            _("description was cut to %(limit)s characters") % {"limit": f"{MAX_DESCRIPTION:,}"}
        )
        description = description[:MAX_DESCRIPTION].rstrip()
    if not description:
        item.warn(_("description is missing"))
    places = _places(posting, item)
    remote = 100 if "TELECOMMUTE" in _plain(posting.get("jobLocationType")).upper() else 0
    if not places and remote < 100:
        raise ItemError(
            _("nothing says where the work is (no place with a town or postcode, and not remote)")
        )
    language = _language(posting, title, description)
    working_time, contract_type = _employment(posting.get("employmentType"), item)
    salary_min, salary_max = _salary(posting.get("baseSalary"), item)
    employer = _employer(posting, item)
    reference, key = reference_of(
        posting, title=title, employer=employer, places=places, source_url=source_url, item=item
    )
    url = item.text(posting.get("url"), "url")
    apply_url = url if url.startswith(("https://", "http://")) and len(url) <= 500 else ""
    fields: dict[str, Any] = {
        "title_de": title if language == "de" else "",
        "title_en": title if language != "de" else "",
        "description_de": description if language == "de" else "",
        "description_en": description if language != "de" else "",
        "occupation_field": _occupation_field(posting, title),
        "remote_share": remote,
        "working_time": working_time,
        "contract_type": contract_type,
        "start_date": _date(posting.get("jobStartDate"), "jobStartDate", item),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "apply_url": apply_url,
        "closing_date": _date(posting.get("validThrough"), "validThrough", item),
        "source_url": source_url[:500] if source_url.startswith(("https://", "http://")) else "",
    }
    return Mapped(reference, key, fields, places, item.warnings)


def reference_for_error(posting: Any, source_url: str = "") -> str:
    """The reference to show next to a refused posting (its identifier or url, if any)."""
    if not isinstance(posting, dict):
        return ""
    item = _Item()
    return _identifier(posting, item) or item.text(posting.get("url"), "url")[:100]
