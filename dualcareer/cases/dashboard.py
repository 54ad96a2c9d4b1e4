"""Dashboard panels: due tasks for officers, the own case for partners, counts for coordinators."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.cases import selectors
from dualcareer.core import dashboard


@dashboard.panel(order=20)
def tasks_panel(request: HttpRequest) -> dashboard.Panel | None:
    """Officers: the tasks of their cases that are due soon or overdue."""
    if not permissions.institution_ids_with(request.user, "case.view"):
        return None
    tasks = list(selectors.due_tasks_for_officer(user=request.user)[:20])
    return dashboard.Panel(
        title=_("Cases: due tasks"),
        template="cases/panel_tasks.html",
        context={
            "tasks": tasks,
            "handovers": selectors.handovers_awaiting(user=request.user),
            "can_create": permissions.has(request.user, "case.create"),
        },
    )


@dashboard.panel(order=15)
def partner_panel(request: HttpRequest) -> dashboard.Panel | None:
    """Partners: their case's status and next steps."""
    case = selectors.case_for_partner(user=request.user, log_view=False)
    if case is None:
        return None
    return dashboard.Panel(
        title=_("My case"),
        template="cases/panel_partner.html",
        context={"case": case, "next_tasks": selectors.next_tasks_for_partner(case=case)},
    )


@dashboard.panel(order=30)
def counts_panel(request: HttpRequest) -> dashboard.Panel | None:
    """Coordinators: anonymised counts of the members' cases, small numbers suppressed."""
    counts = selectors.case_counts_for_coordinator(user=request.user)
    if counts is None:
        return None
    return dashboard.Panel(
        title=_("Cases in the network (anonymised)"),
        template="cases/panel_counts.html",
        context=counts,
    )


@dashboard.panel(order=35)
def failed_mail_panel(request: HttpRequest) -> dashboard.Panel | None:
    """Coordinators: e-mails about their members that could not be delivered after every retry."""
    mails = selectors.failed_mails_for_coordinator(user=request.user)
    if not mails:
        return None
    return dashboard.Panel(
        title=_("E-mails that could not be delivered"),
        template="cases/panel_failed_mail.html",
        context={"mails": mails},
    )
