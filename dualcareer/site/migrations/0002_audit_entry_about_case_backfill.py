"""Fill `AuditEntry.about_case` for the entries written before the column existed.

The rule is the one the audit pages applied when they read an entry: an
entry is about a case if its target is the case or belongs to it (found
through the foreign keys to the case), or if its data names the case under
"case". An entry whose target belonged to a case but was deleted since gets
`UNREADABLE_CASE`, so it stays hidden as it was. The rule is copied here and
not imported: a migration must not change when the code does.

Entries are read and written in batches by primary key, so the migration's
memory does not grow with the audit table. `manage.py audit_about_case`
runs the same fill again for the entries still without a case (those the
previous release wrote while this migration ran).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from django.db import migrations

UNREADABLE_CASE = uuid.UUID(int=0)
BATCH = 2000


def _foreign_keys(model: Any) -> list[Any]:
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one)
    ]


def case_linked_models(apps: Any) -> dict[Any, str]:
    """The models whose rows belong to a case, with the lookup to the case's public id."""
    case_model = apps.get_model("cases", "Case")
    paths: dict[Any, str] = {case_model: "public_id"}
    installed = list(apps.get_models())
    direct: dict[Any, str] = {}
    for model in installed:
        for field in _foreign_keys(model):
            if field.related_model is case_model and model not in paths:
                paths[model] = direct[model] = field.name
    for model in installed:
        for field in _foreign_keys(model):
            if model not in paths and field.related_model in direct:
                paths[model] = f"{field.name}__{direct[field.related_model]}"
    return {
        model: path if path == "public_id" else f"{path}__public_id"
        for model, path in paths.items()
    }


def _batches(queryset: Any, *fields: str) -> Any:
    last = 0
    while True:
        rows = list(queryset.filter(pk__gt=last).order_by("pk").values_list("pk", *fields)[:BATCH])
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def _case_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return UNREADABLE_CASE


def backfill(apps: Any, schema_editor: Any, *, only_missing: bool = False) -> int:
    """Fill the column; with `only_missing`, only for the entries without a case yet.

    One pass over the entries in batches by primary key: per batch, the
    targets' cases in one query per case-linked model, then each entry's
    case from its target and its data. Returns the number of entries written.
    """
    entry_model = apps.get_model("core", "AuditEntry")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    linked: dict[int, tuple[Any, str]] = {}
    for model, lookup in case_linked_models(apps).items():
        content_type = content_type_model.objects.filter(
            app_label=model._meta.app_label, model=model._meta.model_name
        ).first()
        if content_type is not None:
            linked[content_type.pk] = (model, lookup)
    entries = entry_model.objects.all()
    if only_missing:
        entries = entries.filter(about_case__isnull=True)
    written = 0
    for rows in _batches(entries, "target_type_id", "target_id", "data", "about_case"):
        wanted: dict[int, set[int]] = defaultdict(set)
        for _pk, type_id, target, _data, _about in rows:
            if type_id in linked and target.isdigit():
                wanted[type_id].add(int(target))
        cases: dict[tuple[int, int], uuid.UUID] = {}
        for type_id, keys in wanted.items():
            model, lookup = linked[type_id]
            for key, case in model._base_manager.filter(pk__in=keys).values_list("pk", lookup):
                cases[(type_id, key)] = case
        updates = []
        for pk, type_id, target, data, about in rows:
            case: uuid.UUID | None = None
            if type_id in linked:
                # a target deleted since: its case cannot be known, nobody reads it
                found = cases.get((type_id, int(target))) if target.isdigit() else None
                case = found if found is not None else UNREADABLE_CASE
            if isinstance(data, dict) and "case" in data:
                named = _case_id(data["case"])
                # the pages required both to be readable: differing, nobody reads it
                case = named if case is None or case == named else UNREADABLE_CASE
            if case != about:
                updates.append(entry_model(pk=pk, about_case=case))
        written += entry_model.objects.bulk_update(updates, ["about_case"])
    return written


class Migration(migrations.Migration):
    dependencies = [
        ("site", "0001_today_handled_items"),
        ("core", "0005_audit_entry_about_case"),
        ("cases", "0006_case_list_index"),
        ("exchange", "0002_partner_interest_and_saved_opening"),
        ("openings", "0015_search_word_counts"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
