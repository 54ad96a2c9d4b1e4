"""Networks, their member institutions and the institutions' contacts."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dualcareer.core.i18n import in_active_language
from dualcareer.core.models import ChoiceLabelsModel, PublicIdModel, TimeStampedModel


class Sector(models.TextChoices):
    """The kinds of organisation a Dual Career network brings together."""

    UNIVERSITY = "university", _("University")
    APPLIED_SCIENCES = "applied_sciences", _("University of applied sciences")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    MUSEUM = "museum", _("Museum")
    SCIENCE_NETWORK = "science_network", _("Science network")
    COMPANY = "company", _("Company")
    CHAMBER = "chamber", _("Chamber of commerce and industry")
    ECONOMIC_DEVELOPMENT = "economic_development", _("Economic-development agency")
    PUBLIC_ADMINISTRATION = "public_administration", _("Public administration")
    REGIONAL_ASSOCIATION = "regional_association", _("Regional association")
    FOUNDATION = "foundation", _("Foundation or initiative")

    @classmethod
    def academic(cls) -> set[str]:
        """Sectors counted as universities and research institutes (for consent scopes)."""
        return {cls.UNIVERSITY, cls.APPLIED_SCIENCES, cls.RESEARCH_INSTITUTE, cls.MUSEUM}

    @classmethod
    def employers(cls) -> set[str]:
        """Sectors whose members are employers only (their contacts get the employer role)."""
        return {cls.COMPANY, cls.CHAMBER}


class ServiceProvision(models.TextChoices):
    """How a member provides its Dual Career support."""

    IN_HOUSE = "in_house", _("In-house service")
    JOINT_LOCAL = "joint_local", _("Joint local service")


class CounsellingLanguage(models.TextChoices):
    """Languages in which a member's service counsels partners."""

    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    DUTCH = "nl", _("Dutch")
    POLISH = "pl", _("Polish")
    TURKISH = "tr", _("Turkish")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    ARABIC = "ar", _("Arabic")
    CHINESE = "zh", _("Chinese")
    PORTUGUESE = "pt", _("Portuguese")


class Institution(ChoiceLabelsModel, TimeStampedModel):
    """A member organisation: university, institute, company, chamber, agency …"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    offers_dual_career_service = models.BooleanField(
        _("offers a Dual Career service"), default=False
    )
    offers_family_service = models.BooleanField(_("offers a family service"), default=False)
    service_provision = models.CharField(
        _("service provided"), max_length=16, choices=ServiceProvision.choices, blank=True
    )
    counselling_languages = models.JSONField(
        _("languages of counselling"), default=list, blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode="") | Q(postcode__regex=r"^[0-9]{5}$"),
                name="institution_postcode_five_digits",
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="institution_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="institution_longitude_range",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language (English name where one is set)."""
        return in_active_language(self.name, self.name_en)

    @property
    def description(self) -> str:
        return in_active_language(self.description_de, self.description_en)

    @property
    def dual_career_contact(self) -> Contact | None:
        """The contact shown in the directory (uses prefetched contacts when there are)."""
        if "contacts" in getattr(self, "_prefetched_objects_cache", {}):
            return next((c for c in self.contacts.all() if c.is_dual_career_contact), None)
        return self.contacts.filter(is_dual_career_contact=True).first()

    @property
    def counselling_language_labels(self) -> list[str]:
        """The counselling languages as names in the active language."""
        labels = dict(CounsellingLanguage.choices)
        return [str(labels[code]) for code in self.counselling_languages if code in labels]


class Contact(TimeStampedModel):
    """A named contact person of an institution (business data, shown to members)."""

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_dual_career_contact = models.BooleanField(_("Dual Career contact"), default=False)

    class Meta:
        ordering = ["-is_dual_career_contact", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.name} ({self.institution})"


class Network(ChoiceLabelsModel, TimeStampedModel):
    """A Dual Career network, national or regional; a regional one may belong to a national one."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National network")
        REGIONAL = "regional", _("Regional network")

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    coordinating_institution = models.ForeignKey(
        Institution,
        verbose_name=_("coordinated by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="coordinated_networks",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    members: models.ManyToManyField[Institution, NetworkMembership] = models.ManyToManyField(
        Institution, through="NetworkMembership", related_name="networks"
    )

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="regional") | Q(parent__isnull=True),
                name="only_regional_networks_have_a_parent",
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return in_active_language(self.name, self.name_en)

    @property
    def description(self) -> str:
        return in_active_language(self.description_de, self.description_en)


class NetworkMembershipQuerySet(models.QuerySet["NetworkMembership"]):
    def current(self) -> NetworkMembershipQuerySet:
        """Memberships that have begun and not ended."""
        today = timezone.localdate()
        return self.filter(joined_on__lte=today).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=today)
        )


class NetworkMembership(TimeStampedModel):
    """An institution's membership in a network, with its dates; kept after leaving."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = NetworkMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["network", "institution__name"]
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "institution"],
                condition=Q(left_on__isnull=True),
                name="one_open_membership_per_network",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} in {self.network}"

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.joined_on <= today and (self.left_on is None or self.left_on > today)


class StatementVersion(TimeStampedModel):
    """One version of a network's joint statement, in German and English.

    Signatures belong to the version that was signed, so a new version keeps
    the signatures of the old one visible as such.
    """

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="statement_versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_de = models.TextField(_("text (German)"))
    text_en = models.TextField(_("text (English)"))
    published_on = models.DateField(_("published on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["network", "-number"]
        verbose_name = _("joint statement version")
        verbose_name_plural = _("joint statement versions")
        constraints = [
            models.UniqueConstraint(fields=["network", "number"], name="one_statement_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="statement_number_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.network} v{self.number}"

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_de

    @property
    def text(self) -> str:
        return self.text_en if get_language() == "en" else self.text_de

    @property
    def paragraphs(self) -> list[str]:
        """The text split into paragraphs at blank lines."""
        return [part.strip() for part in self.text.split("\n\n") if part.strip()]

    def permission_institution_ids(self) -> set[int]:
        coordinating = self.network.coordinating_institution_id
        return {coordinating} if coordinating else set()


class Signature(TimeStampedModel):
    """An institution's signature under one version of a joint statement."""

    version = models.ForeignKey(
        StatementVersion, on_delete=models.PROTECT, related_name="signatures"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="signatures"
    )
    signed_on = models.DateField(_("signed on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        ordering = ["signed_on", "institution__name"]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "institution"], name="one_signature_per_version"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("signed_on")),
                name="signature_withdrawn_after_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.version}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None


def _new_reply_token() -> str:
    return secrets.token_urlsafe(32)


class Application(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """An organisation's online application to join a network or to sign its statement."""

    class Kind(models.TextChoices):
        JOIN = "join", _("Join the network")
        SIGN = "sign", _("Sign the joint statement")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        INFO_REQUESTED = "info_requested", _("Question to the applicant")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    OPEN_STATUSES = (Status.SUBMITTED, Status.INFO_REQUESTED)

    network = models.ForeignKey(Network, on_delete=models.PROTECT, related_name="applications")
    kind = models.CharField(_("application to"), max_length=8, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    organisation_name = models.CharField(_("name of the organisation"), max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5)
    city = models.CharField(_("city"), max_length=100)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("about the organisation"), blank=True)
    offers_dual_career_service = models.BooleanField(
        _("offers a Dual Career service"), default=False
    )
    offers_family_service = models.BooleanField(_("offers a family service"), default=False)
    service_provision = models.CharField(
        _("service provided"), max_length=16, choices=ServiceProvision.choices, blank=True
    )
    counselling_languages = models.JSONField(
        _("languages of counselling"), default=list, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_position = models.CharField(_("position"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    message = models.TextField(_("message to the coordinator"), blank=True)
    accepts_standards = models.BooleanField(
        _("follows the quality standards and ethical guidelines"), default=False
    )
    # The applicant's secret link to answer a question. Valid while a question
    # waits and until `reply_token_expires_at`; replaced (so the link dies) once
    # answered or decided.
    reply_token = models.CharField(max_length=64, unique=True, default=_new_reply_token)
    reply_token_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    decision_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                condition=Q(accepts_standards=True), name="application_accepts_standards"
            ),
            models.CheckConstraint(
                condition=Q(postcode__regex=r"^[0-9]{5}$"), name="application_postcode_five_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.get_kind_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def renew_reply_token(self, *, valid_until: dt.datetime | None = None) -> None:
        """Replace the reply token (the old link stops working); valid until `valid_until`.

        Without `valid_until` the new token is unusable: nobody knows it and
        it has no validity. The caller saves.
        """
        self.reply_token = _new_reply_token()
        self.reply_token_expires_at = valid_until

    @property
    def reply_link_is_valid(self) -> bool:
        """Whether the reply link serves: a question waits and the link has not expired."""
        return (
            self.status == self.Status.INFO_REQUESTED
            and self.reply_token_expires_at is not None
            and self.reply_token_expires_at > timezone.now()
        )

    @property
    def counselling_language_labels(self) -> list[str]:
        labels = dict(CounsellingLanguage.choices)
        return [str(labels[code]) for code in self.counselling_languages if code in labels]

    def permission_institution_ids(self) -> set[int]:
        coordinating = self.network.coordinating_institution_id
        return {coordinating} if coordinating else set()


class ApplicationMessage(ChoiceLabelsModel):
    """A question of the coordinator or an answer of the applicant about one application."""

    class Author(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        APPLICANT = "applicant", _("Applicant")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author_kind = models.CharField(max_length=16, choices=Author.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message about an application")
        verbose_name_plural = _("messages about applications")

    def __str__(self) -> str:
        return f"{self.application_id} {self.author_kind} {self.created_at:%Y-%m-%d}"
