"""What a network publishes of its statistics (the only stored state of this app)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualcareer.core.models import TimeStampedModel


class FigureGroup(models.TextChoices):
    """The groups of figures; a network publishes any of them on its public statistics page."""

    CASES = "cases", _("Cases per year and institution")
    KINDS = "kinds", _("Recruitment and retention")
    OUTCOMES = "outcomes", _("Outcomes")
    DURATION = "duration", _("Time to outcome")
    PARTNERS = "partners", _("Professional fields and desired sectors of partners")
    INTRODUCTIONS = "introductions", _("Introductions and employers' answers")
    TRAININGS = "trainings", _("Trainings and participants")


class PublicationSetting(TimeStampedModel):
    """The figure groups a network shows the public (nothing until a coordinator chooses)."""

    network = models.OneToOneField(
        "network.Network",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="statistics_publication",
    )
    groups = models.JSONField(_("published figure groups"), default=list, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("publication of statistics")
        verbose_name_plural = _("publications of statistics")

    def __str__(self) -> str:
        return f"{self.network_id}: {', '.join(self.groups)}"
