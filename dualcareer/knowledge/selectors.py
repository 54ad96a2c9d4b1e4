"""Reads of the knowledge pages, always scoped to the reader."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from dualcareer.accounts import permissions
from dualcareer.knowledge import access, search
from dualcareer.knowledge.models import (
    Area,
    Article,
    ArticleComment,
    ArticleDocument,
    ArticleVersion,
    AssessmentAnswer,
    Criterion,
    HelpfulMark,
    Post,
    Rating,
    SelfAssessment,
    StandardsCatalogue,
    Thread,
    Visibility,
)
from dualcareer.network.models import Institution, Network

# Below this many submitted self-assessments the benchmark shows nothing: with
# two, each member could read the other's answers off the counts.
BENCHMARK_MIN_SUBMISSIONS = 3


# --- the library -------------------------------------------------------------------------


def articles_visible(*, user: Any) -> QuerySet[Article]:
    """Public articles for everybody; members-only ones for members sharing a network with the
    author institution."""
    visible = Q(visibility=Visibility.PUBLIC)
    peers = access.peer_institution_ids(user)
    if peers:
        visible |= Q(institution_id__in=peers)
    return Article.objects.filter(visible)


def article_readable(*, user: Any, article: Article) -> bool:
    return articles_visible(user=user).filter(pk=article.pk).exists()


@dataclass(frozen=True)
class LibraryFilter:
    q: str = ""
    topic: str = ""
    language: str = ""
    sector: str = ""
    institution: str = ""


def article_list(*, user: Any, filters: LibraryFilter | None = None) -> QuerySet[Article]:
    """The library as `user` may read it, searched (stemmed, see `search`) and filtered."""
    filters = filters or LibraryFilter()
    articles = articles_visible(user=user).select_related("institution")
    if filters.q:
        condition = search.query_filter(filters.q)
        if condition is None:
            return articles.none()
        articles = articles.filter(condition)
    if filters.topic:
        # JSON containment differs between databases; topics are few, so match the code.
        articles = articles.filter(topics__icontains=f'"{filters.topic}"')
    if filters.language:
        articles = articles.filter(language__in=[filters.language, "both"])
    if filters.sector:
        articles = articles.filter(sector=filters.sector)
    if filters.institution:
        articles = articles.filter(institution__slug=filters.institution)
    return articles.annotate(
        helpful_count=Count("helpful_marks", distinct=True),
        document_count=Count("documents", distinct=True),
    ).order_by("-published_on", "-id")


def article_get(*, user: Any, public_id: Any) -> Article:
    """One article the user may read, or 404 (members-only ones are not revealed to outsiders)."""
    article = (
        articles_visible(user=user)
        .select_related("institution", "updated_by", "created_by")
        .filter(public_id=public_id)
        .first()
    )
    if article is None:
        raise Http404
    return article


def article_editable_get(*, user: Any, public_id: Any) -> Article:
    """An article the user may edit (its institution's writers, the coordinators), or 403/404."""
    article = article_get(user=user, public_id=public_id)
    if not permissions.has(user, "knowledge.write", article.institution):
        raise PermissionDenied("knowledge.write")
    return article


@dataclass
class ArticlePage:
    article: Article
    documents: list[ArticleDocument]
    comments: list[ArticleComment]
    versions: list[ArticleVersion]
    helpful_count: int
    marked_helpful: bool
    may_edit: bool
    may_comment: bool


def article_page(*, user: Any, article: Article) -> ArticlePage:
    """Everything the article page shows the reader."""
    is_member = access.is_member(user)
    return ArticlePage(
        article=article,
        documents=list(article.documents.all()),
        comments=list(article.comments.select_related("institution", "author"))
        if is_member
        else [],
        versions=list(article.versions.select_related("changed_by")) if is_member else [],
        helpful_count=article.helpful_marks.count(),
        marked_helpful=is_member
        and HelpfulMark.objects.filter(article=article, user=user).exists(),
        may_edit=permissions.has(user, "knowledge.write", article.institution),
        may_comment=bool(access.own_institution_ids(user, "knowledge.comment")),
    )


def document_get(*, user: Any, article: Article, public_id: Any) -> ArticleDocument:
    """An attached document of an article the user may read, or 404."""
    document = article.documents.filter(public_id=public_id).first()
    if document is None:
        raise Http404
    return document


def writable_institutions(*, user: Any) -> list[Institution]:
    """The institutions in whose name the user may publish articles."""
    return access.own_institutions(user, "knowledge.write")


def library_institutions(*, user: Any) -> list[Institution]:
    """The author institutions of the articles the user may read (for the filter)."""
    ids = articles_visible(user=user).values("institution_id")
    return list(Institution.objects.filter(pk__in=ids).order_by("name"))


# --- standards ----------------------------------------------------------------------------


def networks_with_standards(*, user: Any) -> list[Network]:
    """Networks whose standards the user may read: public ones, and those of their networks."""
    mine = access.member_network_ids(user)
    public = StandardsCatalogue.objects.filter(is_public=True).values("network_id")
    with_any = StandardsCatalogue.objects.values("network_id")
    return list(Network.objects.filter(pk__in=with_any).filter(Q(pk__in=mine) | Q(pk__in=public)))


@dataclass
class StandardsPage:
    network: Network
    catalogue: StandardsCatalogue | None
    areas: list[tuple[str, list[Criterion]]]
    guidelines: list[Any]
    versions: list[StandardsCatalogue]
    may_manage: bool


def _current_catalogue(network: Network) -> StandardsCatalogue | None:
    return (
        StandardsCatalogue.objects.filter(network=network)
        .filter(published_on__lte=timezone.localdate())
        .order_by("-number")
        .first()
    )


def standards_page(*, user: Any, network: Network, number: int | None = None) -> StandardsPage:
    """A network's standards (current or version `number`); public ones for everybody."""
    may_manage = access.coordinates(user, network) and permissions.has(
        user, "standards.manage", network
    )
    is_member = network.pk in access.member_network_ids(user)
    current = _current_catalogue(network)
    catalogue = current
    if number is not None:
        catalogue = StandardsCatalogue.objects.filter(network=network).filter(number=number).first()
    if current is not None and not (is_member or may_manage or current.is_public):
        raise Http404
    if catalogue is not None and not (is_member or may_manage or catalogue.is_public):
        raise Http404
    if number is not None and catalogue is None:
        raise Http404
    areas: list[tuple[str, list[Criterion]]] = []
    guidelines: list[Any] = []
    if catalogue is not None:
        criteria = list(catalogue.criteria.all())
        for code, label in Area.choices:
            in_area = [criterion for criterion in criteria if criterion.area == code]
            if in_area:
                areas.append((str(label), in_area))
        guidelines = list(catalogue.guidelines.all())
    versions = list(StandardsCatalogue.objects.filter(network=network).select_related("created_by"))
    if not (is_member or may_manage):
        versions = [version for version in versions if version.is_public]
    return StandardsPage(
        network=network,
        catalogue=catalogue,
        areas=areas,
        guidelines=guidelines,
        versions=versions,
        may_manage=may_manage,
    )


def network_get(*, slug: str) -> Network:
    network = Network.objects.select_related("coordinating_institution").filter(slug=slug).first()
    if network is None:
        raise Http404
    return network


def standards_item_get(*, user: Any, network: Network, kind: str, code: str) -> Any:
    """A criterion or guideline of the current version, for its coordinator to edit."""
    access.require_coordinator(user, network, "standards.manage")
    catalogue = _current_catalogue(network)
    if catalogue is None:
        raise Http404
    items = catalogue.criteria if kind == "criterion" else catalogue.guidelines
    item = items.filter(code=code).first()
    if item is None:
        raise Http404
    return item


# --- self-assessment ----------------------------------------------------------------------


def assessment_networks(*, user: Any) -> list[tuple[Network, Institution]]:
    """(network, institution) pairs the user assesses: own institutions in networks with
    standards."""
    own = access.own_institution_ids(user, "assessment.submit")
    if not own:
        return []
    from dualcareer.network.models import NetworkMembership

    memberships = (
        NetworkMembership.objects.current()
        .filter(institution_id__in=own)
        .filter(network__standards_catalogues__isnull=False)
        .select_related("network", "institution")
        .distinct()
        .order_by("network__name", "institution__name")
    )
    return [(membership.network, membership.institution) for membership in memberships]


def assessment_for_edit(
    *, user: Any, institution: Institution, network: Network, year: int
) -> tuple[SelfAssessment | None, list[Criterion], dict[int, AssessmentAnswer]]:
    """The user's own institution's assessment of `year` (or None) with the criteria to rate."""
    if institution.pk not in access.own_institution_ids(user, "assessment.submit"):
        raise PermissionDenied("assessment.submit")
    if institution.pk not in access.member_institution_ids_of(network):
        raise Http404
    assessment = SelfAssessment.objects.filter(
        institution=institution, network=network, year=year
    ).first()
    catalogue = assessment.catalogue if assessment else _current_catalogue(network)
    if catalogue is None:
        raise Http404
    criteria = list(catalogue.criteria.all())
    answers = (
        {answer.criterion_id: answer for answer in assessment.answers.all()} if assessment else {}
    )
    return assessment, criteria, answers


def institution_get(*, slug: str) -> Institution:
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None:
        raise Http404
    return institution


def own_assessments(*, user: Any) -> QuerySet[SelfAssessment]:
    """Every self-assessment of the user's own institutions, over the years."""
    own = access.own_institution_ids(user, "assessment.submit")
    return (
        SelfAssessment.objects.filter(institution_id__in=own)
        .select_related("institution", "network", "catalogue")
        .annotate(
            met=Count("answers", filter=Q(answers__rating=Rating.MET)),
            partly=Count("answers", filter=Q(answers__rating=Rating.PARTLY)),
            not_yet=Count("answers", filter=Q(answers__rating=Rating.NOT_YET)),
        )
        .order_by("-year", "network__name")
    )


def assessment_get(*, user: Any, public_id: Any) -> SelfAssessment:
    """One self-assessment: the institution's own officers, or any member of the network when
    the institution shared it as a best-practice example. Everybody else: 404."""
    assessment = (
        SelfAssessment.objects.select_related("institution", "network", "catalogue")
        .filter(public_id=public_id)
        .first()
    )
    if assessment is None:
        raise Http404
    own = assessment.institution_id in access.own_institution_ids(user, "assessment.submit")
    shared = (
        assessment.shared
        and assessment.is_submitted
        and assessment.network_id in access.member_network_ids(user)
    )
    if not (own or shared):
        raise Http404
    return assessment


def assessment_answers(*, assessment: SelfAssessment) -> list[AssessmentAnswer]:
    return list(assessment.answers.select_related("criterion"))


def shared_assessments(*, user: Any) -> QuerySet[SelfAssessment]:
    """Submitted self-assessments other members shared as best-practice examples."""
    return (
        SelfAssessment.objects.filter(
            shared=True,
            status=SelfAssessment.Status.SUBMITTED,
            network_id__in=access.member_network_ids(user),
        )
        .select_related("institution", "network")
        .order_by("-year", "institution__name")
    )


@dataclass
class SubmissionRow:
    institution: Institution
    status: str  # "submitted", "draft" or "" (none)
    submitted_at: Any = None


def submission_status(*, user: Any, network: Network, year: int) -> list[SubmissionRow]:
    """For the coordinator: which members have (not) submitted `year`'s self-assessment.

    Only the status: the answers stay with the member.
    """
    access.require_coordinator(user, network, "assessment.view_status")
    member_ids = access.member_institution_ids_of(network)
    members = Institution.objects.filter(pk__in=member_ids, offers_dual_career_service=True)
    status = {
        row.institution_id: row
        for row in SelfAssessment.objects.filter(network=network, year=year).only(
            "institution_id", "status", "submitted_at"
        )
    }
    rows = []
    for institution in members.order_by("name"):
        found = status.get(institution.pk)
        rows.append(
            SubmissionRow(
                institution=institution,
                status=found.status if found else "",
                submitted_at=found.submitted_at if found else None,
            )
        )
    return rows


# --- benchmark ------------------------------------------------------------------------------


@dataclass
class BenchmarkRow:
    criterion: Criterion
    counts: dict[str, int]
    total: int
    own_rating: str = ""

    @property
    def met_share(self) -> int:
        rated = self.total - self.counts.get(Rating.NOT_APPLICABLE, 0)
        return round(100 * self.counts.get(Rating.MET, 0) / rated) if rated else 0

    @property
    def segments(self) -> list[dict[str, Any]]:
        """The bar's parts (x offset and width in per cent of the submissions)."""
        parts, offset = [], 0.0
        for code, label in Rating.choices:
            count = self.counts.get(code, 0)
            width = 100.0 * count / self.total if self.total else 0.0
            parts.append(
                {"code": code, "label": label, "count": count, "x": offset, "width": width}
            )
            offset += width
        return parts


@dataclass
class Benchmark:
    network: Network
    year: int
    submissions: int
    enough: bool
    areas: list[tuple[str, list[BenchmarkRow]]] = field(default_factory=list)
    own_institution: Institution | None = None
    minimum: int = BENCHMARK_MIN_SUBMISSIONS


def benchmark(*, user: Any, network: Network, year: int) -> Benchmark:
    """Per criterion of the current standards: how many members meet it, with the reader's own
    rating marked. Counts only, from submitted self-assessments of `year`."""
    access.require_network_member(user, network, "benchmark.view")
    catalogue = _current_catalogue(network)
    submitted = SelfAssessment.objects.filter(
        network=network, year=year, status=SelfAssessment.Status.SUBMITTED
    )
    count = submitted.count()
    result = Benchmark(
        network=network, year=year, submissions=count, enough=count >= BENCHMARK_MIN_SUBMISSIONS
    )
    own_ids = access.own_institution_ids(
        user, "assessment.submit"
    ) & access.member_institution_ids_of(network)
    own = submitted.filter(institution_id__in=own_ids).select_related("institution").first()
    result.own_institution = own.institution if own else None
    if catalogue is None or not result.enough:
        return result
    counts: dict[str, Counter[str]] = {}
    for code, rating in AssessmentAnswer.objects.filter(assessment__in=submitted).values_list(
        "criterion__code", "rating"
    ):
        counts.setdefault(code, Counter())[rating] += 1
    own_ratings: dict[str, str] = {}
    if own is not None:
        own_ratings = dict(own.answers.values_list("criterion__code", "rating"))
    criteria = list(catalogue.criteria.all())
    for code, label in Area.choices:
        rows = [
            BenchmarkRow(
                criterion=criterion,
                counts=dict(counts.get(criterion.code, Counter())),
                total=count,
                own_rating=own_ratings.get(criterion.code, ""),
            )
            for criterion in criteria
            if criterion.area == code
        ]
        if rows:
            result.areas.append((str(label), rows))
    return result


def benchmark_networks(*, user: Any) -> list[Network]:
    ids = access.member_network_ids(user, "benchmark.view")
    with_standards = StandardsCatalogue.objects.values("network_id")
    return list(Network.objects.filter(pk__in=ids).filter(pk__in=with_standards))


# --- discussions -------------------------------------------------------------------------------


def discussion_networks(*, user: Any) -> list[Network]:
    return list(Network.objects.filter(pk__in=access.member_network_ids(user)).order_by("name"))


def thread_list(*, user: Any) -> QuerySet[Thread]:
    """Discussions of the user's networks; hidden ones only to the network's coordinators."""
    networks = access.member_network_ids(user)
    if not networks:
        raise PermissionDenied("knowledge.read")
    coordinated = permissions.network_ids_coordinated_by(user) & networks
    return (
        Thread.objects.filter(network_id__in=networks)
        .filter(Q(is_hidden=False) | Q(network_id__in=coordinated))
        .select_related("network", "institution")
        .annotate(post_count=Count("posts", filter=Q(posts__is_hidden=False)))
        .order_by("-last_post_at", "-id")
    )


def thread_get(*, user: Any, public_id: Any) -> Thread:
    thread = thread_list(user=user).filter(public_id=public_id).first()
    if thread is None:
        raise Http404
    return thread


def thread_posts(*, user: Any, thread: Thread) -> list[Post]:
    """The posts; hidden ones only for the coordinators (who see them marked)."""
    posts = thread.posts.select_related("author", "institution")
    if not access.coordinates(user, thread.network):
        posts = posts.filter(is_hidden=False)
    return list(posts)


def post_get(*, user: Any, thread: Thread, pk: int) -> Post:
    post = thread.posts.filter(pk=pk).first()
    if post is None:
        raise Http404
    return post


def may_moderate(*, user: Any, network: Network) -> bool:
    return access.coordinates(user, network) and permissions.has(
        user, "knowledge.moderate", network
    )


def has_comment_rights(*, user: Any) -> bool:
    return bool(access.own_institution_ids(user, "knowledge.comment"))


__all__ = ["BENCHMARK_MIN_SUBMISSIONS", "Exists", "OuterRef", "Prefetch"]
