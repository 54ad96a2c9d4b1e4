"""The exchange between Dual Career officers and employers: introductions of
partners to employers, network requests to members' contacts and their
answers, and employers' interest in ranked anonymised profiles.

The tables keep the names they had in the openings app (`Meta.db_table`):
the models moved here by a state-only migration, without copying data.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dualcareer.cases import consent
from dualcareer.core.models import ChoiceLabelsModel, PublicIdModel, TimeStampedModel
from dualcareer.openings.models import Opening

# Recorded on every introduction: the platform introduces, it does not place.
SELECTION_NOTICE = (
    "The employer's own selection procedure decides. The Dual Career Service "
    "introduces the partner; it does not place them, and the employer is free "
    "in its decision (selection of the best, equal treatment). / "
    "Es entscheidet das eigene Auswahlverfahren des Arbeitgebers. Der Dual Career "
    "Service stellt die Partnerin oder den Partner vor, vermittelt aber nicht; der "
    "Arbeitgeber entscheidet frei (Bestenauslese, Gleichbehandlung)."
)


class EmployerAnswer(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    INTERVIEW = "interview", _("Invited to an interview")
    FORWARDED_HR = "forwarded_hr", _("Forwarded to HR")
    NO_FIT = "no_fit", _("No fit")


class IntroductionQuerySet(models.QuerySet["Introduction"]):
    """Introductions; `with_reveals()` computes every row's reveal in one query when fetched."""

    _with_reveals = False

    def with_reveals(self) -> IntroductionQuerySet:
        """Fetch with `is_revealed` of every row computed at once (no query per row)."""
        clone = self._chain()  # type: ignore[attr-defined]  # Django's private copy, untyped
        clone._with_reveals = True
        return clone

    def _clone(self) -> IntroductionQuerySet:
        clone = super()._clone()  # type: ignore[misc]  # keeps the flag on every copy
        clone._with_reveals = self._with_reveals
        return clone

    def _fetch_all(self) -> None:
        fetched = self._result_cache is not None
        super()._fetch_all()
        if self._with_reveals and not fetched and self._result_cache:
            rows = [row for row in self._result_cache if isinstance(row, Introduction)]
            if rows:
                consent.reveals_in_force(rows)


class Introduction(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
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

    objects = IntroductionQuerySet.as_manager()

    # (revealed_at, reveal in force): `is_revealed` computed once (`consent.reveals_in_force`).
    _reveal_cache: tuple[dt.datetime | None, bool]

    class Meta:
        ordering = ["-created_at", "-id"]
        db_table = "openings_introduction"
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
        label = _("Introduction")
        return f"{label} {str(self.public_id)[:8]}"

    @property
    def partner_user_id(self) -> int | None:
        """The partner whose introduction this is (for the partner's own permissions)."""
        return self.case.partner_user_id

    @property
    def is_speculative(self) -> bool:
        return self.opening_id is None

    def reveal_in_force(self, now: dt.datetime | None = None) -> bool:
        """Whether the employer may see the partner's name and contact now.

        The rule is `cases.consent.reveals_in_force`: the reveal holds only
        while the consent that covered the employer stays in force without a
        break. Lists compute it for all their rows at once
        (`IntroductionQuerySet.with_reveals`).
        """
        return consent.reveal_in_force(self, now)

    @property
    def is_revealed(self) -> bool:
        """`reveal_in_force()`, computed once per value of `revealed_at` of this instance."""
        cached = getattr(self, "_reveal_cache", None)
        if cached is None or cached[0] != self.revealed_at:
            consent.reveals_in_force([self])
            cached = self._reveal_cache
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
        db_table = "openings_networkrequest"
        verbose_name = _("network request")
        verbose_name_plural = _("network requests")

    def __str__(self) -> str:
        label = _("Network request")
        return f"{label} {str(self.public_id)[:8]}"

    @property
    def institution_id(self) -> int:
        return int(self.case.institution_id)


class NetworkRequestRecipient(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
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
        db_table = "openings_networkrequestrecipient"
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
        db_table = "openings_employerinterest"
        verbose_name = _("employer's interest")
        verbose_name_plural = _("employers' interests")
        constraints = [
            models.UniqueConstraint(
                fields=["opening", "case"], name="one_interest_per_opening_and_case"
            )
        ]

    def __str__(self) -> str:
        return f"{self.opening} · {self.case.reference}"


class PartnerInterest(TimeStampedModel):
    """The partner asks their Dual Career Service to introduce them for an opening.

    One per case and opening (asking again changes nothing); the case's
    officers are told by e-mail and see it on the case's exchange page until
    they introduce the partner (`handled_at`).
    """

    GDPR_EXPORT_EXCLUDED = {"case": "the parent record", "created_by": "the partner"}

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="partner_interests"
    )
    opening = models.ForeignKey(
        Opening,
        verbose_name=_("opening"),
        on_delete=models.CASCADE,
        related_name="partner_interests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("introduced"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner's request for an introduction")
        verbose_name_plural = _("partners' requests for an introduction")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "opening"], name="one_partner_interest_per_case_and_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} → {self.opening_id}"


class SavedOpening(TimeStampedModel):
    """An opening the partner keeps on their own list ("save opening")."""

    GDPR_EXPORT_EXCLUDED = {"case": "the parent record"}

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="saved_openings")
    opening = models.ForeignKey(
        Opening, verbose_name=_("opening"), on_delete=models.CASCADE, related_name="saved_by"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved opening")
        verbose_name_plural = _("saved openings")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "opening"], name="one_saved_opening_per_case_and_opening"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.reference} · {self.opening_id}"
