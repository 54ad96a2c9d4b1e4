"""Reads for the site's own pages: which audit entries a reader may read, the "today" page.

The audit page (`audit_page.filtered_entries`) composes three rules that
live elsewhere: which institutions' entries a user reads
(`accounts.selectors.audit_entry_list`), which cases a user may read
(`cases.selectors.visible_case_filter`, applied to the entries by
`case_visibility_filter` below) and how a reader sees the people in the log
(`cases.selectors.audit_actors_labelled`, with the display rule in
`core.audit.actor_label`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from dualcareer.cases import selectors as case_selectors
from dualcareer.cases.models import Case


def case_visibility_filter(user: Any) -> Q:
    """Return the filter that keeps only audit entries `user` may read as far as cases go.

    One rule: an entry about a case (its target is the case or belongs to it,
    or its data names the case: `AuditEntry.about_case`, set when the entry
    is written) is shown only to readers who may read the case
    (`visible_case_filter`: officers of its institution; for a confidential
    case only those assigned). Other entries are not affected. A reader who
    may read no case (a coordinator) gets the plain condition, which the
    partial index `core_audit_not_about_case` answers.
    """
    visible_cases = Case.objects.filter(case_selectors.visible_case_filter(user))
    about_no_case = Q(about_case__isnull=True)
    if not visible_cases.exists():
        return about_no_case
    return about_no_case | Q(about_case__in=visible_cases.values("public_id"))


# --- the officer's "today" page ----------------------------------------------------

TODAY_DAYS = 30  # answers and interest of the last 30 days
TODAY_TASK_DAYS = 3  # tasks due within the next 3 days (and every overdue one)


def today_item_key(kind: str, target: Any) -> str:
    """The key a mark of the "today" page names its item by."""
    if kind == "interest":
        return str(target.pk)
    return str(target.public_id)


def _handled_keys(user: Any) -> dict[str, set[str]]:
    from dualcareer.site.models import HandledItem

    keys: dict[str, set[str]] = {"answer": set(), "interest": set(), "request": set()}
    for kind, item in HandledItem.objects.filter(user=user).values_list("kind", "item"):
        keys.setdefault(kind, set()).add(item)
    return keys


def may_see_today(user: Any) -> bool:
    """Whether `user` has a "today" page: officers (cases) and members' Dual Career contacts."""
    from dualcareer.accounts import permissions

    return bool(
        permissions.institution_ids_with(user, "case.view")
        or permissions.institution_ids_with(user, "network_request.answer")
    )


def may_see_cases(user: Any) -> bool:
    """Whether `user` works on cases (an officer): the "today" page then links to them."""
    from dualcareer.accounts import permissions

    return bool(permissions.institution_ids_with(user, "case.view"))


def today_for(*, user: Any, show_handled: bool = False) -> dict[str, Any]:
    """What waits for `user` today: due and overdue tasks of their cases, employers' new
    answers and interest, network requests addressed to their institution.

    Items the user marked as handled are left out (counted in `handled`) unless
    `show_handled`; each row carries `handled` for the page's button.
    """
    from dualcareer.exchange import selectors as exchange_selectors

    marked = _handled_keys(user)
    handled_count = 0

    def rows(kind: str, objects: Any) -> list[tuple[Any, bool]]:
        nonlocal handled_count
        result = []
        for obj in objects:
            is_handled = today_item_key(kind, obj) in marked[kind]
            handled_count += is_handled
            if show_handled or not is_handled:
                result.append((obj, is_handled))
        return result

    tasks = list(case_selectors.due_tasks_for_officer(user=user, within_days=TODAY_TASK_DAYS))
    _attach_partner_names(user, [task.case for task in tasks])
    answers = rows(
        "answer",
        exchange_selectors.recent_answers_for_officer(user=user, days=TODAY_DAYS).select_related(
            "opening"
        ),
    )
    interests = rows(
        "interest", exchange_selectors.interests_for_officer(user=user, days=TODAY_DAYS)
    )
    requests = rows("request", exchange_selectors.incoming_requests_for_user(user=user))
    _attach_partner_names(
        user, [obj.case for obj, _h in answers] + [obj.case for obj, _h in interests]
    )
    return {
        "overdue": [task for task in tasks if task.is_overdue],
        "due": [task for task in tasks if not task.is_overdue],
        "answers": answers,
        "interests": interests,
        "requests": requests,
        "handled": handled_count,
        "show_handled": show_handled,
    }


def _attach_partner_names(user: Any, cases: list[Case]) -> None:
    """Give each case `partner_name`: the partner's name, which its officers may read."""
    from dualcareer.cases.models import PartnerProfile

    visible = set(
        Case.objects.filter(
            case_selectors.visible_case_filter(user), pk__in={case.pk for case in cases}
        ).values_list("pk", flat=True)
    )
    names = {
        case_id: f"{first} {last}".strip()
        for case_id, first, last in PartnerProfile.objects.filter(case_id__in=visible).values_list(
            "case_id", "first_name", "last_name"
        )
    }
    for case in cases:
        case.partner_name = names.get(case.pk, "")  # type: ignore[attr-defined]


def today_item(*, user: Any, kind: str, item: str) -> Any:
    """The item of kind `kind` with key `item` on the user's "today" page; else Http404."""
    from django.http import Http404

    from dualcareer.core.lookups import get_or_404
    from dualcareer.exchange import selectors as exchange_selectors

    if kind == "answer":
        return get_or_404(
            exchange_selectors.recent_answers_for_officer(user=user, days=TODAY_DAYS),
            public_id=item,
        )
    if kind == "interest":
        return get_or_404(
            exchange_selectors.interests_for_officer(user=user, days=TODAY_DAYS), pk=item
        )
    if kind == "request":
        return exchange_selectors.incoming_request_for_user(user=user, public_id=item)
    raise Http404
