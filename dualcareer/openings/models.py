"""Openings (the network's pooled vacancies) and their places, and saved searches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dualcareer.cases.models import (
    Consent,
    WorkingTime,  # one vocabulary for openings and profiles
)
from dualcareer.core.i18n import in_active_language
from dualcareer.core.models import PublicIdModel, TimeStampedModel
from dualcareer.network.models import Sector

postcode_validator = RegexValidator(r"^[0-9]{5}$", _("Enter a five-digit German postcode."))


class OccupationField(models.TextChoices):
    """Broad occupational fields (Berufsfelder) used to filter openings."""

    RESEARCH = "research", _("Research and science")
    TEACHING = "teaching", _("Teaching and education")
    IT = "it", _("IT and software")
    ENGINEERING = "engineering", _("Engineering and technology")
    HEALTH = "health", _("Health and medicine")
    ADMINISTRATION = "administration", _("Administration and management")
    FINANCE = "finance", _("Finance and controlling")
    LAW = "law", _("Law")
    COMMUNICATION = "communication", _("Communication, marketing and media")
    HR = "hr", _("Human resources")
    SOCIAL = "social", _("Social work and counselling")
    CULTURE = "culture", _("Arts and culture")
    SALES = "sales", _("Sales and customer service")
    TRADES = "trades", _("Skilled trades and production")
    LOGISTICS = "logistics", _("Logistics and transport")
    OTHER = "other", _("Other")


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    CIVIL_SERVICE = "civil_service", _("Civil service (Beamtenverhältnis)")
    TRAINEESHIP = "traineeship", _("Traineeship or internship")
    FREELANCE = "freelance", _("Freelance")
    OTHER = "other", _("Other")


class Visibility(models.TextChoices):
    """Who may see an opening. Many Dual Career vacancies are not advertised publicly."""

    PUBLIC = "public", _("Public")
    NETWORK = "network", _("Network members only")
    OFFICERS = "officers", _("Dual Career officers only")


class Source(models.TextChoices):
    FORM = "form", _("Form")
    API = "api", _("REST API")
    JSONLD = "jsonld", _("schema.org JobPosting import")


# Languages an opening may require (ISO 639-1), in the order the form offers them.
LANGUAGE_CHOICES: list[tuple[str, Any]] = [
    ("de", _("German")),
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("it", _("Italian")),
    ("nl", _("Dutch")),
    ("pl", _("Polish")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
    ("zh", _("Chinese")),
]
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGE_CHOICES)


class OpeningQuerySet(models.QuerySet["Opening"]):
    def live(self, today: dt.date | None = None) -> OpeningQuerySet:
        """Published openings whose closing date has not passed (whatever the flag says)."""
        today = today or timezone.localdate()
        return self.filter(is_published=True).filter(
            Q(closing_date__isnull=True) | Q(closing_date__gte=today)
        )


class Opening(PublicIdModel, TimeStampedModel):
    """A vacancy that a member institution shares with the network."""

    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="openings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(
        _("reference number"),
        max_length=100,
        blank=True,
        help_text=_("The employer's own reference; used to recognise the opening on re-import."),
    )
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    occupation_field = models.CharField(
        _("occupational field"), max_length=32, choices=OccupationField.choices
    )
    esco_uri = models.URLField(_("ESCO occupation"), max_length=200, blank=True)
    remote_share = models.PositiveSmallIntegerField(
        _("remote share (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of working time that may be spent working from home."),
    )
    working_time = models.CharField(
        _("working time"), max_length=16, choices=WorkingTime.choices, default=WorkingTime.FULL_TIME
    )
    hours_per_week = models.DecimalField(
        _("hours per week"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    contract_type = models.CharField(
        _("contract type"), max_length=16, choices=ContractType.choices
    )
    start_date = models.DateField(
        _("start"), null=True, blank=True, help_text=_("Leave empty for 'as soon as possible'.")
    )
    salary_band = models.CharField(
        _("salary band"), max_length=100, blank=True, help_text=_("For example 'TV-L E 13'.")
    )
    salary_min = models.PositiveIntegerField(_("annual salary from (EUR)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("annual salary to (EUR)"), null=True, blank=True)
    # Comma-wrapped ISO codes (",de,en,") so that one language filters portably.
    languages = models.CharField(_("languages required"), max_length=64, blank=True)
    apply_url = models.URLField(_("how to apply (link)"), max_length=500, blank=True)
    closing_date = models.DateField(
        _("closing date"),
        null=True,
        blank=True,
        help_text=_("The opening is unpublished automatically after this day."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.NETWORK
    )
    is_published = models.BooleanField(_("published"), default=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.FORM
    )
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    # Lower-cased title, description, places and employer: the full-text search column.
    search_text = models.TextField(blank=True, editable=False)

    objects = OpeningQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "reference"],
                condition=~Q(reference=""),
                name="opening_unique_reference_per_employer",
            ),
            models.CheckConstraint(
                condition=~Q(title_de="") | ~Q(title_en=""), name="opening_has_a_title"
            ),
            models.CheckConstraint(
                condition=Q(remote_share__gte=0, remote_share__lte=100),
                name="opening_remote_share_percent",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_max__gte=models.F("salary_min")),
                name="opening_salary_band_ordered",
            ),
        ]
        indexes = [models.Index(fields=["is_published", "closing_date"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The title in the active language, or the other one if only that exists."""
        return in_active_language(self.title_de, self.title_en)

    @property
    def description(self) -> str:
        return in_active_language(self.description_de, self.description_en)

    @property
    def text_language(self) -> str:
        """The language the shown title is written in (for the lang attribute)."""
        if get_language() == "en":
            return "en" if self.title_en else "de"
        return "de" if self.title_de else "en"

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    def set_languages(self, codes: list[str] | tuple[str, ...]) -> None:
        ordered = [code for code, _label in LANGUAGE_CHOICES if code in set(codes)]
        self.languages = f",{','.join(ordered)}," if ordered else ""

    def language_labels(self) -> list[str]:
        labels = dict(LANGUAGE_CHOICES)
        return [str(labels.get(code, code)) for code in self.language_list]

    def is_expired(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.closing_date is not None and self.closing_date < today

    def build_search_text(self, places: list[OpeningPlace] | None = None) -> str:
        places = places if places is not None else list(self.places.all())
        parts = [
            self.title_de,
            self.title_en,
            self.description_de,
            self.description_en,
            self.reference,
            self.salary_band,
            self.institution.name,
            self.institution.name_en,
            self.institution.short_name,
        ]
        parts += [f"{place.postcode} {place.city}" for place in places]
        return " ".join(part for part in parts if part).lower()


class OpeningPlace(models.Model):
    """One place where the work is done; an opening may have several."""

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="places")
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("place of work")
        verbose_name_plural = _("places of work")
        constraints = [
            models.CheckConstraint(
                condition=~Q(postcode="") | ~Q(city=""), name="opening_place_postcode_or_city"
            )
        ]
        indexes = [models.Index(fields=["latitude", "longitude"])]

    def __str__(self) -> str:
        return " ".join(part for part in (self.postcode, self.city) if part)


class SavedSearch(PublicIdModel, TimeStampedModel):
    """A search a partner or officer saved, with a daily e-mail digest of new matches."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    # The list filters (q, field, postcode, radius, sector, language, working_time).
    params = models.JSONField(_("filters"), default=dict, blank=True)
    alerts_enabled = models.BooleanField(_("daily e-mail alert"), default=True)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self) -> str:
        return self.name


# --- introductions and network requests --------------------------------------

# Recorded on every introduction: the platform introduces, it does not place.
SELECTION_NOTICE = (
    "The employer's own selection procedure decides. The Dual Career Service "
    "introduces the partner; it does not place them, and the employer is free "
    "in its decision (selection of the best, equal treatment). / "
    "Es entscheidet das eigene Auswahlverfahren des Arbeitgebers. Der Dual Career "
    "Service stellt die Partnerin oder den Partner vor, vermittelt aber nicht; der "
    "Arbeitgeber entscheidet frei (Bestenauslese, Gleichbehandlung)."
)


def required_scope(*, case: Any, employer: Any) -> str:
    """The consent scope sharing `case`'s profile with `employer` needs."""
    if employer.pk == case.institution_id:
        return "institution"
    if employer.sector in Sector.academic():
        return "academic"
    return "employers"


def consent_unbroken_since(
    *, case: Any, scope: str, since: dt.datetime, now: dt.datetime | None = None
) -> bool:
    """Whether the partner's consent for `scope` was in force without a break from `since` to now.

    A consent renewed while in force (the old record `replaced_at` when the
    new one was granted) is no break; a withdrawal or a lapse is, even if the
    partner grants the scope again later.
    """
    now = now or timezone.now()
    if case.anonymised_at is not None:
        return False
    in_force_then = (
        Q(granted_at__lte=since, expires_at__gt=since)
        & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=since))
        & (Q(replaced_at__isnull=True) | Q(replaced_at__gte=since))
    )
    in_force_now = Q(withdrawn_at__isnull=True, replaced_at__isnull=True, expires_at__gt=now)
    # Ended within the period while in force: withdrawn before expiry, or expired
    # without having been renewed (replaced) or withdrawn first.
    withdrawn = Q(withdrawn_at__gte=since, withdrawn_at__lt=models.F("expires_at"))
    lapsed = (
        Q(expires_at__gte=since, expires_at__lte=now)
        & (Q(replaced_at__isnull=True) | Q(replaced_at__gt=models.F("expires_at")))
        & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("expires_at")))
    )
    counts = Consent.objects.filter(case=case, scope=scope).aggregate(
        then=models.Count("pk", filter=in_force_then),
        now=models.Count("pk", filter=in_force_now),
        broken=models.Count("pk", filter=withdrawn | lapsed),
    )
    return bool(counts["then"] and counts["now"] and not counts["broken"])


class EmployerAnswer(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    INTERVIEW = "interview", _("Invited to an interview")
    FORWARDED_HR = "forwarded_hr", _("Forwarded to HR")
    NO_FIT = "no_fit", _("No fit")


class Introduction(PublicIdModel, TimeStampedModel):
    """The officer's warm referral of a partner to an employer, and the employer's answer."""

    # Left out of the partner's data export (cases.gdpr), with the reason.
    GDPR_EXPORT_EXCLUDED = {
        "case": "the parent record",
        "created_by": "staff reference",
        "answered_by": "staff reference",
        "recipient": "staff reference",
        "selection_notice": "the fixed notice text, the same on every introduction",
    }

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="introductions")
    opening = models.ForeignKey(
        Opening,
        verbose_name=_("opening"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introductions",
        help_text=_("Empty for a speculative introduction."),
    )
    employer = models.ForeignKey(
        "network.Institution",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="introductions_received",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("employer contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="introductions_received",
    )
    consent_scope = models.CharField(max_length=16)
    message = models.TextField(
        _("message to the employer"),
        blank=True,
        help_text=_("Why this partner fits. No name or other identifying details."),
    )
    selection_notice = models.TextField(default=SELECTION_NOTICE, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(
        _("answer"), max_length=16, choices=EmployerAnswer.choices, blank=True
    )
    answer_reason = models.TextField(_("reason or note"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reveal_requested_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    reveal_declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "opening"],
                condition=Q(opening__isnull=False, withdrawn_at__isnull=True),
                name="one_open_introduction_per_case_and_opening",
            ),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False),
                name="introduction_answer_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Introduction')} {str(self.public_id)[:8]}"

    @property
    def partner_user_id(self) -> int | None:
        """The partner whose introduction this is (for the partner's own permissions)."""
        return self.case.partner_user_id

    @property
    def is_speculative(self) -> bool:
        return self.opening_id is None

    def reveal_in_force(self, now: dt.datetime | None = None) -> bool:
        """Whether the employer may see the partner's name and contact now.

        The partner's agreement holds only while the consent that covered the
        employer when they agreed stays in force without a break: a withdrawal
        (or a lapse) revokes the reveal for good, and granting the consent
        again does not bring it back; the partner must reveal again.
        """
        if self.revealed_at is None or self.withdrawn_at is not None:
            return False
        return consent_unbroken_since(
            case=self.case,
            scope=required_scope(case=self.case, employer=self.employer),
            since=self.revealed_at,
            now=now,
        )

    @property
    def is_revealed(self) -> bool:
        """`reveal_in_force()`, computed once per value of `revealed_at` of this instance."""
        cached = getattr(self, "_reveal_cache", None)
        if cached is None or cached[0] != self.revealed_at:
            cached = (self.revealed_at, self.reveal_in_force())
            self._reveal_cache = cached
        return bool(cached[1])

    @property
    def reveal_request_pending(self) -> bool:
        """The employer asked for the name since the last reveal (a revoked reveal ends a request).

        A declined request stays "asked" for the employer, who is not told of
        the decline and cannot ask again.
        """
        requested = self.reveal_requested_at
        if requested is None or self.is_revealed:
            return False
        return self.revealed_at is None or requested > self.revealed_at

    @property
    def is_open(self) -> bool:
        return self.withdrawn_at is None and not self.answer

    @property
    def status_label(self) -> str:
        if self.withdrawn_at:
            return str(_("Withdrawn"))
        if self.answer:
            return str(self.get_answer_display())
        return str(_("Waiting for the employer's answer"))


class RequestAnswer(models.TextChoices):
    OPENING_FOUND = "opening_found", _("Opening found")
    FORWARDED = "forwarded", _("Forwarded to a department")
    NOTHING = "nothing", _("Nothing at the moment")


class NetworkRequest(PublicIdModel, TimeStampedModel):
    """An officer's request to members' Dual Career contacts: "do you have something for …?"."""

    GDPR_EXPORT_EXCLUDED = {"case": "the parent record", "created_by": "staff reference"}

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="network_requests"
    )
    network = models.ForeignKey(
        "network.Network",
        verbose_name=_("whole network"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(
        _("message to the contacts"),
        help_text=_("What the partner is looking for. No name or other identifying details."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_on = models.DateField(_("answers until"))

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("network request")
        verbose_name_plural = _("network requests")

    def __str__(self) -> str:
        return f"{_('Network request')} {str(self.public_id)[:8]}"

    @property
    def institution_id(self) -> int:
        return int(self.case.institution_id)


class NetworkRequestRecipient(PublicIdModel, TimeStampedModel):
    """One member's Dual Career contact asked by a network request, and their answer."""

    request = models.ForeignKey(NetworkRequest, on_delete=models.CASCADE, related_name="recipients")
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="+"
    )
    contact = models.ForeignKey(
        "network.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=16, choices=RequestAnswer.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["institution__name"]
        verbose_name = _("recipient of a network request")
        verbose_name_plural = _("recipients of network requests")
        constraints = [
            models.UniqueConstraint(
                fields=["request", "institution"], name="one_recipient_per_request_and_member"
            )
        ]

    def __str__(self) -> str:
        return str(self.institution)

    @property
    def status_label(self) -> str:
        if self.answer:
            return str(self.get_answer_display())
        if self.expired_at:
            return str(_("Expired without an answer"))
        return str(_("Waiting for an answer"))


class EmployerInterest(TimeStampedModel):
    """An employer's interest in an anonymised profile ranked for its opening.

    The employer never learns who it is: the case's Dual Career officers are
    told, talk to the partner, and introduce them if the partner agrees.
    """

    GDPR_EXPORT_EXCLUDED = {"case": "the parent record", "created_by": "staff reference"}

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="interests")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="employer_interests"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("employer's interest")
        verbose_name_plural = _("employers' interests")
        constraints = [
            models.UniqueConstraint(
                fields=["opening", "case"], name="one_interest_per_opening_and_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opening} · {self.case.reference}"


class OpeningEmbedding(models.Model):
    """The sentence embedding of an opening's text, kept for the matching index.

    One row per opening: the model's name, a hash of the embedded text (an
    opening is re-embedded only when its text changes) and the unit vector as
    float32 bytes. `updated_at` is set on every write, including a mere
    "touch" when only the opening's publication changed: the in-process index
    (`dualcareer.openings.matching_index`) syncs from it.
    """

    opening = models.OneToOneField(
        Opening, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    model = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("opening embedding")
        verbose_name_plural = _("opening embeddings")

    def __str__(self) -> str:
        return f"{self.opening_id} · {self.model}"
