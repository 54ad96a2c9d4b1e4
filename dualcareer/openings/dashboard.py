"""Dashboard panels: employers see waiting introductions, partners their introductions."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.core import dashboard


@dashboard.panel(order=30)
def openings_panel(request: HttpRequest) -> dashboard.Panel | None:
    user = request.user
    if getattr(user, "is_partner", False):
        from dualcareer.openings.exchange_selectors import introductions_for_partner

        return dashboard.Panel(
            title=_("Openings and introductions"),
            template="openings/panel_partner.html",
            context={"introductions": introductions_for_partner(user=user)[:5]},
        )
    if not permissions.has(user, "opening.edit"):
        return None
    context: dict[str, object] = {"can_import": permissions.has(user, "opening.import")}
    if permissions.has(user, "introduction.answer"):
        from dualcareer.openings.exchange_selectors import introductions_for_employer

        waiting = [i for i in introductions_for_employer(user=user) if i.is_open]
        context["waiting"] = waiting[:5]
        context["waiting_count"] = len(waiting)
    if permissions.has(user, "introduction.create"):
        from dualcareer.openings.exchange_selectors import recent_answers_for_officer

        context["answers"] = recent_answers_for_officer(user=user)[:5]
    return dashboard.Panel(
        title=_("Openings and introductions"),
        template="openings/panel_staff.html",
        context=context,
    )
