"""Reads for the site's own pages: the audit log as far as the reader may read it.

The audit page composes three rules that live elsewhere: which institutions'
entries a user reads (`accounts.selectors.audit_entry_list`), which cases a
user may read (`cases.selectors.visible_case_filter`) and how a reader sees
the people in the log (`cases.selectors.audit_actors_labelled`, with the
display rule in `core.audit.actor_label`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Model, Q
from django.db.models.functions import Cast

from dualcareer.accounts import selectors as account_selectors
from dualcareer.cases import selectors as case_selectors
from dualcareer.cases.models import Case
from dualcareer.core.models import AuditEntry

AUDIT_PAGE_SIZE = 200


def _foreign_keys(model: type[Model]) -> list[Any]:
    return [
        field
        for field in model._meta.get_fields()
        if field.concrete and (field.many_to_one or field.one_to_one)
    ]


@cache
def case_linked_models() -> dict[type[Model], str]:
    """Return every model whose rows belong to a case, with its lookup to that case.

    The case itself ("pk"), models with a foreign key to it (an introduction:
    "case") and models with a foreign key to one of those (a network
    request's recipient: "request__case").
    """
    paths: dict[type[Model], str] = {Case: "pk"}
    models = apps.get_models()
    for model in models:
        for field in _foreign_keys(model):
            if field.related_model is Case and model not in paths:
                paths[model] = field.name
    direct = dict(paths)
    for model in models:
        for field in _foreign_keys(model):
            target = field.related_model
            if model not in paths and target is not Case and target in direct:
                paths[model] = f"{field.name}__{direct[target]}"
    return paths


def _target_keys(model: type[Model], path: str, cases: Any) -> Any:
    """Return a subquery of `target_id` values of `model` rows that belong to `cases`."""
    rows = model._base_manager.filter(**{f"{path}__in": cases})
    return rows.annotate(audit_key=Cast("pk", output_field=CharField())).values("audit_key")


def case_visibility_filter(user: Any) -> Q:
    """Return the filter that keeps only audit entries `user` may read as far as cases go.

    One rule: an entry about a case (its target is the case or belongs to it,
    or its data names the case) is shown only to readers who may read the
    case (`visible_case_filter`: officers of its institution; for a
    confidential case only those assigned). Other entries are not affected.
    """
    visible_cases = Case.objects.filter(case_selectors.visible_case_filter(user))
    visible = visible_cases.values("pk")
    type_ids = []
    readable = Q()
    for model, path in case_linked_models().items():
        content_type = ContentType.objects.get_for_model(model)
        type_ids.append(content_type.pk)
        readable |= Q(target_type=content_type, target_id__in=_target_keys(model, path, visible))
    public_ids = [str(value) for value in visible_cases.values_list("public_id", flat=True)]
    about_a_case = Q(target_type_id__in=type_ids)
    names_a_case = Q(data__has_key="case")
    return (~about_a_case | readable) & (~names_a_case | Q(data__case__in=public_ids))


def audit_entry_list(*, user: Any, limit: int = AUDIT_PAGE_SIZE) -> list[AuditEntry]:
    """Return the newest audit entries `user` may read, each with `actor_label`.

    Coordinators read the entries of their network's members, officers their
    own institution's; entries about a case only if they may read the case.
    The number of queries does not grow with the number of entries.
    """
    entries = (
        account_selectors.audit_entry_list(user=user)
        .filter(case_visibility_filter(user))
        .select_related("actor", "target_type", "institution")
    )
    return case_selectors.audit_actors_labelled(user=user, entries=entries[:limit])
