"""Writes of the site's own pages: marking items of the officer's "today" page as handled.

A mark is the user's own (colleagues keep theirs); it is written with an
audit entry about the item it marks. Marking a task done is not a mark:
it changes the case (`cases.services.task_set_done`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from dualcareer.core import audit
from dualcareer.site import selectors
from dualcareer.site.models import HandledItem, TodayKind


def today_item_mark(*, user: Any, kind: str, item: str, handled: bool = True) -> bool:
    """Mark an item of the user's "today" page as handled (or not); return whether it is marked.

    The item must be one the page shows the user (else Http404 from the
    selector): nobody marks what they may not see.
    """
    if kind not in TodayKind.values:
        raise ValidationError({"kind": _("Unknown kind of item.")})
    target: Model = selectors.today_item(user=user, kind=kind, item=item)
    key = selectors.today_item_key(kind, target)
    case = getattr(target, "case", None) or target.request.case  # type: ignore[attr-defined]
    with transaction.atomic():
        if handled:
            _mark, created = HandledItem.objects.get_or_create(user=user, kind=kind, item=key)
            changed = created
        else:
            changed = HandledItem.objects.filter(user=user, kind=kind, item=key).delete()[0] > 0
        if changed:
            audit.log(
                target,
                "today.item_handled" if handled else "today.item_reopened",
                actor=user,
                institution_id=case.institution_id,
                data={"kind": kind},
            )
    return handled
