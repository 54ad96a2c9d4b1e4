"""The site's own records: what an officer marked as handled on the "today" page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dualcareer.core.models import ChoiceLabelsModel


class TodayKind(models.TextChoices):
    ANSWER = "answer", _("Employer's answer")
    INTEREST = "interest", _("Employer's interest")
    REQUEST = "request", _("Incoming network request")


class HandledItem(ChoiceLabelsModel):
    """One item of the "today" page that one user marked as handled (per user, not shared).

    Tasks are not marked here: marking a task done changes the case (and is
    audited by `cases.services.task_set_done`). The item is named by its
    kind and its id (an introduction's public id, an interest's id, a request
    recipient's public id); it is removed when the user undoes the mark.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="handled_items"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TodayKind.choices)
    item = models.CharField(_("item"), max_length=64)
    handled_at = models.DateTimeField(_("handled"), default=timezone.now)

    class Meta:
        verbose_name = _("handled item")
        verbose_name_plural = _("handled items")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "item"], name="one_mark_per_user_item")
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.item}"
