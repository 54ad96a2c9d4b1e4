"""Forms of the site's own pages."""

from __future__ import annotations

from django import forms

from dualcareer.site.models import TodayKind


class MarkForm(forms.Form):
    """The button of one item of the "today" page: handled, or open again."""

    kind = forms.ChoiceField(choices=TodayKind.choices)
    item = forms.CharField(max_length=64)
    handled = forms.BooleanField(required=False)
