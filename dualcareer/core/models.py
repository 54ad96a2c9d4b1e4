"""Base model pieces shared by every app, and the audit log."""

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.choices import BaseChoiceIterator, flatten_choices
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Adds creation and modification times."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class PublicIdModel(models.Model):
    """Adds a random public id for URLs, so that records cannot be enumerated."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


# The attribute of a field that holds its lookup table: (the choices it was built from, table).
_CHOICE_LABELS = "_dualcareer_choice_labels"


def choice_labels(field: models.Field[Any, Any]) -> dict[Any, Any]:
    """The field's choices as a dict {value: label}, labels untranslated (lazy).

    Built on the first call and kept on the field object; built again if the
    field's choices are replaced. Choices from a callable are read on every
    call (they may change), as Django does.
    """
    choices: Any = field.choices
    cached = vars(field).get(_CHOICE_LABELS)
    if cached is not None and cached[0] is choices:
        return cached[1]
    # Keys as Django's `Model._get_FIELD_display` makes them; the labels are
    # not hashed (hashing a lazy label translates it).
    pairs: Iterable[tuple[Any, Any]] = flatten_choices(choices)
    table = {make_hashable(value): label for value, label in pairs}
    if not isinstance(choices, BaseChoiceIterator):
        # One assignment: two threads building at once store equal tables.
        vars(field)[_CHOICE_LABELS] = (choices, table)
    return table


class ChoiceLabelsModel(models.Model):
    """`get_FOO_display()` from a table per field: a dict lookup, the chosen label translated.

    Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))`
    on every call, which translates every lazy label of the field (a tenth of
    the member directory's Python time, docs/performance.md). The result is the
    same: the label in the language active at the call, the value itself when
    it is not one of the choices. Adds no field (no migration).
    """

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field[Any, Any]) -> Any:
        value = getattr(self, field.attname)
        table = choice_labels(field)
        try:
            label = table.get(value, value)
        except TypeError:  # an unhashable value (a list, a dict): Django's key for it
            label = table.get(make_hashable(value), value)
        # force_str() translates a lazy label now, in the active language.
        return force_str(label, strings_only=True)


class AuditEntry(models.Model):
    """Who did what to which object, when: one row per change or sensitive read.

    `data` holds codes, ids and numbers only, never free text about a person
    (see `dualcareer.core.audit`).
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    institution = models.ForeignKey(
        "network.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("data"), default=dict, blank=True)
    # The public id of the case this entry is about, set by `core.audit` when the
    # entry is written: its target is the case or belongs to it, or its data names
    # the case. Empty for entries about no case. `audit.UNREADABLE_CASE` marks an
    # entry about a case that could not be found (nobody reads it as a case's).
    # The audit pages show an entry about a case only to readers of that case.
    about_case = models.UUIDField(null=True, blank=True, db_index=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            # What a reader who may read no case sees (a coordinator): listed newest
            # first and counted through this index alone, whatever the number of
            # entries about cases.
            models.Index(
                fields=["created_at", "institution"],
                condition=models.Q(about_case__isnull=True),
                name="core_audit_not_about_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_id}"

    @property
    def action_text(self) -> str:
        """The action in the reader's language ("Case opened"), see `core.audit_labels`."""
        from dualcareer.core.audit_labels import action_label

        return action_label(self.action)

    @property
    def target_text(self) -> str:
        """The kind of record in the reader's language ("Case"), not the model's code."""
        if self.target_type is None:
            return ""
        model = self.target_type.model_class()
        name = model._meta.verbose_name if model is not None else self.target_type.model
        return str(name)[:1].upper() + str(name)[1:]


class OutgoingMail(ChoiceLabelsModel):
    """One rendered e-mail waiting for the worker (the outbox; see `dualcareer.core.mail`).

    Holds personal data (the address and the rendered text, which may carry a
    one-time link): a row is deleted as soon as its message is sent, and a
    message that finally failed is deleted MAIL_FAILED_RETENTION_DAYS later
    (`jobs_cleanup`). `institution_id` names the institution the message is
    about, when the sender knows it, so that its coordinators see failures.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    to = models.EmailField(_("recipient"), max_length=254)
    language = models.CharField(_("language"), max_length=8)
    template = models.CharField(_("template"), max_length=200)
    subject = models.TextField(_("subject"))
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    # Replies go to this address (e.g. the partner's Dual Career officer), not to the sender.
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    institution_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=100, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.template} ({self.status})"

    @property
    def masked_to(self) -> str:
        """The address with the local part hidden: `e…@example.org`."""
        local, _at, domain = self.to.partition("@")
        return f"{local[:1]}…@{domain}"


class PendingFileDeletion(models.Model):
    """A stored file whose record is gone but whose deletion failed: retried by `jobs_cleanup`."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    name = models.CharField(_("file"), max_length=300)
    storage = models.CharField(max_length=50, default="default")
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("pending file deletion")
        verbose_name_plural = _("pending file deletions")

    def __str__(self) -> str:
        return self.name


class JobRun(ChoiceLabelsModel, PublicIdModel):
    """A long piece of work run by the worker, with its progress (a JobPosting import).

    The worker stores its progress per batch, in the same transaction as the
    batch's changes (`batches_done`, `done`, `report`), so a worker killed
    half-way continues where it stopped. `input` (the feed) is emptied once
    the run is finished; `report` lists items by position and reference only.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(max_length=50)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    institution_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(default=dict, blank=True)
    input = models.TextField(blank=True)
    total = models.PositiveIntegerField(null=True, blank=True)
    done = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    batches_done = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)  # items per result: created, updated ...
    report = models.JSONField(default=list, blank=True)  # the items to list, by position
    updated_at = models.DateTimeField(auto_now=True)
    last_error = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")

    def __str__(self) -> str:
        return f"{self.kind} {self.public_id} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.is_finished else 0
        return min(100, self.done * 100 // self.total)


class WorkerHeartbeat(models.Model):
    """The last time each background worker process was alive (`manage.py worker`).

    Read by the readiness check (`/readyz`): a worker that has not beaten for
    `READINESS_WORKER_MAX_AGE_MINUTES` counts as down. Holds no personal data.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    beat_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.beat_at:%Y-%m-%d %H:%M:%S}"


class FormToken(models.Model):
    """A one-time token of a creating form: its second submission finds the first result.

    The token is inserted in the transaction that creates the object; the
    unique constraint lets exactly one of two simultaneous submissions
    through (`dualcareer.core.idempotency`). `result` names what was created
    (a URL path without personal data). Rows are pruned by `jobs_cleanup`.
    """

    token = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=50)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    result = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("form token")
        verbose_name_plural = _("form tokens")

    def __str__(self) -> str:
        return f"{self.scope} {self.created_at:%Y-%m-%d %H:%M}"
