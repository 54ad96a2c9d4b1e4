"""Reminders of due tasks: one e-mail per officer, in the officer's language.

`reminders_send()` is run daily by the `case_reminders` command. A task is
included when it is open, its case is open and it is due within
REMIND_DAYS_AHEAD days or overdue; each task is mentioned to each officer at
most once a day. Each officer is handled on their own: the e-mail is queued
and the officer's reminders recorded (`CaseTaskReminder`) in one transaction,
so a run that stops half-way (killed, or one officer's e-mail failing) sends
nothing twice when it runs again, and the officers after a failure still get
theirs. `last_reminded_on` marks the tasks once the whole run is through.
Confidential cases go only to their assigned officers; other cases go to
their assigned officers, or to every officer of the institution when nobody
is assigned.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from dualcareer.accounts.models import User
from dualcareer.cases import selectors
from dualcareer.cases.models import CaseStatus, CaseTask, CaseTaskReminder
from dualcareer.core.mail import send_templated

REMIND_DAYS_AHEAD = 3

logger = logging.getLogger(__name__)


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
    done = set(CaseTaskReminder.objects.filter(sent_on=today).values_list("task_id", "user_id"))
    by_officer: dict[User, list[CaseTask]] = defaultdict(list)
    for task in tasks:
        for officer in _recipients(task):
            if (task.pk, officer.pk) not in done:
                by_officer[officer].append(task)
    report = ReminderReport(
        officers=len(by_officer),
        tasks=len({task.pk for officer_tasks in by_officer.values() for task in officer_tasks}),
    )
    if dry_run:
        return report
    failed = False
    for officer, officer_tasks in by_officer.items():
        try:
            _remind(officer, officer_tasks, today)
        except Exception as error:  # the next officers still get theirs
            failed = True
            logger.error("reminder for one officer not sent: %s", type(error).__name__)
    if not failed:
        with transaction.atomic():
            CaseTask.objects.filter(pk__in=[task.pk for task in tasks]).update(
                last_reminded_on=today
            )
    CaseTaskReminder.objects.filter(sent_on__lt=today).delete()
    return report


def _remind(officer: User, officer_tasks: list[CaseTask], today: dt.date) -> None:
    """Queue one officer's reminder and record it, in one transaction."""
    with translation.override(officer.language):
        cases_path = reverse("cases:list")
    with transaction.atomic():
        send_templated(
            to=officer.email,
            language=officer.language,
            template="cases/mail/reminders",
            context={"tasks": officer_tasks, "count": len(officer_tasks), "cases_path": cases_path},
            institution_id=officer_tasks[0].case.institution_id,
        )
        CaseTaskReminder.objects.bulk_create(
            [CaseTaskReminder(task=task, user=officer, sent_on=today) for task in officer_tasks],
            ignore_conflicts=True,
        )
