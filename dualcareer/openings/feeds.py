"""Members' job feeds: registered once, fetched on a schedule, their openings kept in sync.

A feed is an address of one of four kinds (`FeedKind`): a career page with
JobPosting markup (JSON-LD, Microdata, RDFa), a sitemap of posting pages, a
JSON feed of JobPostings, or the public XML feed of the applicant-tracking
system Personio (`https://{company}.jobs.personio.de/xml`, documented at
developer.personio.de, "Retrieving open positions": `<workzag-jobs>` with one
`<position>` per job: id, subcompany, office, additionalOffices, department,
recruitingCategory, name, jobDescriptions, employmentType, seniority,
schedule, yearsOfExperience, keywords, occupation, createdAt).

The scheduler runs `manage.py feeds_sync` (cron, see docs/operations.md): it
queues one job per active feed (`feeds_enqueue_due`); the worker runs it
(`feed_run`, through `importing.openings_import_job`, so a run has the
import's progress and report page). A run sends the feed's last ETag and
Last-Modified back (a conditional request): an unchanged feed answers 304
and nothing is parsed. Openings the feed no longer carries are closed
(unpublished, not deleted). A run that cannot read the feed counts as a
failure; after `FLAG_AFTER` failures in a row the feed is flagged and its
owner e-mailed once, in their language.
"""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from lxml import etree

from dualcareer.accounts import permissions
from dualcareer.core import audit
from dualcareer.core.mail import send_templated
from dualcareer.core.models import JobRun
from dualcareer.network.models import Institution
from dualcareer.openings import importing
from dualcareer.openings.extraction import ItemError, documents_from_text, walk
from dualcareer.openings.fetching import FetchError, FetchResult, check_url, fetch
from dualcareer.openings.models import FeedKind, FeedSource, Visibility

FLAG_AFTER = 3  # failed runs in a row before the feed is flagged and its owner told
MAX_FEEDS_PER_INSTITUTION = 20
MAX_SITEMAP_PAGES = 200  # posting pages read per run of a sitemap feed

_ACCEPT: dict[str, str] = {
    FeedKind.PAGE: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    FeedKind.SITEMAP: "application/xml, text/xml;q=0.9, */*;q=0.5",
    FeedKind.JSON: "application/ld+json, application/json;q=0.9, */*;q=0.5",
    FeedKind.PERSONIO: "application/xml, text/xml;q=0.9, */*;q=0.5",
}


# --- registering -------------------------------------------------------------


def feed_register(
    *, user: Any, institution: Institution, url: str, kind: str, visibility: str
) -> FeedSource:
    """Register a job feed of `institution`; its first run is queued at once."""
    permissions.require(user, "opening.import", institution)
    permissions.require(user, "opening.create", institution)
    if kind not in FeedKind.values:
        raise ValidationError({"kind": _("Choose a kind of feed.")})
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose a visibility.")})
    url = url.strip()
    try:
        check_url(url)
    except FetchError as error:
        raise ValidationError(
            {"url": _("The address could not be read: %(reason)s") % {"reason": error}}
        ) from error
    if FeedSource.objects.filter(institution=institution, url=url).exists():
        raise ValidationError({"url": _("This feed is registered already.")})
    if FeedSource.objects.filter(institution=institution).count() >= MAX_FEEDS_PER_INSTITUTION:
        raise ValidationError(
            {"url": _("At most %(n)s feeds per employer.") % {"n": MAX_FEEDS_PER_INSTITUTION}}
        )
    with transaction.atomic():
        feed = FeedSource.objects.create(
            institution=institution, created_by=user, url=url, kind=kind, visibility=visibility
        )
        audit.log(
            feed, "feed.registered", actor=user, data={"kind": kind, "visibility": visibility}
        )
    feed_enqueue(feed=feed)
    return feed


def feed_delete(*, user: Any, feed: FeedSource) -> None:
    """Remove a feed; its openings stay (no longer synchronised)."""
    permissions.require(user, "opening.import", feed.institution)
    with transaction.atomic():
        audit.log(
            feed.institution,
            "feed.removed",
            actor=user,
            data={"feed": feed.public_id, "kind": feed.kind},
        )
        feed.delete()


def feed_run_now(*, user: Any, feed: FeedSource) -> JobRun:
    """Queue a run of the feed at once (the page's "fetch now")."""
    permissions.require(user, "opening.import", feed.institution)
    return feed_enqueue(feed=feed)


# --- scheduling --------------------------------------------------------------


def _owner_language(feed: FeedSource) -> str:
    owner = feed.created_by
    return (getattr(owner, "language", "") or settings.LANGUAGE_CODE) if owner else "de"


def feed_enqueue(*, feed: FeedSource) -> JobRun:
    """Queue one run of `feed` (or return the one already waiting or running)."""
    with transaction.atomic():
        waiting = (
            JobRun.objects.select_for_update()
            .filter(
                kind=importing.IMPORT_JOB,
                institution_id=feed.institution_id,
                status__in=[JobRun.Status.QUEUED, JobRun.Status.RUNNING],
                params__feed=feed.pk,
            )
            .first()
        )
        if waiting is not None:
            return waiting
        run = JobRun.objects.create(
            kind=importing.IMPORT_JOB,
            created_by=feed.created_by,
            institution_id=feed.institution_id,
            params={
                "feed": feed.pk,
                "feed_id": str(feed.public_id),
                "visibility": feed.visibility,
                "source_url": feed.url,
                "language": _owner_language(feed),
            },
        )
        FeedSource.objects.filter(pk=feed.pk).update(last_run=run)
        importing.openings_import_job.enqueue(run.pk)
    run.refresh_from_db()
    return run


def feeds_enqueue_due() -> int:
    """Queue a run of every active feed (the scheduler's `feeds_sync`); return how many."""
    count = 0
    for feed in FeedSource.objects.filter(is_active=True).select_related("created_by"):
        feed_enqueue(feed=feed)
        count += 1
    return count


# --- one run (the worker) ----------------------------------------------------


def feed_run(run: JobRun, institution: Institution) -> str:
    """Fetch the run's feed and import it; 304 ends the run without reading anything."""
    feed = FeedSource.objects.filter(pk=run.params.get("feed")).select_related("created_by").first()
    if feed is None:
        _finish_run(run, [_item(0, "", "error", _("the feed was removed"))])
        return "gone"
    now = timezone.now()
    # A run that continues an interrupted one reads the whole feed again.
    conditional = not run.batches_done
    try:
        result = fetch(
            feed.url,
            etag=feed.etag if conditional else "",
            last_modified=feed.last_modified if conditional else "",
            accept=_ACCEPT.get(feed.kind, "*/*"),
        )
        if result.not_modified:
            FeedSource.objects.filter(pk=feed.pk).update(
                last_checked_at=now, last_success_at=now, failures=0, flagged_at=None, last_error=""
            )
            _finish_run(
                run, [_item(0, "", "skipped", _("unchanged since the last run (304): not read"))]
            )
            return "not_modified"
        documents, report_others, source_url = _documents(feed, result)
        report = importing.openings_import(
            user=run.created_by,
            institution=institution,
            text="",
            documents=documents,
            report_others=report_others,
            visibility=feed.visibility,
            source_url=source_url,
            run=run,
            feed=feed,
        )
    except (FetchError, ItemError) as error:
        return _failed(feed, run, str(error))
    except Exception as error:  # an unexpected error: the run's report so far, audited
        importing.run_failed(run, institution, error)
        _count_failure(feed, type(error).__name__)
        return "failed"
    unreadable = [item for item in report.items if item.index == 0 and item.status == "error"]
    if unreadable:
        _count_failure(feed, unreadable[0].reason)
        return "failed"
    FeedSource.objects.filter(pk=feed.pk).update(
        etag=result.etag,
        last_modified=result.last_modified,
        last_checked_at=now,
        last_success_at=now,
        failures=0,
        flagged_at=None,
        last_error="",
    )
    return "done"


def _item(index: int, reference: str, status: str, reason: str) -> dict[str, Any]:
    return {"index": index, "reference": reference, "status": status, "reason": reason}


def _finish_run(run: JobRun, items: list[dict[str, Any]]) -> None:
    counts: dict[str, int] = {}
    for item in items:
        counts[item["status"]] = counts.get(item["status"], 0) + 1
    JobRun.objects.filter(pk=run.pk).update(
        status=JobRun.Status.DONE,
        finished_at=timezone.now(),
        total=len(items),
        done=len(items),
        errors=counts.get("error", 0),
        counts=counts,
        report=items,
        input="",
    )


def _failed(feed: FeedSource, run: JobRun, reason: str) -> str:
    message = _("The feed could not be read: %(reason)s") % {"reason": reason}
    _finish_run(run, [_item(0, feed.url[:200], "error", message)])
    _count_failure(feed, reason)
    return "failed"


def _count_failure(feed: FeedSource, reason: str) -> None:
    """One more failure in a row; at FLAG_AFTER the feed is flagged and its owner e-mailed."""
    with transaction.atomic():
        feed = (
            FeedSource.objects.select_for_update(of=("self",))
            .select_related("created_by")
            .get(pk=feed.pk)
        )
        feed.failures += 1
        feed.last_checked_at = timezone.now()
        feed.last_error = reason[:300]
        flag = feed.failures >= FLAG_AFTER and feed.flagged_at is None
        if flag:
            feed.flagged_at = timezone.now()
        feed.save(update_fields=["failures", "last_checked_at", "last_error", "flagged_at"])
        if flag:
            audit.log(feed, "feed.flagged", data={"failures": feed.failures})
            owner = feed.created_by
            if owner is not None and owner.is_active and owner.email:
                language = _owner_language(feed)
                with translation.override(language):
                    path = reverse("openings:feeds")
                send_templated(
                    to=owner.email,
                    language=language,
                    template="openings/mail/feed_flagged",
                    context={
                        "feed": feed,
                        "failures": feed.failures,
                        "reason": feed.last_error,
                        "url": settings.SITE_URL.rstrip("/") + path,
                    },
                    institution_id=feed.institution_id,
                )


# --- the kinds of feeds ------------------------------------------------------


def _documents(feed: FeedSource, result: FetchResult) -> tuple[list[Any], bool, str]:
    """(documents, whether non-postings are reported, source address) of one answer."""
    if feed.kind == FeedKind.PERSONIO:
        return personio_postings(result.body, feed.url), True, ""
    if feed.kind == FeedKind.SITEMAP:
        return _sitemap_documents(result.body, result.url or feed.url), False, ""
    documents = documents_from_text(result.text, base_url=result.url or feed.url)
    return documents, feed.kind == FeedKind.JSON, feed.url


def _xml_root(body: bytes) -> Any:
    """A parsed XML document, without entities, DTDs or network (XXE-safe)."""
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(body, parser)
    except etree.LxmlError as error:
        raise ItemError(_("not a readable XML document")) from error
    if root is None:
        raise ItemError(_("not a readable XML document"))
    return root


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def sitemap_urls(body: bytes, base_url: str) -> list[str]:
    """The page addresses of a sitemap (`<urlset><url><loc>`), at most MAX_SITEMAP_PAGES."""
    root = _xml_root(body)
    if _local(root.tag) == "sitemapindex":
        raise ItemError(_("a sitemap index: register one of the sitemaps it lists"))
    if _local(root.tag) != "urlset":
        raise ItemError(_("not a sitemap (no <urlset>)"))
    urls: list[str] = []
    for element in root.iter():
        if _local(element.tag) == "loc" and element.text and element.text.strip():
            url = urljoin(base_url, element.text.strip())
            if url.startswith(("https://", "http://")) and url not in urls:
                urls.append(url)
        if len(urls) >= MAX_SITEMAP_PAGES:
            break
    return urls


def _sitemap_documents(body: bytes, base_url: str) -> list[Any]:
    """The postings of every page a sitemap lists; a page that fails is one reported item."""
    documents: list[Any] = []
    for url in sitemap_urls(body, base_url):
        try:
            page = fetch(url, accept=_ACCEPT[FeedKind.PAGE])
            found = documents_from_text(page.text, base_url=url)
        except (FetchError, ItemError) as error:
            documents.append(
                ItemError(_("%(url)s: %(reason)s") % {"url": url[:200], "reason": error})
            )
            continue
        for document in found:
            for posting in walk(document, False):
                if isinstance(posting, dict) and not posting.get("url"):
                    posting = {**posting, "url": url}  # the page is the posting's address
                documents.append(posting)
    return documents


_PERSONIO_EMPLOYMENT = {
    "permanent": "PERMANENT",
    "intern": "INTERN",
    "trainee": "INTERN",
    "freelance": "CONTRACTOR",
}


def personio_postings(body: bytes, feed_url: str) -> list[Any]:
    """The positions of a Personio XML feed as JobPostings (one per `<position>`)."""
    root = _xml_root(body)
    if _local(root.tag) != "workzag-jobs":
        raise ItemError(_("not a Personio job feed (no <workzag-jobs>)"))
    parts = urlsplit(feed_url)
    base = f"{parts.scheme}://{parts.netloc}"
    postings: list[Any] = []
    for position in root.iter("position"):

        def text(tag: str, node: Any = position) -> str:
            return (node.findtext(tag) or "").strip()

        identifier = text("id")
        offices = [text("office")] + [
            (office.text or "").strip() for office in position.findall("additionalOffices/office")
        ]
        places: list[str] = []
        remote = False
        for office in offices:
            town = re.sub(r"\s*\(.*?\)\s*$", "", office).strip()
            if town.casefold() in {"remote", "homeoffice", "home office", "mobiles arbeiten"}:
                remote = True
            elif town and town not in places:
                places.append(town)
        blocks = []
        for block in position.findall("jobDescriptions/jobDescription"):
            heading = html.escape(text("name", block))
            blocks.append(f"<h3>{heading}</h3>{text('value', block)}")
        employment = [
            value
            for value in (
                _PERSONIO_EMPLOYMENT.get(text("employmentType")),
                text("schedule").upper().replace("-", "_") or None,
            )
            if value
        ]
        posting: dict[str, Any] = {
            "@type": "JobPosting",
            "title": text("name"),
            "description": "".join(blocks),
            "employmentType": employment,
            "jobLocation": [{"address": {"addressLocality": town}} for town in places],
            "datePosted": text("createdAt")[:10],
        }
        if remote and not places:
            posting["jobLocationType"] = "TELECOMMUTE"
        if identifier:
            posting["identifier"] = f"personio:{identifier}"
            posting["url"] = f"{base}/job/{identifier}"
        if text("subcompany"):
            posting["hiringOrganization"] = {"name": text("subcompany")}
        postings.append(posting)
    return postings
