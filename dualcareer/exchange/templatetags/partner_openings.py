"""`{% partner_opening_actions opening %}`: the partner's buttons on an opening.

"I'm interested — please introduce me" and "Save opening" / "Remove from my
list", or what already happened (introduced, the service knows). Shown to
partners only; the states are read once per request for all openings. A
page that has read the partner's own case already passes it as
`partner_case` in its context (it is checked to be theirs).
"""

from __future__ import annotations

from typing import Any

from django import template

from dualcareer.exchange import selectors as xs

register = template.Library()

_CACHE_ATTRIBUTE = "_partner_opening_states"


def _states(request: Any, case: Any) -> dict[str, Any]:
    """The states, read once per request; `case`: the partner's own case if the page has it."""
    states = getattr(request, _CACHE_ATTRIBUTE, None)
    if states is None:
        if case is None:
            case = xs.partner_case(user=request.user)
        states = {
            **xs.partner_opening_states(user=request.user, case=case),
            "open_case": case is not None and not case.is_closed,
        }
        setattr(request, _CACHE_ATTRIBUTE, states)
    return states


@register.inclusion_tag("exchange/includes/partner_opening_actions.html", takes_context=True)
def partner_opening_actions(context: template.Context, opening: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_partner", False):
        return {"show": False}
    states = _states(request, context.get("partner_case"))
    if not states["open_case"]:
        return {"show": False}
    return {
        "show": True,
        "opening": opening,
        "saved": opening.pk in states["saved"],
        "interested": opening.pk in states["interested"],
        "introduced": opening.pk in states["introduced"],
        "can_ask": True,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
