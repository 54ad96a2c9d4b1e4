"""The network's knowledge: best-practice library, standards, self-assessments, discussions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dualcareer.core.i18n import in_active_language
from dualcareer.core.models import ChoiceLabelsModel, PublicIdModel, TimeStampedModel
from dualcareer.network.models import Sector


class Topic(models.TextChoices):
    """What an article is about: the five themes of the network's exchange, and more."""

    SERVICE_PORTFOLIO = "service_portfolio", _("Service portfolio")
    ACCEPTANCE = "acceptance", _("Acceptance inside the university")
    PROCESS_INTEGRATION = "process_integration", _("Integration into internal processes")
    REGIONAL_NETWORK = "regional_network", _("Regional networks and cooperations")
    RESERVATIONS = "reservations", _("Reducing reservations against supporting partners")
    COUNSELLING = "counselling", _("Counselling practice")
    EMPLOYERS = "employers", _("Working with employers")
    INTERNATIONAL = "international", _("International partners and welcome services")
    DATA_PROTECTION = "data_protection", _("Data protection")
    EVALUATION = "evaluation", _("Evaluation and quality")
    ETHICS = "ethics", _("Ethics and fairness")


class ContentLanguage(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    BOTH = "both", _("German and English")


class Visibility(models.TextChoices):
    MEMBERS = "members", _("Members of the network only")
    PUBLIC = "public", _("Public")


class Article(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """A best-practice article by a member institution; every change is kept as a version."""

    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("author institution"),
        on_delete=models.PROTECT,
        related_name="knowledge_articles",
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"))
    language = models.CharField(
        _("language"), max_length=4, choices=ContentLanguage.choices, default="de"
    )
    topics = models.JSONField(_("topics"), default=list, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    published_on = models.DateField(_("date"))
    visibility = models.CharField(
        _("visible to"), max_length=8, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Snowball stems (German and English) of the text and the attached documents,
    # space-separated with a space at each end: searched the same way on every database.
    search_stems = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels[code]) for code in self.topics if code in labels]

    @property
    def paragraphs(self) -> list[str]:
        """The text split into paragraphs at blank lines."""
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]

    @property
    def html_lang(self) -> str:
        """The `lang` attribute of the article's text ("" when written in both)."""
        return "" if self.language == ContentLanguage.BOTH else self.language


class ArticleVersion(ChoiceLabelsModel):
    """One saved state of an article: who changed which fields, when."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=4, choices=ContentLanguage.choices)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, blank=True)
    visibility = models.CharField(_("visible to"), max_length=8, choices=Visibility.choices)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["article", "-number"]
        verbose_name = _("article version")
        verbose_name_plural = _("article versions")
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="one_article_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.number}"


def document_upload_to(instance: ArticleDocument, filename: str) -> str:
    """Store under a random name: the uploaded name is kept in the record only."""
    return f"knowledge/{instance.article.public_id}/{uuid.uuid4().hex}.{instance.kind}"


class ArticleDocument(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """A PDF, DOCX or PPTX attached to an article; its text is extracted in the background."""

    class Extraction(models.TextChoices):
        PENDING = "pending", _("Text is being read")
        DONE = "done", _("Text searchable")
        FAILED = "failed", _("Text could not be read")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("type"), max_length=8)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction = models.CharField(
        _("text extraction"),
        max_length=8,
        choices=Extraction.choices,
        default=Extraction.PENDING,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")

    def __str__(self) -> str:
        return self.original_name

    def permission_institution_ids(self) -> set[int]:
        return {self.article.institution_id}


class ArticleComment(ChoiceLabelsModel, TimeStampedModel):
    """A member's comment on an article, or a question to its authors."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        QUESTION = "question", _("Question")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self) -> str:
        return f"{self.article_id} {self.kind} {self.pk}"


class HelpfulMark(models.Model):
    """A member marked an article as helpful (one mark per person)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="helpful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("helpful mark")
        verbose_name_plural = _("helpful marks")
        constraints = [
            models.UniqueConstraint(fields=["article", "user"], name="one_helpful_mark_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.article_id} {self.user_id}"


class DigestReceipt(models.Model):
    """When a member was last sent the digest of what is new in the library."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="knowledge_digest"
    )
    last_sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("digest receipt")
        verbose_name_plural = _("digest receipts")

    def __str__(self) -> str:
        return f"{self.user_id} {self.last_sent_at:%Y-%m-%d}"


# --- standards and guidelines -------------------------------------------------------


class Area(models.TextChoices):
    """The areas the quality criteria are grouped by."""

    SERVICE_PORTFOLIO = "service_portfolio", _("Service portfolio")
    PROCESS_INTEGRATION = "process_integration", _("Process integration")
    COUNSELLING_QUALITY = "counselling_quality", _("Counselling quality")
    REGIONAL_NETWORK = "regional_network", _("Regional network")
    DATA_PROTECTION = "data_protection", _("Data protection")
    EVALUATION = "evaluation", _("Evaluation")


class StandardsCatalogue(TimeStampedModel):
    """One version of a network's quality standards and ethical guidelines.

    Every change by a coordinator publishes a new version (a copy with the
    change); the self-assessments keep the version they answered.
    """

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="standards_catalogues"
    )
    number = models.PositiveIntegerField(_("version"))
    published_on = models.DateField(_("published on"))
    is_public = models.BooleanField(_("published for everybody"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["network", "-number"]
        verbose_name = _("standards catalogue")
        verbose_name_plural = _("standards catalogues")
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="one_catalogue_number")
        ]

    def __str__(self) -> str:
        return f"{self.network} v{self.number}"

    def permission_institution_ids(self) -> set[int]:
        coordinating = self.network.coordinating_institution_id
        return {coordinating} if coordinating else set()


class _Bilingual(models.Model):
    code = models.CharField(_("code"), max_length=12)
    order = models.PositiveIntegerField(_("order"), default=0)
    title_de = models.CharField(_("title (German)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    explanation_de = models.TextField(_("explanation (German)"), blank=True)
    explanation_en = models.TextField(_("explanation (English)"), blank=True)
    examples_de = models.TextField(_("examples (German)"), blank=True)
    examples_en = models.TextField(_("examples (English)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return in_active_language(self.title_de, self.title_en)

    @property
    def explanation(self) -> str:
        return in_active_language(self.explanation_de, self.explanation_en)

    @property
    def examples(self) -> list[str]:
        text = in_active_language(self.examples_de, self.examples_en)
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


class Criterion(ChoiceLabelsModel, _Bilingual):
    """One quality criterion of a catalogue version."""

    catalogue = models.ForeignKey(
        StandardsCatalogue, on_delete=models.CASCADE, related_name="criteria"
    )
    area = models.CharField(_("area"), max_length=24, choices=Area.choices)

    class Meta:
        ordering = ["catalogue", "order", "code"]
        verbose_name = _("quality criterion")
        verbose_name_plural = _("quality criteria")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="one_criterion_code")
        ]


class Guideline(_Bilingual):
    """One ethical guideline of a catalogue version."""

    catalogue = models.ForeignKey(
        StandardsCatalogue, on_delete=models.CASCADE, related_name="guidelines"
    )

    class Meta:
        ordering = ["catalogue", "order", "code"]
        verbose_name = _("ethical guideline")
        verbose_name_plural = _("ethical guidelines")
        constraints = [
            models.UniqueConstraint(fields=["catalogue", "code"], name="one_guideline_code")
        ]


# --- self-assessment -------------------------------------------------------------------


class Rating(models.TextChoices):
    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_YET = "not_yet", _("Not yet met")
    NOT_APPLICABLE = "n_a", _("Not applicable")


class SelfAssessment(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """A member's yearly rating of itself against every criterion of the current standards."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="self_assessments"
    )
    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="self_assessments"
    )
    year = models.PositiveIntegerField(_("year"))
    catalogue = models.ForeignKey(
        StandardsCatalogue, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    shared = models.BooleanField(
        _("shared with the members as a best-practice example"), default=False
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "institution__name"]
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "network", "year"], name="one_assessment_per_year"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="submitted_assessment_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.year}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class AssessmentAnswer(ChoiceLabelsModel):
    """The rating of one criterion, with the evidence and the plan."""

    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    plan = models.TextField(_("plan"), blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion__code"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "criterion"], name="one_answer_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessment_id} {self.criterion_id} {self.rating}"


# --- discussion --------------------------------------------------------------------------


class Thread(PublicIdModel, TimeStampedModel):
    """A members-only discussion in a network, moderated by its coordinators."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="knowledge_threads"
    )
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="+"
    )
    is_locked = models.BooleanField(_("locked"), default=False)
    is_hidden = models.BooleanField(_("hidden"), default=False)
    last_post_at = models.DateTimeField(_("last post"), null=True, blank=True)

    class Meta:
        ordering = ["-last_post_at", "-id"]
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")

    def __str__(self) -> str:
        return self.title

    def permission_institution_ids(self) -> set[int]:
        coordinating = self.network.coordinating_institution_id
        return {coordinating} if coordinating else set()


class Post(TimeStampedModel):
    """One contribution to a discussion (the first one opens it)."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="+"
    )
    body = models.TextField(_("text"))
    is_hidden = models.BooleanField(_("hidden"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")

    def __str__(self) -> str:
        return f"{self.thread_id} {self.pk}"
