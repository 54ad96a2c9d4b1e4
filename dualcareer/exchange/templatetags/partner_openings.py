"""`{% partner_opening_actions opening %}`: the partner's buttons on an opening.

"I'm interested — please introduce me" and "Save opening" / "Remove from my
list", or what already happened (introduced, the service knows). Shown to
partners only; the states are read once per request for all openings. A
page that has read the partner's own case already passes it as
`partner_case` in its context (it is checked to be theirs).

The buttons are built with ``format_html`` rather than an included template:
"openings for me" shows twenty of them, and rendering a template per opening
cost the page several milliseconds of CPU (``bench/matching_pages.py``).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

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
            "next": request.get_full_path(),
        }
        setattr(request, _CACHE_ATTRIBUTE, states)
    return states


def _button(label: str, opening: Any, css: str) -> SafeString:
    """A submit button whose accessible name also names the opening (several on a page)."""
    return format_html(
        '<button type="submit" class="{}">{}<span class="visually-hidden">: '
        '<span lang="{}">{}</span></span></button>',
        css,
        label,
        opening.text_language,
        opening.title,
    )


def _form(action: str, hidden: SafeString, csrf: str, button: SafeString) -> SafeString:
    """A POST form with the CSRF field (`csrf`: what `{% csrf_token %}` writes)."""
    return format_html(
        '<form method="post" action="{}">{}{}{}</form>', action, csrf, hidden, button
    )


@register.simple_tag(takes_context=True)
def partner_opening_actions(context: template.Context, opening: Any) -> str:
    """The partner's buttons for `opening` (nothing for anybody else or a closed case)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or not getattr(user, "is_partner", False):
        return ""
    states = _states(request, context.get("partner_case"))
    if not states["open_case"]:
        return ""
    csrf = CsrfTokenNode().render(context)  # Django's own field, rendered once per opening
    next_field = format_html('<input type="hidden" name="next" value="{}">', states["next"])
    if opening.pk in states["introduced"]:
        first = format_html("<p>{}</p>", gettext("You are introduced for this opening."))
    elif opening.pk in states["interested"]:
        first = format_html(
            "<p>{}</p>", gettext("Your Dual Career Service knows that you are interested.")
        )
    else:
        first = _form(
            reverse("exchange:opening_interest", args=[opening.public_id]),
            next_field,
            csrf,
            _button(gettext("I'm interested — please introduce me"), opening, "button"),
        )
    if opening.pk in states["saved"]:
        hidden = format_html('{}<input type="hidden" name="action" value="unsave">', next_field)
        label = gettext("Remove from my list")
    else:
        hidden, label = next_field, gettext("Save to my list")
    save = _form(
        reverse("exchange:opening_save", args=[opening.public_id]),
        hidden,
        csrf,
        _button(label, opening, "button button-secondary"),
    )
    return format_html('<div class="partner-actions">\n{}\n{}\n</div>', first, save)
