"""The audit log page for people: filters, pagination, case references instead of database ids.

Which entries a reader reads and how people are named stays in
`selectors.case_visibility_filter`'s rules (`accounts`, `cases`, `core.audit`);
this module adds the filters (period, action, person), the page, and the
record each entry is about in words: the case reference ("DC-2026-0042")
for a case and anything that belongs to one, the name of an institution or
network, else only the kind of record. A page costs the same number of
queries however many entries it shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dualcareer.accounts import selectors as account_selectors
from dualcareer.accounts.models import InstitutionRole
from dualcareer.cases import selectors as case_selectors
from dualcareer.cases.models import Case
from dualcareer.core import audit
from dualcareer.core.audit_labels import ACTION_LABELS, action_label
from dualcareer.core.models import AuditEntry
from dualcareer.core.pagination import CappedPaginator
from dualcareer.site import selectors

PAGE_SIZE = 50
# Entries counted at most: beyond it the page says "more than 10,000" and the
# filters reach older entries. Every case page view writes an entry, so an
# officer's readable log grows with use; the count must not (issue 18).
COUNT_CAP = 10_000
NAMED_TARGETS = ("network.institution", "network.network")


def colleagues(user: Any) -> list[Any]:
    """The reader and the people with a role at one of the reader's institutions (by name)."""
    own = InstitutionRole.objects.filter(user_id=user.pk).values("institution_id")
    users = get_user_model().objects.filter(institution_roles__institution_id__in=own)
    return list(users.distinct().order_by("last_name", "first_name", "email"))


class AuditFilterForm(forms.Form):
    date_from = forms.DateField(
        label=pgettext_lazy("start of a period", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("end of a period", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = sorted(ACTION_LABELS, key=action_label)
        cast(forms.ChoiceField, self.fields["action"]).choices = [
            ("", _("All actions")),
            *[(code, action_label(code)) for code in actions],
        ]
        cast(forms.ChoiceField, self.fields["person"]).choices = [
            ("", _("Everybody")),
            *[(person.pk, person.get_full_name() or person.email) for person in people],
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", _("The end must not be before the start."))
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_entries(*, user: Any, filters: dict[str, Any]) -> Any:
    """The entries `user` may read (`selectors.case_visibility_filter`), filtered, newest first."""
    entries = (
        account_selectors.audit_entry_list(user=user)
        .filter(selectors.case_visibility_filter(user))
        .select_related("actor", "target_type", "institution")
    )
    if filters.get("date_from"):
        entries = entries.filter(created_at__gte=_day_start(filters["date_from"]))
    if filters.get("date_to"):
        day_after = filters["date_to"] + dt.timedelta(days=1)
        entries = entries.filter(created_at__lt=_day_start(day_after))
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("person"):
        entries = entries.filter(actor_id=filters["person"])
    return entries


def attach_records(entries: list[AuditEntry]) -> None:
    """Give each entry `record`: the case reference or a name, never a database id.

    One query per kind of record on the page (a case, an introduction, an
    institution ...) and one for the cases named in the entries' data.
    """
    linked = audit.case_linked_models()
    by_type: dict[int, list[AuditEntry]] = defaultdict(list)
    named_cases: set[str] = set()
    for entry in entries:
        entry.record = ""  # type: ignore[attr-defined]
        if entry.target_type_id is not None:
            by_type[entry.target_type_id].append(entry)
        if isinstance(entry.data, dict) and isinstance(entry.data.get("case"), str):
            named_cases.add(entry.data["case"])
    for type_id, typed in by_type.items():
        content_type = ContentType.objects.get_for_id(type_id)
        model = content_type.model_class()
        if model is None:
            continue
        ids = {entry.target_id for entry in typed if entry.target_id.isdigit()}
        labels: dict[str, str] = {}
        if model in linked:
            path = linked[model]
            ref = "ref" if path == "pk" else f"{path}__ref"
            for pk, value in model._base_manager.filter(pk__in=ids).values_list("pk", ref):
                labels[str(pk)] = value or ""
        elif f"{content_type.app_label}.{content_type.model}" in NAMED_TARGETS:
            for pk, name in model._base_manager.filter(pk__in=ids).values_list("pk", "name"):
                labels[str(pk)] = name
        for entry in typed:
            entry.record = labels.get(entry.target_id, "")  # type: ignore[attr-defined]
    if named_cases:
        refs = {
            str(public_id): ref
            for public_id, ref in Case.objects.filter(public_id__in=named_cases).values_list(
                "public_id", "ref"
            )
        }
        for entry in entries:
            case = entry.data.get("case") if isinstance(entry.data, dict) else None
            if isinstance(case, str) and case in refs and not entry.record:  # type: ignore[attr-defined]
                entry.record = refs[case] or ""  # type: ignore[attr-defined]


def audit_page(*, user: Any, query: Any, page_number: Any) -> dict[str, Any]:
    """The audit page of `user`: the filter form, one page of labelled entries, the page."""
    form = AuditFilterForm(query or None, people=colleagues(user))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = filtered_entries(user=user, filters=filters)
    page: Page[Any] = CappedPaginator(entries, PAGE_SIZE, cap=COUNT_CAP).get_page(page_number)
    labelled = case_selectors.audit_actors_labelled(user=user, entries=page.object_list)
    attach_records(labelled)
    return {"form": form, "page": page, "entries": labelled}
