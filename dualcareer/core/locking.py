"""Optimistic locking for edit forms: two people editing the same record see a conflict.

The form carries the record's version as a hidden field (`add_version_field`,
the `updated_at` time in microseconds when the form was shown). On saving,
`lock_unchanged` runs inside the saving transaction: it locks the row
(`SELECT … FOR UPDATE`), compares its version with the form's and raises
`EditConflict` (a ValidationError for the form's top) when someone saved in
between; otherwise it stamps a new `updated_at` with an UPDATE … WHERE the
version is still the form's, so every save through a form moves the version
on (also a save that only changes related rows). The knowledge app does the
same for articles with its own version number.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _

FIELD_NAME = "version"


class EditConflict(forms.ValidationError):
    """The record was saved by someone else since the form was shown."""

    def __init__(self, current_version: str, changed_at: Any) -> None:
        when = formats.date_format(timezone.localtime(changed_at), "DATETIME_FORMAT")
        super().__init__(
            _(
                "Someone else saved this at %(time)s while you were editing it. Your "
                "changes were not saved. The form still shows your entries: compare them "
                "with the current data (open the page again in another tab) and save "
                "again to replace the other change."
            )
            % {"time": when},
            code="edit_conflict",
        )
        self.current_version = current_version


def version_of(obj: models.Model) -> str:
    stamp = obj.updated_at  # type: ignore[attr-defined]
    return str(int(stamp.timestamp() * 1_000_000)) if stamp else "0"


def add_version_field(form: forms.BaseForm, obj: models.Model) -> None:
    """Add the hidden version of `obj` to `form` (as loaded when the form is shown)."""
    form.fields[FIELD_NAME] = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=24
    )
    if not form.is_bound:
        form.initial[FIELD_NAME] = version_of(obj)


def submitted_version(form: forms.BaseForm) -> str:
    """The version the form was shown with ("" if it had none: an old page, no check)."""
    value = form.data.get(FIELD_NAME, "") if form.is_bound else ""
    return str(value) if str(value).isdigit() else ""


def lock_unchanged(obj: models.Model, expected: str) -> None:
    """In a transaction: lock `obj`'s row, refuse if changed since `expected`, stamp a new version.

    On a conflict the bound form should get `error.current_version` (see
    `show_conflict`) so that saving again deliberately replaces the other change.
    """
    model = type(obj)
    current = model._default_manager.select_for_update().only("updated_at").get(pk=obj.pk)
    if expected and version_of(current) != expected:
        raise EditConflict(version_of(current), current.updated_at)  # type: ignore[attr-defined]
    now = timezone.now()
    model._default_manager.filter(pk=obj.pk, updated_at=current.updated_at).update(  # type: ignore[attr-defined]
        updated_at=now
    )
    obj.updated_at = now  # type: ignore[attr-defined]


def show_conflict(form: forms.BaseForm, error: EditConflict) -> None:
    """Put the conflict on the form and its hidden version on the current one."""
    form.add_error(None, error)
    data = form.data.copy()  # type: ignore[attr-defined]
    data[FIELD_NAME] = error.current_version
    form.data = data
