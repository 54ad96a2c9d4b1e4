"""Forms of the API pages: a new token, a new webhook."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dualcareer.api.models import WebhookEvent
from dualcareer.api.scopes import SCOPES
from dualcareer.api.tokens import MAX_LIFETIME_DAYS


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. the system that uses it."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=[(code, format_lazy("{}: {}", code, label)) for code, label in SCOPES.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Grant only what the system needs. Your own permissions still apply."),
    )
    lifetime_days = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=MAX_LIFETIME_DAYS,
        initial=90,
    )


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("Receiver URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https address of your institution's system; it receives signed POSTs."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, institutions: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        institutions = institutions or []
        if len(institutions) > 1:
            self.fields["institution"] = forms.ChoiceField(
                label=_("Institution"), choices=[(i.slug, i.display_name) for i in institutions]
            )
            self.order_fields(["institution", "url", "events"])
