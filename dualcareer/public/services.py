"""Every write of the public site: permission check, rules, transaction, audit entry, e-mail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.core import audit, mail
from dualcareer.public import content
from dualcareer.public.models import (
    BodyFormat,
    ConsentScope,
    ContactMessage,
    Page,
    PageContent,
    PageKind,
    PageVersion,
    StoryConsent,
)

EDIT = "public.edit"
MAX_BODY = 100_000
RESERVED_SLUGS = {"new", "messages"}  # paths of the editor itself
REQUIRED = ("title_de", "title_en", "description_de", "description_en", "body_de", "body_en")
_URL_KINDS = {
    "public:page": PageKind.PAGE,
    "public:news_detail": PageKind.NEWS,
    "public:story_detail": PageKind.STORY,
}


def _slug_exists(view_name: str, slug: str) -> bool:
    kind = _URL_KINDS.get(view_name)
    return kind is None or Page.objects.filter(kind=kind, slug=slug).exists()


def page_problems(values: Mapping[str, Any]) -> dict[str, list[str]]:
    """Return, per field, what must be fixed before `values` may be saved (empty if none)."""
    errors: dict[str, list[str]] = {}
    for name in REQUIRED:
        if not str(values.get(name) or "").strip():
            errors.setdefault(name, []).append(_("This field is required."))
    if values.get("body_format") not in BodyFormat.values:
        errors.setdefault("body_format", []).append(_("Choose Markdown or limited HTML."))
        return errors
    for language in ("de", "en"):
        name = f"body_{language}"
        source = str(values.get(name) or "")
        if len(source) > MAX_BODY:
            errors.setdefault(name, []).append(
                _("The text is longer than %(max)s characters.") % {"max": MAX_BODY}
            )
        errors.setdefault(name, []).extend(content.active_content(source))
        rendered = content.to_html(source, str(values["body_format"]))
        broken = content.broken_links(rendered, slug_exists=_slug_exists)
        if broken:
            errors[name].append(
                _("These links lead to no page of this site: %(links)s")
                % {"links": ", ".join(broken)}
            )
        for title_field in (f"title_{language}", f"description_{language}"):
            if content.active_content(str(values.get(title_field) or "")):
                errors.setdefault(title_field, []).append(_("Only plain text is allowed here."))
    return {name: messages for name, messages in errors.items() if messages}


def _has_consent(page: Page) -> bool:
    return page.pk is not None and page.consents.filter(withdrawn_at=None).exists()


def _snapshot(page: Page, *, user: User, restored_from: int | None = None) -> PageVersion:
    page.version += 1
    page.updated_by = user
    page.save()
    return PageVersion.objects.create(
        page=page,
        number=page.version,
        created_by=user,
        restored_from=restored_from,
        **{name: getattr(page, name) for name in PageContent.CONTENT_FIELDS},
    )


def page_save(
    *,
    user: User,
    values: Mapping[str, Any],
    page: Page | None = None,
    kind: str = PageKind.PAGE,
    slug: str = "",
    publish: bool = True,
) -> Page:
    """Save a new or changed page as a new version; raise ValidationError naming the fields."""
    permissions.require(user, EDIT)
    errors = page_problems(values)
    if page is None:
        if kind not in PageKind.values:
            errors["kind"] = [_("Unknown kind of page.")]
        try:
            validate_slug(slug)
        except ValidationError:
            errors["slug"] = [
                _("Use lower-case letters, digits and hyphens only (e.g. welcome-days-2026).")
            ]
        else:
            if slug in RESERVED_SLUGS or Page.objects.filter(slug=slug).exists():
                errors["slug"] = [_("A page with this address exists already.")]
    target = page or Page(kind=kind, slug=slug)
    if publish and target.kind == PageKind.STORY and not _has_consent(target):
        errors.setdefault("publish", []).append(
            _("A success story is published only with the couple's recorded consent.")
        )
    if target.system and not publish:
        errors.setdefault("publish", []).append(_("Built-in pages cannot be taken offline."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        created = target.pk is None
        for name in PageContent.CONTENT_FIELDS:
            setattr(target, name, str(values[name]).strip())
        if publish and not target.is_published:
            target.published_at = target.published_at or timezone.now()
        target.is_published = publish
        _snapshot(target, user=user)
        audit.log(
            target,
            "page.created" if created else "page.updated",
            actor=user,
            data={"kind": target.kind, "version": target.version, "published": publish},
        )
    return target


def page_restore(*, user: User, page: Page, number: int) -> Page:
    """Make an earlier version the current text again (as a new version)."""
    permissions.require(user, EDIT)
    version = page.versions.filter(number=number).first()
    if version is None:
        raise ValidationError({"number": [_("This version does not exist.")]})
    values = {name: getattr(version, name) for name in PageContent.CONTENT_FIELDS}
    problems = page_problems(values)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic():
        for name, value in values.items():
            setattr(page, name, value)
        _snapshot(page, user=user, restored_from=number)
        audit.log(
            page,
            "page.restored",
            actor=user,
            data={"from_version": number, "version": page.version},
        )
    return page


def story_consent_record(
    *,
    user: User,
    story: Page,
    given_by: str,
    given_on: dt.date,
    scope: str,
    evidence: str,
) -> StoryConsent:
    """Record the couple's consent to publish their story."""
    permissions.require(user, EDIT)
    errors: dict[str, list[str]] = {}
    if story.kind != PageKind.STORY:
        errors["story"] = [_("Consent is recorded for success stories only.")]
    if not given_by.strip():
        errors["given_by"] = [_("This field is required.")]
    if not evidence.strip():
        errors["evidence"] = [_("This field is required.")]
    if scope not in ConsentScope.values:
        errors["scope"] = [_("Choose what the consent covers.")]
    if given_on > timezone.localdate():
        errors["given_on"] = [_("The date of the consent cannot be in the future.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        consent = StoryConsent.objects.create(
            story=story,
            given_by=given_by.strip(),
            given_on=given_on,
            scope=scope,
            evidence=evidence.strip(),
            recorded_by=user,
        )
        audit.log(story, "story.consent_recorded", actor=user, data={"scope": scope})
    return consent


def story_consent_withdraw(*, user: User, consent: StoryConsent) -> StoryConsent:
    """Record that the couple withdrew their consent: the story goes offline at once."""
    permissions.require(user, EDIT)
    if consent.withdrawn_at is not None:
        return consent
    with transaction.atomic():
        consent.withdrawn_at = timezone.now()
        consent.withdrawn_by = user
        consent.save(update_fields=["withdrawn_at", "withdrawn_by", "updated_at"])
        story = consent.story
        unpublished = False
        if not story.consents.filter(withdrawn_at=None).exists() and story.is_published:
            story.is_published = False
            story.save(update_fields=["is_published", "updated_at"])
            unpublished = True
        audit.log(story, "story.consent_withdrawn", actor=user, data={"unpublished": unpublished})
    return consent


def _coordinators() -> list[User]:
    ids = InstitutionRole.objects.filter(role=Role.COORDINATOR).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def contact_message_submit(
    *, name: str, email: str, subject: str, message: str, language: str
) -> ContactMessage:
    """Store a message from the contact form and e-mail it to the coordinators."""
    with transaction.atomic():
        stored = ContactMessage.objects.create(
            name=name.strip(),
            email=email.strip(),
            subject=subject.strip(),
            message=message.strip(),
            language=language if language in ("de", "en") else settings.LANGUAGE_CODE,
        )
        audit.log(stored, "contact_message.received")
        for coordinator in _coordinators():
            mail.send_templated(
                to=coordinator.email,
                language=coordinator.language or settings.LANGUAGE_CODE,
                template="public/mail/contact_message",
                context={"contact": stored},
                reply_to=stored.email,
            )
    return stored


def contact_messages_purge(*, now: dt.datetime | None = None) -> int:
    """Delete contact messages older than CONTACT_RETENTION_DAYS; return how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.CONTACT_RETENTION_DAYS)
    with transaction.atomic():
        count, _detail = ContactMessage.objects.filter(created_at__lt=cutoff).delete()
        if count:
            audit.log(None, "contact_message.purged", data={"count": count})
    return count


def require_editor(user: Any) -> None:
    """Raise PermissionDenied unless `user` may edit the public site."""
    if not permissions.has(user, EDIT):
        raise PermissionDenied(EDIT)
