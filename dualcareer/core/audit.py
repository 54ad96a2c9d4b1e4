"""The audit log: `audit.log(target, "case.viewed", actor=user)`.

Call it inside the same `transaction.atomic()` block as the change it
records, so that either both are stored or neither. The payload must not
carry free text about a person: only numbers, booleans, UUIDs and short
lower-case codes are accepted, anything else raises `ValueError`, so a
developer who tries to log a name or a note finds out in the first test.

Each entry records the case it is about (`AuditEntry.about_case`): the
target's case when the target is a case or belongs to one, else the case
its data names under "case". The audit pages show such an entry only to
readers of that case, with one indexed comparison.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext as _

from dualcareer.core.models import AuditEntry

_CODE = re.compile(r"^[a-z0-9_.:\-]{0,64}$")
_ACTION = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")


def _clean_value(key: str, value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        if not _CODE.match(value):
            raise ValueError(f"audit data {key!r} must be a short lower-case code, not free text")
        return value
    if isinstance(value, list | tuple):
        return [_clean_value(key, item) for item in value]
    raise ValueError(f"audit data {key!r} has unsupported type {type(value).__name__}")


def clean_payload(data: dict[str, Any] | None) -> dict[str, Any]:
    """Return `data` checked to hold codes, ids and numbers only."""
    cleaned: dict[str, Any] = {}
    for key, value in (data or {}).items():
        if not _CODE.match(key):
            raise ValueError(f"audit data key {key!r} must be a lower-case code")
        cleaned[key] = _clean_value(key, value)
    return cleaned


def _institution_id_of(target: models.Model | None) -> int | None:
    if target is None:
        return None
    if target._meta.label == "network.Institution":
        return int(target.pk)
    institution_id = getattr(target, "institution_id", None)
    return int(institution_id) if institution_id is not None else None


# --- which case an entry is about --------------------------------------------------

CASE_MODEL = ("cases", "Case")
# `about_case` of an entry about a case that could not be found (its record was
# deleted before the column existed, or the data's "case" is not a case's id):
# no case has this id, so no reader reads the entry as a case's.
UNREADABLE_CASE = uuid.UUID(int=0)


def _foreign_keys(model: type[models.Model]) -> list[Any]:
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one)
    ]


@cache
def case_linked_models() -> dict[type[models.Model], str]:
    """Return every model whose rows belong to a case, with its lookup to that case.

    The case itself ("pk"), models with a foreign key to it (an introduction:
    "case") and models with a foreign key to one of those (a network
    request's recipient: "request__case"). Found from the installed models,
    so that the base layer names no app above it.
    """
    case_model = apps.get_model(*CASE_MODEL)
    paths: dict[type[models.Model], str] = {case_model: "pk"}
    installed = apps.get_models()
    for model in installed:
        for field in _foreign_keys(model):
            if field.related_model is case_model and model not in paths:
                paths[model] = field.name
    direct = dict(paths)
    for model in installed:
        for field in _foreign_keys(model):
            target = field.related_model
            if model not in paths and target is not case_model and target in direct:
                paths[model] = f"{field.name}__{direct[target]}"
    return paths


def _case_id(value: Any) -> uuid.UUID:
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError:
        return UNREADABLE_CASE


def case_about(target: models.Model | None, data: Mapping[str, Any] | None) -> uuid.UUID | None:
    """Return the public id of the case an entry on `target` with `data` is about, or None.

    The target's case if the target is a case or belongs to one (found through
    the loaded relations, a query only for one not loaded), else the case the
    data names under "case". Raises `ValueError` if the two name different cases.
    """
    about: uuid.UUID | None = None
    if target is not None:
        linked = case_linked_models()
        concrete = target._meta.concrete_model
        path = linked.get(type(target)) or (linked.get(concrete) if concrete else None)
        if path is not None:
            case: Any = target
            for name in [] if path == "pk" else path.split("__"):
                case = getattr(case, name, None) if case is not None else None
            about = _case_id(case.public_id) if case is not None else UNREADABLE_CASE
    if data and "case" in data:
        named = _case_id(data["case"])
        if about is not None and named != about:
            raise ValueError("audit data 'case' names another case than the target's")
        about = named
    return about


def new_entry(
    target: models.Model | None,
    action: str,
    *,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    institution_id: int | None = None,
) -> AuditEntry:
    """Return an unsaved audit entry, checked as `log` checks it (for `bulk_create`)."""
    if not _ACTION.match(action):
        raise ValueError(f"audit action {action!r} must look like 'noun.verb'")
    payload = clean_payload(data)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        actor=actor_obj,
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        institution_id=institution_id if institution_id is not None else _institution_id_of(target),
        data=payload,
        about_case=case_about(target, data),
    )


def log(
    target: models.Model | None,
    action: str,
    *,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    institution_id: int | None = None,
) -> AuditEntry:
    """Write one audit entry for `action` on `target` by `actor` and return it."""
    new = new_entry(target, action, actor=actor, data=data, institution_id=institution_id)
    new.save(force_insert=True)
    return new


def entries_for(target: models.Model) -> models.QuerySet[AuditEntry]:
    """Return the audit entries about `target`, newest first."""
    return AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    )


# --- how the audit pages name the people in it ---------------------------------

NO_ACTOR = "\u2013"  # an en dash, as elsewhere in the tables


@dataclass(frozen=True)
class StaffRole:
    """One role an actor holds, as the audit pages name it to readers who do not know them."""

    institution_id: int
    role: str
    institution: str


def _initials(actor: Any) -> str:
    names = [actor.first_name, actor.last_name]
    return " ".join(f"{name.strip()[0].upper()}." for name in names if name and name.strip())


def actor_label(
    actor: Any,
    *,
    entry_institution_id: int | None,
    reader_id: int | None,
    colleague_ids: Collection[int],
    known_partner_ids: Collection[int],
    roles: Sequence[StaffRole],
) -> str:
    """Return how an audit page names `actor` to a reader: the one display rule.

    - no actor (the system, an anonymous visitor): a dash;
    - the reader and their colleagues (people with a role at one of the
      reader's institutions): by name, their e-mail address if they have none;
    - a partner: by name to readers who may read the partner's case
      (`known_partner_ids`), to everyone else as "Partner";
    - other staff: by role and institution (the role at the entry's
      institution if they hold one there), never by name or e-mail;
    - anyone else: by initials.
    """
    if actor is None:
        return NO_ACTOR
    if actor.pk == reader_id or (not actor.is_partner and actor.pk in colleague_ids):
        return str(actor.get_full_name() or actor.email)
    if actor.is_partner:
        if actor.pk in known_partner_ids and actor.get_full_name():
            return str(actor.get_full_name())
        return _("Partner")
    if roles:
        role = next((r for r in roles if r.institution_id == entry_institution_id), roles[0])
        return _("%(role)s, %(institution)s") % {"role": role.role, "institution": role.institution}
    return _initials(actor) or _("Staff member")


def label_actors(
    entries: Iterable[AuditEntry],
    *,
    reader_id: int | None,
    colleague_ids: Collection[int],
    known_partner_ids: Collection[int],
    roles: Mapping[int, Sequence[StaffRole]],
) -> list[AuditEntry]:
    """Set `actor_label` (see `actor_label`) on each entry and return the entries as a list.

    The caller gathers the facts for all entries at once (the actors' roles,
    the reader's colleagues), so that labelling costs no query per entry.
    """
    labelled = list(entries)
    for entry in labelled:
        entry.actor_label = actor_label(  # type: ignore[attr-defined]
            entry.actor,
            entry_institution_id=entry.institution_id,
            reader_id=reader_id,
            colleague_ids=colleague_ids,
            known_partner_ids=known_partner_ids,
            roles=roles.get(entry.actor_id, ()) if entry.actor_id is not None else (),
        )
    return labelled
