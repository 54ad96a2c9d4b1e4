"""Import of schema.org `JobPosting`s into openings, with a per-item report.

Reading is in `extraction.py` (JSON, JSON-LD, Microdata, RDFa, recovered
objects; charsets), mapping one posting in `mapping.py` (lenient, warnings
per item, a stable key without an identifier). This module stores: in
windows of `BATCH_SIZE` items, one transaction each, so the good items of a
feed are imported whatever the bad ones carry, importing the same feed twice
changes nothing, and a window that cannot be stored (a database error) is
reported item by item while the others are kept. Every import ends with its
report and one audit entry of what was stored.

Imports run as background jobs (`import_enqueue`, `openings_import_job`);
member job feeds (`feeds.py`) run through the same job.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_tasks import task

from dualcareer.accounts import permissions
from dualcareer.core import audit
from dualcareer.core.models import JobRun
from dualcareer.network.models import Institution
from dualcareer.openings.extraction import (  # noqa: F401  (the import's public names)
    PARSE_SECONDS,
    ItemError,
    decode,
    documents_from_text,
    ld_json_blocks,
    parse_seconds,
    postings_from_documents,
)
from dualcareer.openings.fetching import FetchError, fetch
from dualcareer.openings.mapping import (  # noqa: F401
    html_to_text,
    posting_to_opening,
    reference_for_error,
)
from dualcareer.openings.models import FeedSource, Opening, OpeningPlace, Source, Visibility
from dualcareer.openings.services import build_places

logger = logging.getLogger(__name__)

MAX_ITEMS = 200_000
BATCH_SIZE = 500

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


@dataclass
class ItemResult:
    index: int  # 1-based position in the feed
    reference: str
    status: str  # created | updated | skipped | closed | error
    reason: str = ""
    key: str = ""  # which key recognised it: identifier | url | page_title_employer_place
    warnings: list[str] = field(default_factory=list)


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
    def closed(self) -> int:
        return self.count("closed")

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warned(self) -> int:
        return sum(1 for item in self.items if item.warnings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "closed": self.closed,
            "errors": self.errors,
            "items": [
                vars(i) for i in self.items if i.status != "created" or len(self.items) <= 1000
            ],
        }


def _stored_item(data: dict[str, Any]) -> ItemResult:
    known = {name: data[name] for name in ItemResult.__dataclass_fields__ if name in data}
    return ItemResult(**known)


# --- storing -----------------------------------------------------------------


def _place_key(places: list[OpeningPlace]) -> list[tuple[Any, ...]]:
    return [(p.street, p.postcode, p.city, p.country, p.latitude, p.longitude) for p in places]


@dataclass
class _Ready:
    index: int
    reference: str
    key: str
    fields: dict[str, Any]
    places: list[OpeningPlace]
    warnings: list[str]


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
    documents: list[Any] | None = None,
    report_others: bool | None = None,
    feed: FeedSource | None = None,
) -> ImportReport:
    """Import the JobPostings in `text` (or `documents`) as openings of `institution`.

    The feed is stored in windows of `batch_size` items, one transaction each.
    With `run` (the worker's job), each window's progress and report items are
    saved in the window's transaction, and a run that was killed continues
    after the last stored window: nothing is stored twice or left out. With
    `feed`, the openings belong to that feed: the ones it no longer carries
    are closed (unpublished, not deleted) and come back if it carries them again.
    """
    permissions.require(user, "opening.import", institution)
    permissions.require(user, "opening.create", institution)
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": "unknown visibility"})
    today = today or timezone.localdate()
    report = ImportReport()
    try:
        if documents is None:
            documents = documents_from_text(text, base_url=source_url)
        if report_others is None:  # a JSON feed's other items are reported, a page's not
            report_others = text.lstrip("\ufeff \t\r\n").startswith(("{", "[")) or not text
        postings = list(postings_from_documents(documents, report_others=report_others))
    except (ItemError, RecursionError) as error:
        reason = str(error) if isinstance(error, ItemError) else _("nested too deeply")
        report.items.append(ItemResult(index=0, reference="", status="error", reason=reason))
        return _finish(user, institution, report, run, feed=None)
    if not postings:
        report.items.append(ItemResult(0, "", "error", _("no JobPosting found in the document")))
        return _finish(user, institution, report, run, feed=None)
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
        return _finish(user, institution, report, run, feed=None)
    resume_after = 0
    if run is not None:
        resume_after = run.batches_done
        report.items = [_stored_item(item) for item in run.report]
        if run.total != len(postings):
            run.total = len(postings)
            run.save(update_fields=["total"])
    seen: set[str] = set()
    for window_number, first in enumerate(range(0, len(postings), batch_size)):
        seen_before = set(seen)

        def prepare_window(first: int = first) -> tuple[ImportReport, list[_Ready]]:
            window = ImportReport()
            batch: list[_Ready] = []
            for index, posting in enumerate(postings[first : first + batch_size], start=first + 1):
                ready = _prepare(index, posting, source_url, seen, window)
                if ready is not None:
                    batch.append(ready)
            return window, batch

        window, batch = prepare_window()
        if window_number < resume_after:
            continue  # stored by an earlier, interrupted run of this job
        try:
            try:
                _store_batch(
                    user, institution, visibility, batch, window, today, run=run, feed=feed
                )
            except IntegrityError:
                # An import of the same postings running in parallel stored some of
                # them first (unique reference per employer): the window's
                # transaction was rolled back; prepared again, they are updates.
                seen.clear()
                seen.update(seen_before)
                window, batch = prepare_window()
                _store_batch(
                    user, institution, visibility, batch, window, today, run=run, feed=feed
                )
        except Exception as error:  # a window that cannot be stored is reported, not fatal
            logger.warning("import window %s could not be stored: %s", window_number, type(error))
            window = _failed_window(window)
            if run is not None:
                with transaction.atomic():
                    _record_progress(run, window)
        report.items.extend(window.items)
    return _finish(user, institution, report, run, feed=feed)


def _prepare(
    index: int, posting: Any, source_url: str, seen: set[str], window: ImportReport
) -> _Ready | None:
    """Map one posting and build its places; report it in `window` if it is refused."""
    try:
        mapped = posting_to_opening(posting, source_url=source_url)
        if mapped.reference in seen:
            window.items.append(
                ItemResult(
                    index,
                    mapped.reference,
                    "skipped",
                    _("same posting earlier in this feed"),
                    key=mapped.key,
                )
            )
            return None
        try:
            places = build_places(mapped.places)
        except ValidationError as error:
            raise ItemError(" ".join(error.messages)) from error
        seen.add(mapped.reference)
        return _Ready(index, mapped.reference, mapped.key, mapped.fields, places, mapped.warnings)
    except Exception as error:  # one posting never stops the others
        if isinstance(error, ItemError):
            reason = str(error)
        elif isinstance(error, RecursionError):
            reason = _("nested too deeply")
        else:
            logger.warning("import item %s could not be read: %s", index, type(error))
            reason = _("the posting could not be read")
        window.items.append(ItemResult(index, reference_for_error(posting), "error", reason))
        return None


def _failed_window(window: ImportReport) -> ImportReport:
    """The window's report after its transaction was rolled back: nothing of it is stored."""
    failed = ImportReport()
    for item in window.items:
        if item.status in {"created", "updated"}:
            item = ItemResult(
                item.index,
                item.reference,
                "error",
                _("could not be stored (database error); nothing of this item was saved"),
                key=item.key,
                warnings=item.warnings,
            )
        failed.items.append(item)
    return failed


def _store_batch(
    user: Any,
    institution: Institution,
    visibility: str,
    batch: list[_Ready],
    report: ImportReport,
    today: dt.date,
    run: JobRun | None = None,
    feed: FeedSource | None = None,
) -> None:
    """Create or update one batch of openings in one transaction (with the job's progress)."""
    existing = {
        opening.reference: opening
        for opening in Opening.objects.filter(
            institution=institution, reference__in=[ready.reference for ready in batch]
        ).prefetch_related("places")
    }
    now = timezone.now()
    new: list[tuple[Opening, list[OpeningPlace]]] = []
    changed: list[tuple[Opening, list[OpeningPlace] | None]] = []
    for ready in batch:
        index, reference, fields, places = ready.index, ready.reference, ready.fields, ready.places
        result = ItemResult(index, reference, "created", key=ready.key, warnings=ready.warnings)
        opening = existing.get(reference)
        if opening is None:
            if fields["closing_date"] is not None and fields["closing_date"] < today:
                result.status, result.reason = "skipped", _("closing date has passed")
                report.items.append(result)
                continue
            opening = Opening(
                institution=institution,
                created_by=user,
                reference=reference,
                visibility=visibility,
                source=Source.JSONLD,
                is_published=True,
                published_at=now,
                feed=feed,
                **fields,
            )
            opening.index_places(places)
            new.append((opening, places))
            report.items.append(result)
            continue
        differs = [name for name in IMPORTED_FIELDS if getattr(opening, name) != fields[name]]
        places_differ = _place_key(list(opening.places.all())) != _place_key(places)
        reopens = feed is not None and opening.feed_closed_at is not None
        joins = feed is not None and opening.feed_id != feed.pk
        if not differs and not places_differ and not reopens and not joins:
            result.status, result.reason = "skipped", _("unchanged")
            report.items.append(result)
            continue
        for name in IMPORTED_FIELDS:
            setattr(opening, name, fields[name])
        if feed is not None:
            opening.feed = feed
            if reopens:
                opening.feed_closed_at = None
                opening.is_published = True
        opening.index_places(places)
        changed.append((opening, places if places_differ else None))
        result.status = "updated"
        if reopens:
            result.reason = _("back in the feed: published again")
        report.items.append(result)
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
                [
                    *IMPORTED_FIELDS,
                    "search_text",
                    "place_cells",
                    "updated_at",
                    "feed",
                    "feed_closed_at",
                    "is_published",
                ],
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


def _close_missing(
    user: Any, feed: FeedSource, carried: set[str], report: ImportReport, run: JobRun | None
) -> None:
    """Close (unpublish) the feed's open openings it no longer carries; report each."""
    now = timezone.now()
    missing = list(
        Opening.objects.filter(feed=feed, feed_closed_at__isnull=True)
        .exclude(reference__in=carried)
        .order_by("pk")
    )
    if not missing:
        return
    window = ImportReport()
    last = max((item.index for item in report.items), default=0)
    for number, opening in enumerate(missing, start=last + 1):
        window.items.append(
            ItemResult(number, opening.reference, "closed", _("no longer in the feed: closed"))
        )
    with transaction.atomic():
        Opening.objects.filter(pk__in=[o.pk for o in missing]).update(
            is_published=False, feed_closed_at=now, updated_at=now
        )
        if run is not None:
            run.total = (run.total or 0) + len(missing)
            _record_progress(run, window)
    report.items.extend(window.items)


def _finish(
    user: Any,
    institution: Institution,
    report: ImportReport,
    run: JobRun | None,
    *,
    feed: FeedSource | None,
) -> ImportReport:
    if feed is not None:
        # Openings whose posting is still there (an item refused this time included)
        # stay open; none is closed when the document itself could not be read.
        carried = {item.reference for item in report.items if item.reference}
        failed = any(item.status == "error" and item.index == 0 for item in report.items)
        if not failed:
            _close_missing(user, feed, carried, report, run)
    report.items.sort(key=lambda item: item.index)
    with transaction.atomic():
        data: dict[str, Any] = {
            "created": report.created,
            "updated": report.updated,
            "skipped": report.skipped,
            "errors": report.errors,
        }
        if feed is not None:
            data["closed"] = report.closed
            data["feed"] = feed.public_id
        audit.log(institution, "opening.imported", actor=user, data=data)
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
        if item.status != "created" or item.warnings or (run.total or 0) <= REPORT_ALL_UP_TO
    ]
    run.report = [*run.report, *listed]
    run.save(
        update_fields=["batches_done", "done", "counts", "report", "errors", "updated_at", "total"]
    )


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
    params: dict[str, Any] | None = None,
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
                **(params or {}),
            },
            input=text,
        )
        openings_import_job.enqueue(run.pk)
    run.refresh_from_db()
    return run


@task()
def openings_import_job(run_id: int) -> str:
    """The worker's side of `import_enqueue` (and of a feed's run): run or continue one."""
    run = JobRun.objects.filter(pk=run_id, kind=IMPORT_JOB).select_related("created_by").first()
    if run is None or run.is_finished:
        return "gone"
    institution = Institution.objects.get(pk=run.institution_id or 0)
    JobRun.objects.filter(pk=run.pk).update(status=JobRun.Status.RUNNING)
    run.status = JobRun.Status.RUNNING
    with translation.override(run.params.get("language") or settings.LANGUAGE_CODE):
        if run.params.get("feed"):
            from dualcareer.openings import feeds

            return feeds.feed_run(run, institution)
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
            run_failed(run, institution, error)
            return "failed"
    return "done"


def run_failed(run: JobRun, institution: Institution, error: BaseException) -> None:
    """Finish a run that stopped with an unexpected error: its report so far and an audit entry."""
    run.refresh_from_db()
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.FAILED,
        finished_at=timezone.now(),
        last_error=type(error).__name__[:100],
        input="",
    )
    counts = run.counts or {}
    audit.log(
        institution,
        "opening.import_failed",
        actor=run.created_by,
        data={
            "created": counts.get("created", 0),
            "updated": counts.get("updated", 0),
            "errors": counts.get("error", 0),
        },
    )


def _fetch_input(run: JobRun) -> bool:
    """Download the run's feed into `run.input`; on failure finish the run with the reason."""
    url = run.params.get("source_url", "")
    try:
        result = fetch(url)
    except FetchError as error:
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
    JobRun.objects.filter(pk=run.pk).update(input=result.text)
    run.input = result.text
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
    return ImportReport(items=[_stored_item(item) for item in run.report])


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
        "closed": run.counts.get("closed", 0),
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
