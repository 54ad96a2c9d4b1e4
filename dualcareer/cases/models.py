"""Cases of Dual Career couples: the case, the partner's profile, consent,
process steps and tasks, the counselling log, invitations and handovers.

Personal data lives in `PartnerProfile` (the partner), in the recruited
person's fields of `Case`, in `Activity.note` and in `Invitation.email`.
`dualcareer.cases.gdpr` exports and erases all of it; its test fails when a
field is added here and forgotten there.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from dualcareer.cases import consent as consent_rule
from dualcareer.core.i18n import in_active_language
from dualcareer.core.models import ChoiceLabelsModel, PublicIdModel, TimeStampedModel


class CaseKind(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    RETENTION = "retention", _("Retention")


class CaseStatus(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    INTAKE = "intake", _("Intake")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


# The workflow: which status may follow which (closing has its own service).
STATUS_NEXT: dict[str, tuple[str, ...]] = {
    CaseStatus.INQUIRY: (CaseStatus.INTAKE,),
    CaseStatus.INTAKE: (CaseStatus.ACTIVE,),
    CaseStatus.ACTIVE: (),
    CaseStatus.CLOSED: (),
}


class Outcome(models.TextChoices):
    JOB_NETWORK = "job_network", _("Job found through the network")
    JOB_ELSEWHERE = "job_elsewhere", _("Job found elsewhere")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    FURTHER_EDUCATION = "further_education", _("Further education")
    DID_NOT_COME = "did_not_come", _("Couple did not come")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NO_RESULT = "no_result", _("No result")


class ConsentScope(models.TextChoices):
    INSTITUTION = "institution", _("Share my profile within the institution that supports me")
    ACADEMIC = "academic", _("Share my profile with member universities and research institutes")
    EMPLOYERS = "employers", _("Share my profile with member employers of other sectors")
    CONTACT = "contact", _("Employers may contact me")


class CasePolicy(TimeStampedModel):
    """An institution's rules for its cases: eligibility, support period, retention."""

    institution = models.OneToOneField(
        "network.Institution", on_delete=models.CASCADE, related_name="case_policy"
    )
    eligibility_de = models.TextField(_("who may be served (German)"), blank=True)
    eligibility_en = models.TextField(_("who may be served (English)"), blank=True)
    support_months = models.PositiveSmallIntegerField(
        _("support period in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention period after closing, in months"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Empty: the network default."),
    )

    class Meta:
        verbose_name = _("case policy")
        verbose_name_plural = _("case policies")

    def __str__(self) -> str:
        return str(self.institution)

    @property
    def eligibility(self) -> str:
        return in_active_language(self.eligibility_de, self.eligibility_en)


def retention_months_for(institution_id: int) -> int:
    """Return the retention period (months after closing) of an institution's cases."""
    months = (
        CasePolicy.objects.filter(institution_id=institution_id)
        .values_list("retention_months", flat=True)
        .first()
    )
    return int(months or settings.CASE_RETENTION_MONTHS_DEFAULT)


def add_months(day: dt.date, months: int) -> dt.date:
    """Return `day` plus `months` calendar months (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (31, 30, 29, 28):
        if day.day <= candidate:
            try:
                return dt.date(year, month, min(day.day, candidate))
            except ValueError:
                continue
    return dt.date(year, month, 28)  # pragma: no cover


REFERENCE_PREFIX = "DC"


def reference_for(year: int, number: int) -> str:
    """The readable reference of a case: "DC-2026-0042" (prefix, year, number within the year)."""
    return f"{REFERENCE_PREFIX}-{year}-{number:04d}"


def next_reference(year: int) -> str:
    """The next free reference of `year` (the highest number of that year plus one)."""
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    last = (
        Case.objects.filter(ref__startswith=prefix)
        .annotate(ref_length=Length("ref"))
        .order_by("-ref_length", "-ref")
        .values_list("ref", flat=True)
        .first()
    )
    number = int(last.removeprefix(prefix)) if last and last.removeprefix(prefix).isdigit() else 0
    return reference_for(year, number + 1)


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.exclude(status=CaseStatus.CLOSED)

    def not_anonymised(self) -> CaseQuerySet:
        return self.filter(anonymised_at__isnull=True)


class Case(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """One couple's case at the recruiting institution."""

    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    kind = models.CharField(
        _("kind of case"), max_length=16, choices=CaseKind.choices, default=CaseKind.RECRUITMENT
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.INQUIRY
    )
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("While appointment negotiations run: only the assigned officers see the case."),
    )
    # The recruited person (primary candidate).
    recruited_name = models.CharField(_("name of the recruited person"), max_length=200)
    recruited_position = models.CharField(_("position"), max_length=200, blank=True)
    recruited_department = models.CharField(_("department"), max_length=200, blank=True)
    recruited_start_date = models.DateField(_("start date"), null=True, blank=True)

    assigned_officers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned officers"),
        related_name="assigned_cases",
        blank=True,
    )
    partner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner's account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="partner_cases",
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Status dates.
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    intake_on = models.DateField(_("intake on"), null=True, blank=True)
    active_on = models.DateField(_("active since"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # "The service supports but guarantees no job; employers select by their
    # own procedures": acknowledged by the partner, recorded at intake.
    acknowledged_at = models.DateTimeField(_("acknowledgement recorded"), null=True, blank=True)
    acknowledgement_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    # The readable reference ("DC-2026-0042"), assigned when the case is first saved.
    ref = models.CharField(
        _("reference"), max_length=20, unique=True, null=True, blank=True, editable=False
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) & ~Q(outcome="")
                | (~Q(status="closed") & Q(outcome="")),
                name="case_outcome_only_when_closed",
            ),
        ]
        indexes = [
            # The case list (an institution's cases, newest first): a page reads 50 rows
            # of this index instead of sorting all of the institution's cases (issue 18).
            models.Index(fields=["institution", "-opened_on", "-id"], name="case_inst_opened_idx"),
        ]

    def __str__(self) -> str:
        label = _("Case")
        return f"{label} {self.reference}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save; a new case gets the next readable reference of its opening year.

        Two cases opened at the same moment may pick the same number: the
        unique constraint refuses the second, which then takes the next one.
        """
        if self.ref:
            super().save(*args, **kwargs)
            return
        year = (self.opened_on or timezone.localdate()).year
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "ref"}
        for attempt in range(10):
            self.ref = next_reference(year)
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                taken = Case.objects.filter(ref=self.ref).exists()
                self.ref = None
                if not taken or attempt == 9:
                    raise

    @property
    def reference(self) -> str:
        """The readable reference officers can say on the phone ("DC-2026-0042").

        Cases created in bulk without one fall back to the first part of the public id.
        """
        return self.ref or str(self.public_id).split("-")[0].upper()

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def days_to_outcome(self) -> int | None:
        """Days from opening to closing, once the case is closed."""
        if self.closed_on is None:
            return None
        return (self.closed_on - self.opened_on).days

    @property
    def retention_due_on(self) -> dt.date | None:
        """The day from which the case must be anonymised (closed + retention period)."""
        if self.closed_on is None:
            return None
        return add_months(self.closed_on, retention_months_for(self.institution_id))

    def next_statuses(self) -> tuple[str, ...]:
        return STATUS_NEXT.get(self.status, ())


class ProcessStep(TimeStampedModel):
    """A step of the case process: the network's standard, or an institution's own addition.

    A step without network and institution belongs to the standard every
    network uses; a step with a network is that network's; a step with an
    institution is an addition of that institution. Institutions may add
    steps but never remove the standard or their network's.
    """

    network = models.ForeignKey(
        "network.Network", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    institution = models.ForeignKey(
        "network.Institution", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField(_("code"), max_length=40)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    checklist_de = models.TextField(_("checklist (German)"), blank=True)
    checklist_en = models.TextField(_("checklist (English)"), blank=True)
    due_days = models.PositiveSmallIntegerField(
        _("due within days after opening"), validators=[MaxValueValidator(730)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["order", "due_days", "id"]
        verbose_name = _("process step")
        verbose_name_plural = _("process steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(network__isnull=True) | Q(institution__isnull=True),
                name="process_step_network_or_institution",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.title_en if get_language() == "en" else self.title_de

    @property
    def checklist(self) -> str:
        return in_active_language(self.checklist_de, self.checklist_en)

    @property
    def is_standard(self) -> bool:
        return self.institution_id is None


class CaseTask(TimeStampedModel):
    """A process step for one case: when it is due and whether it is done."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    step = models.ForeignKey(ProcessStep, on_delete=models.PROTECT, related_name="tasks")
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_reminded_on = models.DateField(null=True, blank=True)
    # Set with `done_at` when the case closed before the step was done.
    not_needed = models.BooleanField(_("not needed"), default=False)

    class Meta:
        ordering = ["due_on", "step__order", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(fields=["case", "step"], name="one_task_per_case_and_step")
        ]

    def __str__(self) -> str:
        return f"{self.step} ({self.due_on})"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()


class CaseTaskReminder(models.Model):
    """One officer was reminded of one task on one day (`cases.reminders`).

    Written in the same transaction as the queued e-mail, per officer, so a
    reminder run that stops half-way sends nobody the same reminder twice when
    it runs again. Rows of earlier days are deleted by the next run.
    """

    task = models.ForeignKey(CaseTask, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "user", "sent_on"], name="one_reminder_per_task_user_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.user_id} {self.sent_on}"


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    ITALIAN = "it", _("Italian")
    DUTCH = "nl", _("Dutch")
    POLISH = "pl", _("Polish")
    TURKISH = "tr", _("Turkish")
    ARABIC = "ar", _("Arabic")
    RUSSIAN = "ru", _("Russian")
    UKRAINIAN = "uk", _("Ukrainian")
    PORTUGUESE = "pt", _("Portuguese")
    CHINESE = "zh", _("Chinese")
    JAPANESE = "ja", _("Japanese")
    HINDI = "hi", _("Hindi")
    PERSIAN = "fa", _("Persian")
    OTHER = "other", _("Other language")


class LanguageLevel(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"
    NATIVE = "native", _("Native language")


def language_skills_text(items: object) -> str:
    """A profile's languages for readers: "English (native), German (A2)" in the active language.

    `items` is `PartnerProfile.languages` (a list of {"language", "level"});
    unknown codes are shown as stored, malformed entries skipped.
    """
    if not isinstance(items, list):
        return ""
    names = dict(Language.choices)
    parts = []
    for item in items:
        if not isinstance(item, dict) or not item.get("language"):
            continue
        name = str(names.get(item["language"], item["language"]))
        level = item.get("level") or ""
        if level == LanguageLevel.NATIVE:
            level = pgettext("language level", "native")
        parts.append(f"{name} ({level})" if level else name)
    return ", ".join(parts)


class Degree(models.TextChoices):
    VOCATIONAL = "vocational", _("Vocational training")
    BACHELOR = "bachelor", _("Bachelor's degree")
    MASTER = "master", _("Master's degree or Diplom")
    DOCTORATE = "doctorate", _("Doctorate")
    HABILITATION = "habilitation", _("Habilitation or professorship")
    OTHER = "other", _("Other")


class WorkingTime(models.TextChoices):
    FULL_TIME = "full_time", _("Full time")
    PART_TIME = "part_time", _("Part time")
    EITHER = "either", _("Full or part time")


class Remote(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    HYBRID = "hybrid", _("Partly remote")
    REMOTE = "remote", _("Fully remote")
    ANY = "any", _("Any of these")


def cv_upload_to(instance: PartnerProfile, filename: str) -> str:
    """Store CVs under a random name: the file name may carry the partner's name."""
    extension = ".docx" if filename.lower().endswith(".docx") else ".pdf"
    return f"cases/cv/{uuid.uuid4().hex}{extension}"


# Fields that identify the partner: never shown to employers before the reveal.
IDENTIFYING_FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "birth_date",
    "gender",
    "nationality",
    "street",
    "postcode",
    "city",
    "cv",
    "cv_original_name",
)
# Fields that describe the partner's professional profile (shared anonymised).
PROFESSIONAL_FIELDS: tuple[str, ...] = (
    "profile_language",
    "highest_degree",
    "education",
    "professional_field",
    "experience_years",
    "experience",
    "skills",
    "languages",
    "desired_positions",
    "desired_sectors",
    "working_time",
    "earliest_start",
    "work_places",
    "radius_km",
    "remote",
)
# Bookkeeping fields that are neither.
SYSTEM_FIELDS: tuple[str, ...] = ("id", "case", "created_at", "updated_at", "completed_at")


class PartnerProfile(ChoiceLabelsModel, TimeStampedModel):
    """The accompanying partner's own profile, one per case; the partner edits it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="profile")
    # Identifying data.
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=40, blank=True)
    nationality = models.CharField(_("nationality"), max_length=100, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    cv = models.FileField(_("CV"), upload_to=cv_upload_to, blank=True, max_length=200)
    cv_original_name = models.CharField(max_length=200, blank=True)
    # Professional profile.
    profile_language = models.CharField(
        _("language of this profile"), max_length=8, choices=settings.LANGUAGES, default="de"
    )
    highest_degree = models.CharField(
        _("highest degree"), max_length=16, choices=Degree.choices, blank=True
    )
    education = models.TextField(_("education"), blank=True)
    professional_field = models.CharField(_("professional field"), max_length=200, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("years of professional experience"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
    )
    experience = models.TextField(_("professional experience"), blank=True)
    skills = models.TextField(_("skills"), blank=True)
    languages = models.JSONField(
        _("languages"),
        default=list,
        blank=True,
        help_text='A list of {"language": "de", "level": "C1"} (CEFR levels or "native").',
    )
    desired_positions = models.TextField(_("desired positions"), blank=True)
    desired_sectors = models.JSONField(_("desired sectors"), default=list, blank=True)
    working_time = models.CharField(
        _("working time"), max_length=16, choices=WorkingTime.choices, blank=True
    )
    earliest_start = models.DateField(_("earliest start"), null=True, blank=True)
    work_places = models.CharField(
        _("places where you can work"),
        max_length=300,
        blank=True,
        help_text=_("Cities or postcodes, separated by commas."),
    )
    radius_km = models.PositiveSmallIntegerField(
        _("radius in km"), null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    remote = models.CharField(_("remote work"), max_length=16, choices=Remote.choices, blank=True)
    completed_at = models.DateTimeField(_("profile completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")

    def __str__(self) -> str:
        label = _("Profile")
        return f"{label} {self.case.reference}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def languages_text(self) -> str:
        """The languages with their levels in the reader's language (`language_skills_text`)."""
        return language_skills_text(self.languages)

    def anonymised(self) -> dict[str, Any]:
        """Return the professional fields only: what an employer sees before the reveal."""
        data: dict[str, Any] = {}
        for name in PROFESSIONAL_FIELDS:
            value = getattr(self, name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, list):
                value = [dict(item) if isinstance(item, dict) else item for item in value]
            data[name] = value
        return data

    def missing_for_completion(self) -> list[str]:
        """Return the names of the fields a complete profile still needs."""
        required = (
            "first_name",
            "last_name",
            "email",
            "highest_degree",
            "professional_field",
            "skills",
            "languages",
            "desired_positions",
            "working_time",
        )
        return [name for name in required if not getattr(self, name)]


class Consent(ChoiceLabelsModel, TimeStampedModel):
    """One consent the partner gave, for one scope, with an expiry. Kept as evidence.

    Withdrawing sets `withdrawn_at`; granting the same scope again ends the
    earlier record (`replaced_at`). Rows are never deleted while the case
    exists, so the history of every consent and withdrawal stays provable.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=16, choices=ConsentScope.choices)
    granted_at = models.DateTimeField(_("granted"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    replaced_at = models.DateTimeField(_("replaced by a newer consent"), null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    wording_version = models.CharField(max_length=16, default="2026-1")

    objects = consent_rule.ConsentManager()

    class Meta:
        ordering = ["-granted_at", "-id"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")),
                name="consent_expires_after_granted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} ({self.granted_at:%Y-%m-%d})"

    def is_active(self, now: dt.datetime | None = None) -> bool:
        """Whether this record is in force (the rule: `cases.consent`)."""
        return consent_rule.record_in_force(self, now)


class ActivityKind(models.TextChoices):
    TALK = "talk", _("Counselling talk")
    COACHING = "coaching", _("Coaching")
    CV_REVIEW = "cv_review", _("CV review")
    APPLICATION_SUPPORT = "application_support", _("Application support")
    RELOCATION = "relocation", _("Relocation support")
    CHILDCARE_SCHOOL = "childcare_school", _("Childcare and school information")
    LANGUAGE_COURSE = "language_course", _("Language course")
    INTRODUCTION = "introduction", _("Introduction to an employer")
    OTHER = "other", _("Other")


class Activity(ChoiceLabelsModel, TimeStampedModel):
    """One entry of the counselling log; shared between officers of the case's institution."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="activities")
    # The institution whose officers worked (and may read) this entry: after a
    # handover the new institution does not read the previous one's notes.
    institution = models.ForeignKey(
        "network.Institution", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ActivityKind.choices)
    date = models.DateField(_("date"), default=timezone.localdate)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("internal note"), blank=True)
    reference = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date}"


class Invitation(ChoiceLabelsModel, TimeStampedModel):
    """The officer's invitation to the partner to create an account and fill the profile."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="de")
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        label = _("Invitation")
        return f"{label} {self.case.reference}"

    @property
    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
        )


class HandoverStatus(models.TextChoices):
    AWAITING_PARTNER = "awaiting_partner", _("Awaiting the partner's consent")
    AWAITING_RECEIVER = "awaiting_receiver", _("Awaiting acceptance by the receiving institution")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class Handover(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """Handing a case to another member institution (the couple moves within the network)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="handovers")
    from_institution = models.ForeignKey(
        "network.Institution", on_delete=models.PROTECT, related_name="+"
    )
    to_institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("receiving institution"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        max_length=24, choices=HandoverStatus.choices, default=HandoverStatus.AWAITING_PARTNER
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner_consented_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=["awaiting_partner", "awaiting_receiver"]),
                name="one_pending_handover_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.to_institution}"

    def permission_institution_ids(self) -> set[int]:
        """The receiving institution's officers act on a handover waiting for them."""
        return {self.to_institution_id}
