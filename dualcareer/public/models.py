"""The network's public site: editable pages (also news and success stories), their
versions, the couple's consent to a story, and messages sent through the contact form."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dualcareer.core.models import ChoiceLabelsModel, TimeStampedModel

LANGUAGES = ("de", "en")


class PageKind(models.TextChoices):
    PAGE = "page", _("Page")
    NEWS = "news", _("News item")
    STORY = "story", _("Success story")


class BodyFormat(models.TextChoices):
    MARKDOWN = "markdown", _("Markdown")
    HTML = "html", _("Limited HTML")


class PageContent(models.Model):
    """The text of a page in both languages (shared by the page and its versions)."""

    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_de = models.CharField(_("description for search engines (German)"), max_length=300)
    description_en = models.CharField(_("description for search engines (English)"), max_length=300)
    body_de = models.TextField(_("text (German)"))
    body_en = models.TextField(_("text (English)"))
    body_format = models.CharField(
        _("format"), max_length=16, choices=BodyFormat.choices, default=BodyFormat.MARKDOWN
    )

    CONTENT_FIELDS = (
        "title_de",
        "title_en",
        "description_de",
        "description_en",
        "body_de",
        "body_en",
        "body_format",
    )

    class Meta:
        abstract = True

    def _in(self, name: str, language: str | None = None) -> str:
        language = (language or translation.get_language() or "de")[:2]
        value = getattr(self, f"{name}_{'en' if language == 'en' else 'de'}")
        return str(value or getattr(self, f"{name}_de"))

    def title(self, language: str | None = None) -> str:
        return self._in("title", language)

    def description(self, language: str | None = None) -> str:
        return self._in("description", language)

    def body(self, language: str | None = None) -> str:
        return self._in("body", language)


class PageQuerySet(models.QuerySet["Page"]):
    def published(self) -> PageQuerySet:
        """Published pages and news; stories only while the couple's consent stands."""
        with_consent = StoryConsent.objects.filter(story=models.OuterRef("pk"), withdrawn_at=None)
        return self.filter(is_published=True).filter(
            ~Q(kind=PageKind.STORY) | Q(models.Exists(with_consent))
        )


class Page(ChoiceLabelsModel, PageContent, TimeStampedModel):
    """A page of the public site in German and English, edited by the coordinators."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=PageKind.choices)
    system = models.BooleanField(
        _("built-in page"),
        default=False,
        help_text=_("Built-in pages (start page, legal pages) keep their address."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PageQuerySet.as_manager()

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["kind", "slug"]

    def __str__(self) -> str:
        return self.title()

    def get_absolute_url(self) -> str:
        from dualcareer.public.urls_helpers import page_url

        return page_url(self.kind, self.slug)


class PageVersion(ChoiceLabelsModel, PageContent):
    """One saved state of a page: who saved it and when, kept to view and restore."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)

    class Meta:
        verbose_name = _("page version")
        verbose_name_plural = _("page versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="public_unique_page_version")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} v{self.number}"


class ConsentScope(models.TextChoices):
    WEBSITE = "website", _("This website and its news feeds")
    WEBSITE_PRINT = "website_print", _("This website, its feeds and the network's printed reports")


class StoryConsent(ChoiceLabelsModel, TimeStampedModel):
    """The couple's consent to publish their success story: who, when, for what.

    A story is shown only while a consent without `withdrawn_at` exists;
    recording the withdrawal unpublishes it at once.
    """

    story = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(
        _("consent given by"),
        max_length=200,
        help_text=_("Who consented, e.g. both partners by name."),
    )
    given_on = models.DateField(_("consent given on"))
    scope = models.CharField(_("scope"), max_length=16, choices=ConsentScope.choices)
    evidence = models.CharField(
        _("where the signed consent is kept"),
        max_length=200,
        help_text=_("E.g. the file reference of the signed form at the coordination office."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent to a success story")
        verbose_name_plural = _("consents to success stories")
        ordering = ["-given_on", "-id"]


class ContactMessage(TimeStampedModel):
    """A message sent through the public contact form; deleted after CONTACT_RETENTION_DAYS."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    subject = models.CharField(_("subject"), max_length=200)
    message = models.TextField(_("message"))
    language = models.CharField(_("language"), max_length=8, default="de")

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]
