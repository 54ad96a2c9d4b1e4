"""Every write of the knowledge app (see development.md: permission, transaction, audit, e-mail)."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, User
from dualcareer.core import audit, files, mail, uploads
from dualcareer.knowledge import access, search
from dualcareer.knowledge.extraction import ExtractionError, extract_text
from dualcareer.knowledge.models import (
    Area,
    Article,
    ArticleComment,
    ArticleDocument,
    ArticleVersion,
    AssessmentAnswer,
    ContentLanguage,
    Criterion,
    DigestReceipt,
    Guideline,
    HelpfulMark,
    Post,
    Rating,
    SelfAssessment,
    StandardsCatalogue,
    Thread,
    Topic,
    Visibility,
)
from dualcareer.network.models import Institution, Network, Sector
from dualcareer.network.validation import plain_text_errors

logger = logging.getLogger(__name__)

MAX_TEXT = 50_000
MAX_DOCUMENTS = 10
DOCUMENT_KINDS = (uploads.PDF, uploads.DOCX, uploads.PPTX)
ARTICLE_FIELDS = ("title", "summary", "body", "language", "topics", "sector", "visibility")


def _required(values: Mapping[str, Any], names: Iterable[str]) -> dict[str, str]:
    return {
        name: _("This field is required.")
        for name in names
        if not str(values.get(name) or "").strip()
    }


def _absolute(path_name: str, *, language: str, **kwargs: Any) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(path_name, kwargs=kwargs or None)


# --- the library: articles ---------------------------------------------------------------


@dataclass
class ArticleInput:
    """What an author writes; the service checks every rule again."""

    title: str
    body: str
    summary: str = ""
    language: str = ContentLanguage.GERMAN
    topics: list[str] = field(default_factory=list)
    sector: str = ""
    visibility: str = Visibility.MEMBERS
    published_on: dt.date | None = None


class EditConflict(ValidationError):
    """The article was changed by someone else since the editor loaded it."""

    def __init__(self, article: Article) -> None:
        changed_by = article.updated_by.get_full_name() if article.updated_by else ""
        when = formats.date_format(timezone.localtime(article.updated_at), "DATETIME_FORMAT")
        super().__init__(
            _(
                "This article was changed by %(name)s at %(time)s (now version %(version)s) "
                "while you were editing it. Your changes were not saved. Please look at "
                "the current text and make your changes again."
            )
            % {"name": changed_by or _("someone else"), "time": when, "version": article.version},
            code="edit_conflict",
        )
        self.current_version = article.version


def _clean_article(values: ArticleInput) -> dict[str, Any]:
    data = {
        "title": values.title.strip(),
        "summary": values.summary.strip(),
        "body": values.body.strip(),
        "language": values.language,
        "topics": list(dict.fromkeys(values.topics)),
        "sector": values.sector or "",
        "visibility": values.visibility,
    }
    errors = plain_text_errors({k: data[k] for k in ("title", "summary", "body")})
    errors |= _required(data, ("title", "body"))
    if len(data["title"]) > 200:
        errors["title"] = _("The title is too long (200 characters at most).")
    if len(data["summary"]) > 500:
        errors["summary"] = _("The summary is too long (500 characters at most).")
    if len(data["body"]) > MAX_TEXT:
        errors["body"] = _("The text is too long.")
    if data["language"] not in ContentLanguage.values:
        errors["language"] = _("Choose German, English or both.")
    if any(topic not in Topic.values for topic in data["topics"]):
        errors["topics"] = _("Choose topics from the list.")
    if data["sector"] and data["sector"] not in Sector.values:
        errors["sector"] = _("Choose a sector from the list.")
    if data["visibility"] not in Visibility.values:
        errors["visibility"] = _("Choose who may read the article.")
    if errors:
        raise ValidationError(errors)
    return data


def _snapshot(article: Article, *, actor: Any, changed: list[str]) -> ArticleVersion:
    return ArticleVersion.objects.create(
        article=article,
        number=article.version,
        changed_fields=changed,
        changed_by=actor,
        **{name: getattr(article, name) for name in ARTICLE_FIELDS},
    )


def article_reindex(article: Article) -> None:
    """Store the stems of the article's text and of its documents' extracted text."""
    texts = [article.title, article.summary, article.body]
    texts += list(article.documents.values_list("text", flat=True))
    Article.objects.filter(pk=article.pk).update(search_stems=search.stem_text(texts))


def article_create(
    *,
    actor: User,
    institution: Institution,
    values: ArticleInput,
    documents: Sequence[Any] = (),
) -> Article:
    """Publish an article in the name of the actor's own institution (with documents)."""
    if institution.pk not in access.own_institution_ids(actor, "knowledge.write"):
        raise PermissionDenied("knowledge.write")
    data = _clean_article(values)
    kinds = _check_documents(documents, existing=0)
    with uploads.StoredFiles() as stored, transaction.atomic():
        article = Article.objects.create(
            institution=institution,
            published_on=values.published_on or timezone.localdate(),
            created_by=actor,
            updated_by=actor,
            **data,
        )
        _snapshot(article, actor=actor, changed=list(ARTICLE_FIELDS))
        for upload, kind in zip(documents, kinds, strict=True):
            _store_document(article=article, upload=upload, kind=kind, actor=actor, stored=stored)
        article_reindex(article)
        audit.log(
            article,
            "article.published",
            actor=actor,
            data={"visibility": article.visibility, "documents": len(kinds)},
        )
    return article


def article_update(
    *,
    actor: User,
    article: Article,
    values: ArticleInput,
    expected_version: int,
    documents: Sequence[Any] = (),
) -> Article:
    """Save a new version of the article; refuse it if someone saved in between.

    `expected_version` is the version the editor loaded (a hidden field of
    the form): if the stored article has moved on, `EditConflict` is raised
    and nothing is written.
    """
    permissions.require(actor, "knowledge.write", article.institution)
    data = _clean_article(values)
    with uploads.StoredFiles() as stored, transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.version != expected_version:
            raise EditConflict(current)
        kinds = _check_documents(documents, existing=current.documents.count())
        changed = [name for name in ARTICLE_FIELDS if getattr(current, name) != data[name]]
        if not changed and not kinds:
            return current
        for name, value in data.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_by = actor
        current.save()
        if kinds:
            changed.append("documents")
        _snapshot(current, actor=actor, changed=changed)
        for upload, kind in zip(documents, kinds, strict=True):
            _store_document(article=current, upload=upload, kind=kind, actor=actor, stored=stored)
        article_reindex(current)
        audit.log(
            current,
            "article.updated",
            actor=actor,
            data={"version": current.version, "fields": changed},
        )
    return current


# --- attached documents ---------------------------------------------------------------


def _check_documents(documents: Sequence[Any], *, existing: int) -> list[str]:
    if existing + len(documents) > MAX_DOCUMENTS:
        raise ValidationError(
            {
                "documents": _("An article has at most %(count)s documents.")
                % {"count": MAX_DOCUMENTS}
            }
        )
    kinds = []
    for upload in documents:
        try:
            kinds.append(uploads.validate_document(upload, kinds=DOCUMENT_KINDS))
        except ValidationError as error:
            name = str(getattr(upload, "name", "") or "")[:100]
            raise ValidationError(
                {"documents": [f"{name}: {message}" for message in error.messages]}
            ) from error
    return kinds


def _store_document(
    *, article: Article, upload: Any, kind: str, actor: Any, stored: uploads.StoredFiles
) -> ArticleDocument:
    name = str(getattr(upload, "name", "") or f"document.{kind}").rsplit("/", 1)[-1][:200]
    document = ArticleDocument(
        article=article,
        kind=kind,
        original_name=name,
        size=int(getattr(upload, "size", 0) or 0),
        uploaded_by=actor,
    )
    # A write failing half-way leaves nothing; a full disk is a message at the field.
    stored.add(document.file, uploads.store(document.file, upload, field="documents", name=name))
    document.save()
    audit.log(document, "article_document.added", actor=actor, data={"kind": kind})
    transaction.on_commit(lambda: document_extract.enqueue(document.pk))
    return document


def document_add(*, actor: User, article: Article, upload: Any) -> ArticleDocument:
    """Attach one document (PDF, DOCX, PPTX) to an article; its text is read in the background."""
    permissions.require(actor, "knowledge.write", article.institution)
    with uploads.StoredFiles() as stored, transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        (kind,) = _check_documents([upload], existing=locked.documents.count())
        document = _store_document(
            article=locked, upload=upload, kind=kind, actor=actor, stored=stored
        )
        Article.objects.filter(pk=locked.pk).update(updated_by=actor)
    return document


def document_remove(*, actor: User, document: ArticleDocument) -> None:
    """Remove an attached document (its file goes when the change commits)."""
    permissions.require(actor, "knowledge.write", document.article.institution)
    with transaction.atomic():
        article = document.article
        audit.log(document, "article_document.removed", actor=actor, data={"kind": document.kind})
        files.delete_on_commit(document.file)
        document.delete()
        article_reindex(article)


@task()
def document_extract(document_id: int) -> str:
    """Read the text of an attached document and add it to its article's search stems."""
    document = ArticleDocument.objects.select_related("article").filter(pk=document_id).first()
    if document is None:
        return "gone"
    try:
        with document.file.open("rb") as handle:
            data = handle.read()
        text = extract_text(data, document.kind)
        status = ArticleDocument.Extraction.DONE
    except (ExtractionError, OSError) as error:
        logger.warning("document text could not be read: %s", type(error).__name__)
        text, status = "", ArticleDocument.Extraction.FAILED
    with transaction.atomic():
        ArticleDocument.objects.filter(pk=document.pk).update(text=text, extraction=status)
        article_reindex(document.article)
        audit.log(document, "article_document.extracted", data={"status": status})
    return str(status)


# --- comments, questions, helpful marks ---------------------------------------------------


def _author_institution(actor: Any, perm: str, among: set[int] | None = None) -> Institution:
    ids = access.own_institution_ids(actor, perm)
    if among is not None:
        ids &= among
    institution = Institution.objects.filter(pk__in=ids).order_by("name").first()
    if institution is None:
        raise PermissionDenied(perm)
    return institution


def _require_readable(actor: Any, article: Article) -> None:
    from dualcareer.knowledge.selectors import article_readable

    if not article_readable(user=actor, article=article):
        raise PermissionDenied("knowledge.read")


def comment_add(*, actor: User, article: Article, body: str, kind: str) -> ArticleComment:
    """A member comments on an article or asks its authors a question (they are e-mailed)."""
    _require_readable(actor, article)
    institution = _author_institution(actor, "knowledge.comment")
    body = body.strip()
    errors = plain_text_errors({"body": body}) | _required({"body": body}, ["body"])
    if len(body) > 5000:
        errors["body"] = _("The text is too long.")
    if kind not in ArticleComment.Kind.values:
        errors["kind"] = _("Choose comment or question.")
    if errors:
        raise ValidationError(errors)
    outbox = mail.Outbox()
    with transaction.atomic():
        comment = ArticleComment.objects.create(
            article=article, author=actor, institution=institution, kind=kind, body=body
        )
        audit.log(
            comment,
            "article_comment.added",
            actor=actor,
            institution_id=institution.pk,
            data={"article_id": article.pk, "kind": kind},
        )
        if kind == ArticleComment.Kind.QUESTION:
            for user in _article_authors(article, exclude=actor):
                outbox.add(
                    to=user.email,
                    language=user.language,
                    template="knowledge/mail/question",
                    context={
                        "article_title": article.title,
                        "institution": institution.name,
                        "url": _absolute(
                            "knowledge:article_detail",
                            language=user.language,
                            public_id=article.public_id,
                        ),
                    },
                    institution_id=article.institution_id,
                )
    outbox.send()
    return comment


def _article_authors(article: Article, *, exclude: Any) -> list[User]:
    ids = {article.created_by_id, article.updated_by_id} - {None, exclude.pk}
    return list(User.objects.filter(pk__in=ids, is_active=True))


def helpful_toggle(*, actor: User, article: Article) -> bool:
    """Mark the article helpful, or take the mark back; return whether it is marked now."""
    _require_readable(actor, article)
    if not access.own_institution_ids(actor, "knowledge.comment"):
        raise PermissionDenied("knowledge.comment")
    with transaction.atomic():
        deleted, _rows = HelpfulMark.objects.filter(article=article, user=actor).delete()
        if not deleted:
            HelpfulMark.objects.create(article=article, user=actor)
        audit.log(article, "article.helpful_marked", actor=actor, data={"marked": not deleted})
    return not deleted


# --- the digest ---------------------------------------------------------------------------


def _digest_recipients() -> list[User]:
    roles = set()
    for perm in ("knowledge.read",):
        roles |= set(permissions.roles_with(perm))
    user_ids = InstitutionRole.objects.filter(role__in=roles, user__is_active=True).values(
        "user_id"
    )
    return list(User.objects.filter(pk__in=user_ids).order_by("pk"))


def digest_send(*, now: dt.datetime | None = None, days: int = 7) -> int:
    """E-mail every member the articles that are new to them since their last digest.

    New: published after the member's last digest (at most `days` back) and
    readable by them. Members with nothing new get no e-mail. Returns the
    number of e-mails queued. Run weekly (`manage.py knowledge_digest`).
    """
    from dualcareer.knowledge.selectors import articles_visible

    now = now or timezone.now()
    floor = now - dt.timedelta(days=days)
    sent = 0
    for user in _digest_recipients():
        receipt = DigestReceipt.objects.filter(user=user).first()
        since = max(receipt.last_sent_at, floor) if receipt else floor
        new = list(
            articles_visible(user=user)
            .filter(created_at__gt=since, created_at__lte=now)
            .select_related("institution")[:30]
        )
        if not new:
            continue
        items = []
        for article in new:
            items.append(
                {
                    "title": article.title,
                    "institution": article.institution.display_name,
                    "url": _absolute(
                        "knowledge:article_detail",
                        language=user.language,
                        public_id=article.public_id,
                    ),
                }
            )
        outbox = mail.Outbox()
        with transaction.atomic():
            outbox.add(
                to=user.email,
                language=user.language,
                template="knowledge/mail/digest",
                context={
                    "articles": items,
                    "library_url": _absolute("knowledge:library", language=user.language),
                },
            )
            DigestReceipt.objects.update_or_create(user=user, defaults={"last_sent_at": now})
            audit.log(user, "knowledge_digest.sent", data={"articles": len(items)})
        outbox.send()
        sent += 1
    return sent


@task()
def digest_job() -> int:
    """The weekly digest as a background job."""
    return digest_send()


# --- standards and guidelines ----------------------------------------------------------------

CRITERION_FIELDS = (
    "title_de",
    "title_en",
    "explanation_de",
    "explanation_en",
    "examples_de",
    "examples_en",
)


def current_catalogue(network: Network) -> StandardsCatalogue | None:
    return (
        StandardsCatalogue.objects.filter(network=network)
        .filter(published_on__lte=timezone.localdate())
        .order_by("-number")
        .first()
    )


def _clean_item(values: Mapping[str, Any], *, with_area: bool) -> dict[str, Any]:
    data: dict[str, Any] = {name: str(values.get(name) or "").strip() for name in CRITERION_FIELDS}
    errors = plain_text_errors(data) | _required(data, ("title_de", "title_en"))
    code = str(values.get("code") or "").strip().upper()
    if not code or len(code) > 12 or not code.replace("-", "").replace(".", "").isalnum():
        errors["code"] = _("Enter a short code of letters and digits, for example A1.")
    if with_area:
        data["area"] = str(values.get("area") or "")
        if data["area"] not in Area.values:
            errors["area"] = _("Choose an area from the list.")
    if errors:
        raise ValidationError(errors)
    data["code"] = code
    data["order"] = int(values.get("order") or 0)
    return data


def catalogue_publish(
    *,
    network: Network,
    actor: User,
    criteria: Sequence[Mapping[str, Any]],
    guidelines: Sequence[Mapping[str, Any]],
    is_public: bool,
) -> StandardsCatalogue:
    """Publish a complete new version of the network's standards and guidelines."""
    access.require_coordinator(actor, network, "standards.manage")
    cleaned_criteria = [_clean_item(values, with_area=True) for values in criteria]
    cleaned_guidelines = [_clean_item(values, with_area=False) for values in guidelines]
    for items in (cleaned_criteria, cleaned_guidelines):
        codes = [item["code"] for item in items]
        if len(codes) != len(set(codes)):
            raise ValidationError({"code": _("Each code may be used once.")})
    return _publish(
        network=network,
        actor=actor,
        criteria=cleaned_criteria,
        guidelines=cleaned_guidelines,
        is_public=is_public,
        change="published",
    )


def _publish(
    *,
    network: Network,
    actor: User,
    criteria: list[dict[str, Any]],
    guidelines: list[dict[str, Any]],
    is_public: bool,
    change: str,
) -> StandardsCatalogue:
    with transaction.atomic():
        Network.objects.select_for_update().get(pk=network.pk)
        last = (
            StandardsCatalogue.objects.filter(network=network).aggregate(last=Max("number"))["last"]
            or 0
        )
        catalogue = StandardsCatalogue.objects.create(
            network=network,
            number=last + 1,
            published_on=timezone.localdate(),
            is_public=is_public,
            created_by=actor,
        )
        Criterion.objects.bulk_create(Criterion(catalogue=catalogue, **item) for item in criteria)
        Guideline.objects.bulk_create(Guideline(catalogue=catalogue, **item) for item in guidelines)
        audit.log(
            catalogue,
            "standards.published",
            actor=actor,
            institution_id=network.coordinating_institution_id,
            data={"network_id": network.pk, "number": catalogue.number, "change": change},
        )
    return catalogue


def _rows(queryset: Any, fields: Iterable[str]) -> list[dict[str, Any]]:
    return [
        {name: getattr(item, name) for name in fields}
        for item in queryset.order_by("order", "code")
    ]


def standards_item_save(
    *,
    network: Network,
    actor: User,
    kind: str,
    values: Mapping[str, Any],
    original_code: str = "",
) -> StandardsCatalogue:
    """Change or add one criterion or guideline: publishes a new version with the change.

    `kind` is "criterion" or "guideline"; `original_code` names the item
    changed (empty: a new one). Earlier versions stay as they were.
    """
    access.require_coordinator(actor, network, "standards.manage")
    if kind not in ("criterion", "guideline"):
        raise ValidationError(_("Unknown kind of item."))
    current = current_catalogue(network)
    base = (*CRITERION_FIELDS, "code", "order")
    criteria = _rows(current.criteria, (*base, "area")) if current else []
    guidelines = _rows(current.guidelines, base) if current else []
    items = criteria if kind == "criterion" else guidelines
    item = _clean_item(values, with_area=kind == "criterion")
    codes = [row["code"] for row in items]
    if original_code and original_code not in codes:
        raise ValidationError(_("This item is not in the current version."))
    if item["code"] != original_code and item["code"] in codes:
        raise ValidationError({"code": _("Each code may be used once.")})
    if original_code:
        items[codes.index(original_code)] = item
    else:
        if not item["order"]:  # a new item without a position goes to the end
            item["order"] = max((row["order"] for row in items), default=0) + 1
        items.append(item)
    return _publish(
        network=network,
        actor=actor,
        criteria=criteria,
        guidelines=guidelines,
        is_public=current.is_public if current else False,
        change=f"{kind}_{'changed' if original_code else 'added'}",
    )


def standards_visibility_set(*, network: Network, actor: User, is_public: bool) -> None:
    """Publish the current standards for everybody, or keep them for the members."""
    access.require_coordinator(actor, network, "standards.manage")
    current = current_catalogue(network)
    if current is None:
        raise ValidationError(_("This network has not published standards yet."))
    with transaction.atomic():
        StandardsCatalogue.objects.filter(pk=current.pk).update(is_public=is_public)
        audit.log(
            current,
            "standards.visibility_set",
            actor=actor,
            institution_id=network.coordinating_institution_id,
            data={"network_id": network.pk, "public": is_public},
        )


# --- self-assessment ------------------------------------------------------------------------


@dataclass
class AnswerInput:
    rating: str = ""
    evidence: str = ""
    plan: str = ""


def assessment_save(
    *,
    actor: User,
    institution: Institution,
    network: Network,
    year: int,
    answers: Mapping[str, AnswerInput],
    shared: bool = False,
    submit: bool = False,
) -> SelfAssessment:
    """Save a member's self-assessment of `year` (answers by criterion code); submit it.

    Only the institution's own officers write it. Submitting needs a rating
    for every criterion of the standards version; a submitted assessment can
    be corrected and submitted again within its year.
    """
    if institution.pk not in access.own_institution_ids(actor, "assessment.submit"):
        raise PermissionDenied("assessment.submit")
    if institution.pk not in access.member_institution_ids_of(network):
        raise PermissionDenied("assessment.submit")
    if year < 2000 or year > timezone.localdate().year:
        raise ValidationError({"year": _("Choose this year or an earlier one.")})
    errors: dict[str, str] = {}
    for code, answer in answers.items():
        if answer.rating and answer.rating not in Rating.values:
            errors[f"rating_{code}"] = _("Choose a rating from the list.")
        for name in ("evidence", "plan"):
            value = getattr(answer, name)
            errors |= {
                f"{name}_{code}": message for message in plain_text_errors({name: value}).values()
            }
            if len(value) > 5000:
                errors[f"{name}_{code}"] = _("The text is too long.")
    with transaction.atomic():
        assessment = (
            SelfAssessment.objects.select_for_update()
            .filter(institution=institution, network=network, year=year)
            .first()
        )
        if assessment is None:
            catalogue = current_catalogue(network)
            if catalogue is None:
                raise ValidationError(_("This network has not published standards yet."))
            assessment = SelfAssessment.objects.create(
                institution=institution, network=network, year=year, catalogue=catalogue
            )
        criteria = list(assessment.catalogue.criteria.all())
        known = {criterion.code for criterion in criteria}
        if set(answers) - known:
            raise ValidationError(_("The answers do not fit the standards being assessed."))
        if submit:
            for criterion in criteria:
                if not answers.get(criterion.code, AnswerInput()).rating:
                    errors[f"rating_{criterion.code}"] = _("Rate every criterion to submit.")
        if errors:
            raise ValidationError(errors)
        for criterion in criteria:
            given = answers.get(criterion.code)
            if given is None:
                continue
            answer = given
            AssessmentAnswer.objects.update_or_create(
                assessment=assessment,
                criterion=criterion,
                defaults={
                    "rating": answer.rating,
                    "evidence": answer.evidence.strip(),
                    "plan": answer.plan.strip(),
                },
            )
        assessment.shared = shared
        if submit:
            assessment.status = SelfAssessment.Status.SUBMITTED
            assessment.submitted_at = timezone.now()
            assessment.submitted_by = actor
        assessment.save()
        audit.log(
            assessment,
            "assessment.submitted" if submit else "assessment.saved",
            actor=actor,
            data={"year": year, "network_id": network.pk, "shared": shared},
        )
    return assessment


# --- discussions -----------------------------------------------------------------------------


def _check_post_text(title: str | None, body: str) -> None:
    values = {"body": body} if title is None else {"title": title, "body": body}
    errors = plain_text_errors(values) | _required(values, values)
    if len(body) > 10_000:
        errors["body"] = _("The text is too long.")
    if title is not None and len(title) > 200:
        errors["title"] = _("The title is too long (200 characters at most).")
    if errors:
        raise ValidationError(errors)


def thread_open(*, actor: User, network: Network, title: str, body: str) -> Thread:
    """A member opens a discussion in its network, with the first post."""
    access.require_network_member(actor, network, "knowledge.comment")
    members = access.member_institution_ids_of(network)
    institution = _author_institution(actor, "knowledge.comment", members)
    title, body = title.strip(), body.strip()
    _check_post_text(title, body)
    with transaction.atomic():
        now = timezone.now()
        thread = Thread.objects.create(
            network=network, title=title, author=actor, institution=institution, last_post_at=now
        )
        Post.objects.create(thread=thread, author=actor, institution=institution, body=body)
        audit.log(
            thread,
            "thread.opened",
            actor=actor,
            institution_id=institution.pk,
            data={"network_id": network.pk},
        )
    return thread


def post_reply(*, actor: User, thread: Thread, body: str) -> Post:
    """Reply in a discussion; the others who wrote in it are e-mailed (their language)."""
    access.require_network_member(actor, thread.network, "knowledge.comment")
    if thread.is_hidden or thread.is_locked:
        raise ValidationError(_("This discussion is closed for replies."))
    members = access.member_institution_ids_of(thread.network)
    institution = _author_institution(actor, "knowledge.comment", members)
    body = body.strip()
    _check_post_text(None, body)
    outbox = mail.Outbox()
    with transaction.atomic():
        post = Post.objects.create(thread=thread, author=actor, institution=institution, body=body)
        Thread.objects.filter(pk=thread.pk).update(last_post_at=post.created_at)
        audit.log(
            post,
            "post.added",
            actor=actor,
            institution_id=institution.pk,
            data={"thread_id": thread.pk},
        )
        author_ids = set(thread.posts.values_list("author_id", flat=True)) - {actor.pk, None}
        for user in User.objects.filter(pk__in=author_ids, is_active=True).order_by("pk"):
            if thread.network_id not in access.member_network_ids(user, "knowledge.read"):
                continue  # left the network since
            outbox.add(
                to=user.email,
                language=user.language,
                template="knowledge/mail/reply",
                context={
                    "thread_title": thread.title,
                    "institution": institution.name,
                    "url": _absolute(
                        "knowledge:thread_detail",
                        language=user.language,
                        public_id=thread.public_id,
                    ),
                },
            )
    outbox.send()
    return post


def thread_moderate(
    *, actor: User, thread: Thread, hidden: bool | None = None, locked: bool | None = None
) -> Thread:
    """A coordinator of the thread's network hides or locks it (or undoes that)."""
    access.require_coordinator(actor, thread.network, "knowledge.moderate")
    with transaction.atomic():
        if hidden is not None:
            thread.is_hidden = hidden
        if locked is not None:
            thread.is_locked = locked
        thread.save(update_fields=["is_hidden", "is_locked", "updated_at"])
        audit.log(
            thread,
            "thread.moderated",
            actor=actor,
            data={"hidden": thread.is_hidden, "locked": thread.is_locked},
        )
    return thread


def post_hide(*, actor: User, post: Post, hidden: bool) -> Post:
    """A coordinator of the network hides one post (or shows it again)."""
    access.require_coordinator(actor, post.thread.network, "knowledge.moderate")
    with transaction.atomic():
        post.is_hidden = hidden
        post.save(update_fields=["is_hidden", "updated_at"])
        audit.log(
            post,
            "post.moderated",
            actor=actor,
            data={"hidden": hidden, "thread_id": post.thread_id},
        )
    return post


def answers_from_mapping(values: Mapping[str, Any]) -> dict[str, AnswerInput]:
    """Build answer inputs from a dict of dicts (demo data, tests)."""
    return {code: AnswerInput(**dict(value)) for code, value in values.items()}
