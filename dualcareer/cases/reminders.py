"""Reminders of due tasks: one e-mail per officer, in the officer's language.

`reminders_send()` is run daily by the `case_reminders` command. A task is
included when it is open, its case is open and it is due within
REMIND_DAYS_AHEAD days or overdue; each task is mentioned at most once a day
(`last_reminded_on`), so running the command twice sends nothing new.
Confidential cases go only to their assigned officers; other cases go to
their assigned officers, or to every officer of the institution when nobody
is assigned.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from dualcareer.accounts.models import User
from dualcareer.cases import selectors
from dualcareer.cases.models import CaseStatus, CaseTask
from dualcareer.core.mail import send_templated

REMIND_DAYS_AHEAD = 3


@dataclass
class ReminderReport:
    officers: int = 0
    tasks: int = 0


def _recipients(task: CaseTask) -> list[User]:
    case = task.case
    assigned = [user for user in case.assigned_officers.all() if user.is_active]
    if assigned or case.confidential:
        return assigned
    return list(selectors.officers_of(institution_id=case.institution_id))


def reminders_send(*, today: dt.date | None = None, dry_run: bool = False) -> ReminderReport:
    """E-mail each officer the due and overdue tasks of their cases; return the counts."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=REMIND_DAYS_AHEAD)
    tasks = (
        CaseTask.objects.filter(done_at__isnull=True, due_on__lte=horizon)
        .exclude(last_reminded_on=today)
        .exclude(case__status=CaseStatus.CLOSED)
        .filter(case__anonymised_at__isnull=True)
        .select_related("case", "step", "case__institution")
        .prefetch_related("case__assigned_officers")
        .order_by("due_on", "step__order")
    )
    by_officer: dict[User, list[CaseTask]] = defaultdict(list)
    for task in tasks:
        for officer in _recipients(task):
            by_officer[officer].append(task)
    report = ReminderReport(officers=len(by_officer), tasks=len(tasks))
    if dry_run:
        return report
    for officer, officer_tasks in by_officer.items():
        with translation.override(officer.language):
            cases_path = reverse("cases:list")
        send_templated(
            to=officer.email,
            language=officer.language,
            template="cases/mail/reminders",
            context={"tasks": officer_tasks, "count": len(officer_tasks), "cases_path": cases_path},
        )
    with transaction.atomic():
        CaseTask.objects.filter(pk__in=[task.pk for task in tasks]).update(last_reminded_on=today)
    return report
