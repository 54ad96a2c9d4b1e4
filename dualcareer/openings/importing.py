"""Import of schema.org `JobPosting` (JSON-LD) into openings, with a per-item report.

Sources: a JSON document (one posting, a list, an `@graph` or an `ItemList`),
or an HTML page whose `<script type="application/ld+json">` blocks carry the
postings (read by `ld_json_blocks`, in linear time and within
`settings.OPENINGS_IMPORT_PARSE_SECONDS`, default 10). Openings are recognised
by employer + reference number (the posting's `identifier`, else its `url`),
so importing the same feed twice changes nothing. A malformed item is
reported with its position and reason; the good items of the same feed are
imported all the same.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import task
from lxml import etree

from dualcareer.accounts import permissions
from dualcareer.core import audit
from dualcareer.core.models import JobRun
from dualcareer.network.models import Institution
from dualcareer.openings.fetching import FetchError, fetch_url
from dualcareer.openings.models import (
    ContractType,
    OccupationField,
    Opening,
    OpeningPlace,
    Source,
    Visibility,
    WorkingTime,
)
from dualcareer.openings.services import build_places

MAX_ITEMS = 200_000
BATCH_SIZE = 500
PARSE_SECONDS = 10  # default for settings.OPENINGS_IMPORT_PARSE_SECONDS
# Possessive quantifiers: a tag that never closes is scanned once, not once per "<".
_BLOCK_TAGS = re.compile(r"<\s*+(br|/p|/li|/h[1-6]|/div)\s*+(?:/\s*+)?>", re.IGNORECASE)

# HTML pages are read by libxml2's HTML parser (lxml): a real parser in C,
# linear in the size of the page. It is fed in chunks, with a look at the clock
# between them, so a page that is slow to read ends with a clear message.
_FEED_CHUNK = 64 * 1024
_SPACE = "\t\n\f\r "
_CHECK_EVERY = 1024  # loop turns between looks at the clock

# Fields an import sets; an existing opening with equal values is left untouched.
IMPORTED_FIELDS = (
    "title_de",
    "title_en",
    "description_de",
    "description_en",
    "occupation_field",
    "remote_share",
    "working_time",
    "contract_type",
    "start_date",
    "salary_min",
    "salary_max",
    "apply_url",
    "closing_date",
    "source_url",
)


class ItemError(Exception):
    """One posting could not be imported; the message says why (shown to the user)."""


@dataclass
class ItemResult:
    index: int  # 1-based position in the feed
    reference: str
    status: str  # created | updated | skipped | error
    reason: str = ""


@dataclass
class ImportReport:
    items: list[ItemResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for item in self.items if item.status == status)

    @property
    def created(self) -> int:
        return self.count("created")

    @property
    def updated(self) -> int:
        return self.count("updated")

    @property
    def skipped(self) -> int:
        return self.count("skipped")

    @property
    def errors(self) -> int:
        return self.count("error")

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "errors": self.errors,
            "items": [
                {"index": i.index, "reference": i.reference, "status": i.status, "reason": i.reason}
                for i in self.items
                if i.status != "created" or len(self.items) <= 1000
            ],
        }


# --- reading documents -------------------------------------------------------


def parse_seconds() -> float:
    """How long reading one HTML page may take before the import gives up."""
    return float(getattr(settings, "OPENINGS_IMPORT_PARSE_SECONDS", PARSE_SECONDS))


class _Clock:
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


def ld_json_blocks(text: str, *, seconds: float = PARSE_SECONDS) -> list[str]:
    """Return the contents of the page's `<script type="application/ld+json">` elements.

    The one place that reads HTML (lxml's HTML parser, linear in the size of
    the page); raises ItemError when reading takes longer than `seconds`.
    """
    clock = _Clock(seconds)
    # huge_tree: a posting feed may carry one script block larger than libxml2's
    # default 10 MB text limit; the upload and fetch limits bound the page size.
    parser = etree.HTMLParser(recover=True, no_network=True, huge_tree=True)
    for start in range(0, len(text), _FEED_CHUNK):
        clock.check()
        parser.feed(text[start : start + _FEED_CHUNK])
    clock.check()
    try:
        root = parser.close()
    except etree.LxmlError:
        return []  # nothing that parses as a document (e.g. an empty page)
    if root is None:
        return []
    blocks = []
    for script in root.iter("script"):
        clock.tick()
        kind = (script.get("type") or "").split(";")[0].strip(_SPACE).lower()
        if kind == "application/ld+json":
            blocks.append(script.text or "")
    return blocks


def documents_from_text(text: str) -> list[Any]:
    """Return the JSON-LD documents in `text` (JSON, or HTML with ld+json scripts)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith(("{", "[")):
        try:
            return [json.loads(stripped)]
        except json.JSONDecodeError as error:
            raise ItemError(
                _("not valid JSON (line %(line)s, column %(column)s)")
                % {"line": error.lineno, "column": error.colno}
            ) from error
    blocks = ld_json_blocks(text, seconds=parse_seconds())
    if not blocks:
        raise ItemError(_("no JSON-LD found (neither JSON nor an HTML page with ld+json)"))
    documents: list[Any] = []
    for number, block in enumerate(blocks, start=1):
        try:
            documents.append(json.loads(html.unescape(block) if "&quot;" in block else block))
        except json.JSONDecodeError as error:
            # A broken block is reported as an item error, not the whole page.
            documents.append(
                ItemError(
                    _("script block %(n)s is not valid JSON (%(error)s)")
                    % {"n": number, "error": error.msg}
                )
            )
    return documents


def postings_from_documents(documents: list[Any]) -> Iterator[Any]:
    """Yield each JobPosting (or an ItemError / non-posting to be reported) in order."""
    for document in documents:
        yield from _walk(document)


def _walk(node: Any) -> Iterator[Any]:
    if isinstance(node, ItemError):
        yield node
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        types = node.get("@type")
        types = types if isinstance(types, list) else [types]
        if "JobPosting" in types:
            yield node
        elif "@graph" in node:
            yield from _walk(node["@graph"])
        elif "ItemList" in types or "itemListElement" in node:
            for element in node.get("itemListElement") or []:
                inner = element.get("item", element) if isinstance(element, dict) else element
                yield from _walk(inner)
        else:
            yield node  # reported as "not a JobPosting"
    else:
        yield node


# --- mapping one posting -----------------------------------------------------


def _text(value: Any, limit: int | None = None) -> str:
    if isinstance(value, dict):
        value = value.get("@value") or value.get("value") or value.get("name") or ""
    if isinstance(value, list):
        value = " ".join(_text(v) for v in value)
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise ItemError(_("a text field has an unexpected type"))
    text = str(value).strip()
    return text[:limit] if limit else text


def html_to_text(value: str) -> str:
    """Plain text of an HTML description (tags removed, entities resolved)."""
    value = _BLOCK_TAGS.sub("\n", value)
    cleaned = html.unescape(nh3.clean(value, tags=set()))
    lines = [" ".join(line.split()) for line in cleaned.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def _date(value: Any, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ItemError(_("%(name)s is not a date") % {"name": name})
    try:
        if "T" in value:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()
        return dt.date.fromisoformat(value[:10])
    except ValueError as error:
        raise ItemError(
            _("%(name)s is not an ISO date: %(value)s") % {"name": name, "value": value[:40]}
        ) from error


def _reference(posting: dict[str, Any]) -> str:
    identifier = posting.get("identifier")
    if isinstance(identifier, list):
        identifier = identifier[0] if identifier else None
    ref = _text(identifier)
    if not ref:
        url = _text(posting.get("url"))
        if url:
            ref = url if len(url) <= 100 else "url:" + hashlib.sha256(url.encode()).hexdigest()[:40]
    if not ref:
        raise ItemError(
            _("no identifier and no url: the posting cannot be recognised on re-import")
        )
    return ref[:100]


def _language(posting: dict[str, Any], title: str, description: str) -> str:
    declared = _text(posting.get("inLanguage")).lower()[:2]
    if declared in {"de", "en"}:
        return declared
    from dualcareer.matching.texts import detect_language

    return detect_language(f"{title} {description[:500]}")


_EMPLOYMENT = {
    "FULL_TIME": ("full_time", None),
    "PART_TIME": ("part_time", None),
    "CONTRACTOR": (None, ContractType.FREELANCE),
    "TEMPORARY": (None, ContractType.FIXED_TERM),
    "INTERN": (None, ContractType.TRAINEESHIP),
    "PER_DIEM": (None, ContractType.OTHER),
    "VOLUNTEER": (None, ContractType.OTHER),
    "OTHER": (None, ContractType.OTHER),
}


def _employment(value: Any) -> tuple[str, str]:
    kinds = value if isinstance(value, list) else [value] if value else []
    times: set[str] = set()
    contract = ""
    for kind in kinds:
        code = str(kind).upper().replace("-", "_").replace(" ", "_")
        if code not in _EMPLOYMENT:
            raise ItemError(
                _("employmentType %(value)s is not a schema.org value") % {"value": str(kind)[:30]}
            )
        time, contract_type = _EMPLOYMENT[code]
        if time:
            times.add(time)
        if contract_type and not contract:
            contract = contract_type
    working: str
    if times == {"full_time", "part_time"}:
        working = WorkingTime.EITHER
    elif times:
        working = times.pop()
    else:
        working = WorkingTime.FULL_TIME
    return working, contract or ContractType.PERMANENT


def _places(posting: dict[str, Any]) -> list[dict[str, Any]]:
    locations = posting.get("jobLocation") or []
    locations = locations if isinstance(locations, list) else [locations]
    places = []
    for location in locations:
        if not isinstance(location, dict):
            raise ItemError(_("jobLocation is not a Place"))
        address = location.get("address") or {}
        if isinstance(address, str):
            address = {"addressLocality": address}
        if not isinstance(address, dict):
            raise ItemError(_("jobLocation.address is not a PostalAddress"))
        country = _text(address.get("addressCountry")).upper()
        if country and country not in {"DE", "DEU", "GERMANY", "DEUTSCHLAND"}:
            raise ItemError(_("only places in Germany are supported"))
        raw_geo = location.get("geo")
        geo_data: dict[str, Any] = raw_geo if isinstance(raw_geo, dict) else {}
        place: dict[str, Any] = {
            "street": _text(address.get("streetAddress"), 200),
            "postcode": _text(address.get("postalCode"), 10),
            "city": _text(address.get("addressLocality"), 100),
        }
        try:
            if geo_data.get("latitude") is not None:
                place["latitude"] = float(geo_data["latitude"])
                place["longitude"] = float(geo_data["longitude"])
        except (TypeError, ValueError, KeyError) as error:
            raise ItemError(_("jobLocation.geo has no valid coordinates")) from error
        places.append(place)
    return places


def _salary(value: Any) -> tuple[int | None, int | None]:
    if not isinstance(value, dict):
        return None, None
    currency = _text(value.get("currency")).upper()
    if currency and currency != "EUR":
        return None, None
    amount = value.get("value")
    amount = amount if isinstance(amount, dict) else {"value": amount}
    factor = {"YEAR": 1, "MONTH": 12}.get(_text(amount.get("unitText")).upper() or "YEAR")
    if factor is None:
        return None, None

    def number(raw: Any) -> int | None:
        if raw in (None, ""):
            return None
        try:
            return int(Decimal(str(raw)) * factor)
        except (InvalidOperation, ValueError) as error:
            raise ItemError(_("baseSalary is not a number")) from error

    low = number(amount.get("minValue", amount.get("value")))
    high = number(amount.get("maxValue", amount.get("value")))
    return low, high


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
    (OccupationField.ENGINEERING, ("ingenieur", "engineer", "techni")),
    (OccupationField.FINANCE, ("controll", "finanz", "finance", "buchhalt", "account")),
    (OccupationField.HR, ("personal", "human resources", "recruit")),
    (OccupationField.COMMUNICATION, ("marketing", "kommunikation", "communication", "presse")),
    (OccupationField.LAW, ("jurist", "lawyer", "legal", "recht")),
    (OccupationField.ADMINISTRATION, ("verwaltung", "administrat", "sachbearbeit", "management")),
]


def _occupation_field(posting: dict[str, Any], title: str) -> str:
    declared = _text(posting.get("dualcareer:occupationField")) or _text(
        posting.get("occupationalCategory")
    )
    if declared in OccupationField.values:
        return declared
    lowered = title.lower()
    for value, words in _FIELD_WORDS:
        if any(word in lowered for word in words):
            return value
    return OccupationField.OTHER


def posting_to_opening(
    posting: Any, *, today: dt.date
) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """Map one JobPosting to (reference, opening fields, places); raise ItemError if malformed."""
    if isinstance(posting, ItemError):
        raise posting
    if not isinstance(posting, dict):
        raise ItemError(_("not a JSON object"))
    types = posting.get("@type")
    if "JobPosting" not in (types if isinstance(types, list) else [types]):
        raise ItemError(_("not a JobPosting (@type %(type)s)") % {"type": str(types)[:40]})
    reference = _reference(posting)
    title = _text(posting.get("title"), 200)
    if not title:
        raise ItemError(_("title is missing"))
    raw_description = _text(posting.get("description"))
    description = html_to_text(raw_description) if raw_description else ""
    if not description:
        raise ItemError(_("description is missing"))
    language = _language(posting, title, description)
    working_time, contract_type = _employment(posting.get("employmentType"))
    places = _places(posting)
    remote = 100 if _text(posting.get("jobLocationType")).upper() == "TELECOMMUTE" else 0
    if not places and remote < 100:
        raise ItemError(_("jobLocation is missing"))
    salary_min, salary_max = _salary(posting.get("baseSalary"))
    if salary_min is not None and salary_max is not None and salary_max < salary_min:
        raise ItemError(_("baseSalary maxValue is below minValue"))
    url = _text(posting.get("url"), 500)
    fields: dict[str, Any] = {
        "title_de": title if language == "de" else "",
        "title_en": title if language == "en" else "",
        "description_de": description if language == "de" else "",
        "description_en": description if language == "en" else "",
        "occupation_field": _occupation_field(posting, title),
        "remote_share": remote,
        "working_time": working_time,
        "contract_type": contract_type,
        "start_date": _date(posting.get("jobStartDate"), "jobStartDate"),
        "salary_min": salary_min,
        "salary_max": salary_max,
        "apply_url": url if url.startswith(("https://", "http://")) else "",
        "closing_date": _date(posting.get("validThrough"), "validThrough"),
        "source_url": "",
    }
    return reference, fields, places


# --- storing -----------------------------------------------------------------


def _place_key(places: list[OpeningPlace]) -> list[tuple[str, str, str]]:
    return [(p.street, p.postcode, p.city) for p in places]


def openings_import(
    *,
    user: Any,
    institution: Institution,
    text: str,
    visibility: str = Visibility.NETWORK,
    source_url: str = "",
    today: dt.date | None = None,
    batch_size: int = BATCH_SIZE,
    run: JobRun | None = None,
) -> ImportReport:
    """Import the JobPostings in `text` as openings of `institution` and report per item.

    The feed is stored in windows of `batch_size` items, one transaction each.
    With `run` (the worker's job), each window's progress and report items are
    saved in the window's transaction, and a run that was killed continues
    after the last stored window: nothing is stored twice or left out.
    """
    permissions.require(user, "opening.import", institution)
    permissions.require(user, "opening.create", institution)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "unknown visibility"})
    today = today or timezone.localdate()
    report = ImportReport()
    try:
        postings = list(postings_from_documents(documents_from_text(text)))
    except ItemError as error:
        report.items.append(ItemResult(index=0, reference="", status="error", reason=str(error)))
        return _finish(user, institution, report, run)
    if len(postings) > MAX_ITEMS:
        report.items.append(
            ItemResult(
                0,
                "",
                "error",
                _("too many items (%(count)s > %(max)s)")
                % {"count": len(postings), "max": MAX_ITEMS},
            )
        )
        return _finish(user, institution, report, run)
    resume_after = 0
    if run is not None:
        resume_after = run.batches_done
        report.items = [ItemResult(**item) for item in run.report]
        if run.total != len(postings):
            run.total = len(postings)
            run.save(update_fields=["total"])
    seen: set[str] = set()
    for window_number, first in enumerate(range(0, len(postings), batch_size)):
        window = ImportReport()
        batch: list[tuple[int, str, dict[str, Any], list[OpeningPlace]]] = []
        for index, posting in enumerate(postings[first : first + batch_size], start=first + 1):
            try:
                reference, fields, place_data = posting_to_opening(posting, today=today)
                if reference in seen:
                    window.items.append(
                        ItemResult(
                            index, reference, "skipped", _("same reference earlier in this feed")
                        )
                    )
                    continue
                try:
                    places = build_places(place_data)
                except ValidationError as error:
                    raise ItemError(" ".join(error.messages)) from error
                seen.add(reference)
                if source_url:
                    fields["source_url"] = source_url[:500]
                batch.append((index, reference, fields, places))
            except ItemError as error:
                reference = ""
                if isinstance(posting, dict):
                    with contextlib.suppress(ItemError):
                        reference = _reference(posting)
                window.items.append(ItemResult(index, reference, "error", str(error)))
        if window_number < resume_after:
            continue  # stored by an earlier, interrupted run of this job
        _store_batch(user, institution, visibility, batch, window, today, run=run)
        report.items.extend(window.items)
    return _finish(user, institution, report, run)


def _finish(
    user: Any, institution: Institution, report: ImportReport, run: JobRun | None
) -> ImportReport:
    report.items.sort(key=lambda item: item.index)
    with transaction.atomic():
        audit.log(
            institution,
            "opening.imported",
            actor=user,
            data={
                "created": report.created,
                "updated": report.updated,
                "skipped": report.skipped,
                "errors": report.errors,
            },
        )
        if run is not None:
            if not run.batches_done:  # the feed could not be read at all
                run.report = [vars(item) for item in report.items]
                run.counts = {"error": report.errors}
                run.errors = report.errors
            run.report = sorted(run.report, key=lambda item: item["index"])
            run.status = JobRun.Status.DONE
            run.finished_at = timezone.now()
            run.input = ""
            run.save()
    return report


# --- imports as background jobs ----------------------------------------------

IMPORT_JOB = "openings.import"


def import_enqueue(
    *,
    user: Any,
    institution: Institution,
    text: str,
    visibility: str = Visibility.NETWORK,
    source_url: str = "",
    fetch: bool = False,
) -> JobRun:
    """Queue an import of `text` for the worker; return its job (for the progress page).

    With `fetch`, the worker downloads `source_url` itself (`text` is empty):
    the request only checks the address, so a slow or large feed never holds
    a web worker.
    """
    permissions.require(user, "opening.import", institution)
    permissions.require(user, "opening.create", institution)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "unknown visibility"})
    if fetch and not source_url:
        raise ValidationError({"url": "an address is needed to fetch"})
    with transaction.atomic():
        run = JobRun.objects.create(
            kind=IMPORT_JOB,
            created_by=user,
            institution_id=institution.pk,
            params={
                "visibility": visibility,
                "source_url": source_url[:500],
                "fetch": fetch,
                "language": get_language() or settings.LANGUAGE_CODE,
            },
            input=text,
        )
        openings_import_job.enqueue(run.pk)
    run.refresh_from_db()
    return run


@task()
def openings_import_job(run_id: int) -> str:
    """The worker's side of `import_enqueue`: run (or continue) one import."""
    run = JobRun.objects.filter(pk=run_id, kind=IMPORT_JOB).select_related("created_by").first()
    if run is None or run.is_finished:
        return "gone"
    institution = Institution.objects.get(pk=run.institution_id or 0)
    JobRun.objects.filter(pk=run.pk).update(status=JobRun.Status.RUNNING)
    run.status = JobRun.Status.RUNNING
    needs_fetch = run.params.get("fetch") and not run.input and not run.batches_done
    if needs_fetch and not _fetch_input(run):
        return "failed"
    try:
        openings_import(
            user=run.created_by,
            institution=institution,
            text=run.input,
            visibility=run.params.get("visibility", Visibility.NETWORK),
            source_url=run.params.get("source_url", ""),
            batch_size=BATCH_SIZE,
            run=run,
        )
    except Exception as error:  # the job page shows that the import stopped
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRun.Status.FAILED,
            finished_at=timezone.now(),
            last_error=type(error).__name__[:100],
            input="",
        )
        return "failed"
    return "done"


def _fetch_input(run: JobRun) -> bool:
    """Download the run's feed into `run.input`; on failure finish the run with the reason."""
    url = run.params.get("source_url", "")
    try:
        text = fetch_url(url)
    except FetchError as error:
        with translation.override(run.params.get("language") or settings.LANGUAGE_CODE):
            reason = _("The address could not be read: %(reason)s") % {"reason": error}
        JobRun.objects.filter(pk=run.pk).update(
            status=JobRun.Status.DONE,
            finished_at=timezone.now(),
            total=1,
            done=1,
            errors=1,
            counts={"error": 1},
            report=[{"index": 1, "reference": url[:200], "status": "error", "reason": reason}],
        )
        return False
    JobRun.objects.filter(pk=run.pk).update(input=text)
    run.input = text
    return True


def import_run_for(*, user: Any, public_id: Any) -> JobRun | None:
    """The import job `public_id` if `user` may import for its institution, else None."""
    run = JobRun.objects.filter(kind=IMPORT_JOB, public_id=public_id).first()
    if run is None or not user.is_authenticated:
        return None
    institution = Institution.objects.filter(pk=run.institution_id or 0).first()
    if institution is None or not permissions.has(user, "opening.import", institution):
        return None
    return run


def import_report(run: JobRun) -> ImportReport:
    """The job's report so far (the listed items; counts in `import_status`)."""
    return ImportReport(items=[ItemResult(**item) for item in run.report])


def import_status(run: JobRun) -> dict[str, Any]:
    """The job's progress: status, items done of total, counts per result."""
    return {
        "status": run.status,
        "finished": run.is_finished,
        "done": run.done,
        "total": run.total,
        "percent": run.percent,
        "created": run.counts.get("created", 0),
        "updated": run.counts.get("updated", 0),
        "skipped": run.counts.get("skipped", 0),
        "errors": run.counts.get("error", 0),
    }


STALE_MINUTES = 30


def import_runs_requeue_stale() -> int:
    """Queue again the imports whose worker died (running or queued, untouched for long)."""
    limit = timezone.now() - dt.timedelta(minutes=STALE_MINUTES)
    stale = JobRun.objects.filter(
        kind=IMPORT_JOB,
        status__in=[JobRun.Status.QUEUED, JobRun.Status.RUNNING],
        updated_at__lt=limit,
    )
    count = 0
    for run in stale:
        openings_import_job.enqueue(run.pk)
        count += 1
    return count


def _store_batch(
    user: Any,
    institution: Institution,
    visibility: str,
    batch: list[tuple[int, str, dict[str, Any], list[OpeningPlace]]],
    report: ImportReport,
    today: dt.date,
    run: JobRun | None = None,
) -> None:
    """Create or update one batch of openings in one transaction (with the job's progress)."""
    existing = {
        opening.reference: opening
        for opening in Opening.objects.filter(
            institution=institution, reference__in=[ref for _i, ref, _f, _p in batch]
        ).prefetch_related("places")
    }
    now = timezone.now()
    new: list[tuple[Opening, list[OpeningPlace]]] = []
    changed: list[tuple[Opening, list[OpeningPlace] | None]] = []
    for index, reference, fields, places in batch:
        opening = existing.get(reference)
        if opening is None:
            if fields["closing_date"] is not None and fields["closing_date"] < today:
                report.items.append(
                    ItemResult(index, reference, "skipped", _("closing date has passed"))
                )
                continue
            opening = Opening(
                institution=institution,
                created_by=user,
                reference=reference,
                visibility=visibility,
                source=Source.JSONLD,
                is_published=True,
                published_at=now,
                **fields,
            )
            opening.search_text = opening.build_search_text(places)
            new.append((opening, places))
            report.items.append(ItemResult(index, reference, "created"))
            continue
        differs = [name for name in IMPORTED_FIELDS if getattr(opening, name) != fields[name]]
        places_differ = _place_key(list(opening.places.all())) != _place_key(places)
        if not differs and not places_differ:
            report.items.append(ItemResult(index, reference, "skipped", _("unchanged")))
            continue
        for name in IMPORTED_FIELDS:
            setattr(opening, name, fields[name])
        opening.search_text = opening.build_search_text(places)
        changed.append((opening, places if places_differ else None))
        report.items.append(ItemResult(index, reference, "updated"))
    with transaction.atomic():
        Opening.objects.bulk_create([opening for opening, _places in new])
        all_places: list[OpeningPlace] = []
        for opening, places in new:
            for place in places:
                place.opening = opening
                all_places.append(place)
        if changed:
            for opening, _places in changed:
                opening.updated_at = now
            Opening.objects.bulk_update(
                [opening for opening, _places in changed],
                [*IMPORTED_FIELDS, "search_text", "updated_at"],
            )
            replaced = [opening.pk for opening, new_places in changed if new_places is not None]
            OpeningPlace.objects.filter(opening_id__in=replaced).delete()
            for opening, new_places in changed:
                for place in new_places or []:
                    place.opening = opening
                    all_places.append(place)
        OpeningPlace.objects.bulk_create(all_places)
        if run is not None:
            _record_progress(run, report)


REPORT_ALL_UP_TO = 1000  # longer feeds list their items except the created ones


def _record_progress(run: JobRun, window: ImportReport) -> None:
    """Add one stored window to the job's progress (inside the window's transaction)."""
    run.batches_done += 1
    run.done += len(window.items)
    counts = dict(run.counts)
    for item in window.items:
        counts[item.status] = counts.get(item.status, 0) + 1
    run.counts = counts
    run.errors = counts.get("error", 0)
    listed = [
        vars(item)
        for item in window.items
        if item.status != "created" or (run.total or 0) <= REPORT_ALL_UP_TO
    ]
    run.report = [*run.report, *listed]
    run.save(update_fields=["batches_done", "done", "counts", "report", "errors", "updated_at"])
