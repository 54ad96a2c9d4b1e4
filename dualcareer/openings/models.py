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
    WorkingTime,  # one vocabulary for openings and profiles
)
from dualcareer.core.i18n import in_active_language
from dualcareer.core.models import ChoiceLabelsModel, PublicIdModel, TimeStampedModel
from dualcareer.openings.cells import cells_text

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


def live_condition(today: dt.date | None = None) -> Q:
    """The condition of `OpeningQuerySet.live`, as a filter that can also be negated."""
    today = today or timezone.localdate()
    return Q(is_published=True) & (Q(closing_date__isnull=True) | Q(closing_date__gte=today))


def live_public_condition(today: dt.date | None = None) -> Q:
    """The live public openings: what every reader sees, signed in or not (the least that
    `selectors.openings_visible` gives anybody). The counts that let a list say "more than"
    without counting it are counts of these (`services.search_words_prune`,
    `selectors.live_public_at_least`)."""
    return live_condition(today) & Q(visibility=Visibility.PUBLIC)


class OpeningQuerySet(models.QuerySet["Opening"]):
    def live(self, today: dt.date | None = None) -> OpeningQuerySet:
        """Published openings whose closing date has not passed (whatever the flag says)."""
        return self.filter(live_condition(today))


class Opening(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
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
    # The level required per language ({"de": "C1"}); a language without one needs B2.
    language_levels = models.JSONField(_("language levels required"), default=dict, blank=True)
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
    # The grid cells of its places (`cells.cells_text`), written with the search column:
    # the radius filter's index on PostgreSQL (migration 0014).
    place_cells = models.TextField(blank=True, default="", editable=False)
    # The member's job feed this opening came from (kept in sync by `feeds`), and when
    # the feed closed it because it disappeared from there (reopened if it comes back).
    feed = models.ForeignKey(
        "openings.FeedSource",
        verbose_name=_("job feed"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="openings",
    )
    feed_closed_at = models.DateTimeField(_("closed by the feed"), null=True, blank=True)

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
        indexes = [
            models.Index(fields=["is_published", "closing_date"]),
            # The lists' order (newest first) over published openings only: the first
            # page reads this index instead of sorting the table (issue 18).
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(is_published=True),
                name="opening_published_newest_idx",
            ),
            # The employer's "my openings" (newest first, one institution).
            models.Index(fields=["institution", "-created_at"], name="opening_inst_newest_idx"),
        ]
        # On PostgreSQL the search column also has a trigram GIN index for
        # `LIKE '%word%'` (migration 0010, not a model index: SQLite has none).

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

    def set_languages(
        self, codes: list[str] | tuple[str, ...], levels: dict[str, str] | None = None
    ) -> None:
        """Set the required languages; `levels` (code -> CEFR level) replaces the levels when
        given, else the levels of languages still required are kept."""
        ordered = [code for code, _label in LANGUAGE_CHOICES if code in set(codes)]
        self.languages = f",{','.join(ordered)}," if ordered else ""
        source = levels if levels is not None else dict(self.language_levels or {})
        self.language_levels = {code: source[code] for code in ordered if source.get(code)}

    def level_of(self, code: str) -> str:
        """The level required for language `code` ("" when the employer set none)."""
        return str((self.language_levels or {}).get(code, ""))

    def language_labels(self) -> list[str]:
        labels = dict(LANGUAGE_CHOICES)
        return [
            f"{labels.get(code, code)} ({self.level_of(code)})"
            if self.level_of(code)
            else str(labels.get(code, code))
            for code in self.language_list
        ]

    def is_expired(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.closing_date is not None and self.closing_date < today

    def index_places(self, places: list[OpeningPlace] | None = None) -> None:
        """Fill the search column and the places' grid cells (call before saving).

        Every writer of an opening's places calls this, so that the word search
        and the radius filter (`selectors.apply_filters`) find it.
        """
        places = places if places is not None else list(self.places.all())
        self.search_text = self.build_search_text(places)
        self.place_cells = cells_text(places)

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
    """One place where the work is done; an opening may have several.

    `country` is an ISO 3166-1 alpha-2 code. A place outside Germany has a
    town and no postcode (`postcode` is a German postcode only), and
    coordinates only when the source gave them: never look it up in the
    German postcode gazetteer. Coordinates are range-checked when written.
    """

    opening = models.ForeignKey(Opening, on_delete=models.CASCADE, related_name="places")
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=5, blank=True, validators=[postcode_validator]
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="DE",
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Enter a two-letter country code."))],
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90.0), MaxValueValidator(90.0)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180.0), MaxValueValidator(180.0)],
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("place of work")
        verbose_name_plural = _("places of work")
        constraints = [
            models.CheckConstraint(
                condition=~Q(postcode="") | ~Q(city=""), name="opening_place_postcode_or_city"
            ),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90.0, latitude__lte=90.0),
                name="opening_place_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True)
                | Q(longitude__gte=-180.0, longitude__lte=180.0),
                name="opening_place_longitude_range",
            ),
        ]
        # The radius filter's bounding box; on PostgreSQL the index also carries the
        # opening, so the places in a box are read from the index alone (issue 18).
        indexes = [
            models.Index(
                fields=["latitude", "longitude"], include=["opening"], name="opening_place_box_idx"
            )
        ]

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


class OpeningEmbedding(models.Model):
    """The sentence embedding of an opening's text, kept for the matching index.

    One row per opening: the model's name, a hash of the embedded text (an
    opening is re-embedded only when its text changes) and the unit vector as
    float32 bytes. `updated_at` is set on every write, including a mere
    "touch" when only the opening's publication changed: the in-process index
    (`dualcareer.openings.matchmaking.index`) syncs from it.
    """

    opening = models.OneToOneField(
        Opening, on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    model = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    # The title's ESCO links as the engine computes them ([[uri, score], ...]), written with
    # the vector; `links_key` names the linker (``Matcher.links_key``). Null: not yet stored.
    links = models.JSONField(null=True, blank=True)
    links_key = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("opening embedding")
        verbose_name_plural = _("opening embeddings")

    def __str__(self) -> str:
        return f"{self.opening_id} · {self.model}"


class ProfileEmbedding(models.Model):
    """The sentence embedding of a partner profile's text (desired positions and summary).

    Kept like :class:`OpeningEmbedding`: the model's name, a hash of the
    embedded text (embedded again only when the text changes) and the unit
    vector as float32 bytes. The text is the professional part of the
    profile only (never name or contact); the row goes with the profile.
    """

    profile = models.OneToOneField(
        "cases.PartnerProfile",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="embedding",
    )
    model = models.CharField(max_length=100)
    text_hash = models.CharField(max_length=64)
    vector = models.BinaryField()
    # Each desired position's ESCO links ({position: [[uri, score], ...]}), written with the
    # vector; `links_key` names the linker (``Matcher.links_key``). Null: not yet stored.
    links = models.JSONField(null=True, blank=True)
    links_key = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("profile embedding")
        verbose_name_plural = _("profile embeddings")

    def __str__(self) -> str:
        return f"{self.profile_id} · {self.model}"


class FeedKind(models.TextChoices):
    """What a member's job feed address serves."""

    PAGE = "page", _("Career page with JobPosting markup (JSON-LD, Microdata or RDFa)")
    SITEMAP = "sitemap", _("Sitemap of posting pages")
    JSON = "json", _("JSON feed of schema.org JobPostings")
    PERSONIO = "personio", _("Personio XML job feed (…jobs.personio.de/xml)")


class FeedSource(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """A member's job feed: fetched on a schedule, its openings kept in sync.

    `etag` and `last_modified` are the validators of the last answer, sent
    back as a conditional request (an unchanged feed answers 304 and is not
    parsed). `failures` counts failed runs in a row; at `FEED_FLAG_AFTER` the
    feed is flagged and its owner (`created_by`) e-mailed once.
    """

    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("employer"),
        on_delete=models.CASCADE,
        related_name="job_feeds",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("address"), max_length=500)
    kind = models.CharField(_("kind of feed"), max_length=16, choices=FeedKind.choices)
    visibility = models.CharField(
        _("visibility of its openings"),
        max_length=16,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    is_active = models.BooleanField(_("fetched on schedule"), default=True)
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_checked_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last read successfully"), null=True, blank=True)
    failures = models.PositiveSmallIntegerField(_("failures in a row"), default=0)
    flagged_at = models.DateTimeField(_("flagged"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    last_run = models.ForeignKey(
        "core.JobRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["url"]
        verbose_name = _("job feed")
        verbose_name_plural = _("job feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "url"], name="feed_unique_url_per_employer"
            )
        ]

    def __str__(self) -> str:
        return self.url
