"""Dashboard panel "Openings and introductions": employers see waiting introductions,
officers the employers' answers, partners their introductions and matches.

It lives in the exchange (above openings) because it shows both."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.core import dashboard
from dualcareer.exchange import selectors as xs


@dashboard.panel(order=30)
def openings_panel(request: HttpRequest) -> dashboard.Panel | None:
    user = request.user
    if getattr(user, "is_partner", False):
        return dashboard.Panel(
            title=_("Openings and introductions"),
            template="exchange/panel_partner.html",
            context={"introductions": xs.introductions_for_partner(user=user)[:5]},
        )
    if not permissions.has(user, "opening.edit"):
        return None
    context: dict[str, object] = {"can_import": permissions.has(user, "opening.import")}
    if permissions.has(user, "introduction.answer"):
        received = xs.introductions_for_employer_queryset(user=user)
        waiting = received.filter(answer="")
        context["waiting"] = list(waiting[:5])
        context["waiting_count"] = waiting.count()
        context["revealed"] = xs.revealed_for_employer(user=user, received=received)[:10]
    if permissions.has(user, "introduction.create"):
        context["answers"] = xs.recent_answers_for_officer(user=user)[:5]
    return dashboard.Panel(
        title=_("Openings and introductions"),
        template="exchange/panel_staff.html",
        context=context,
    )
