"""Forms of the statistics pages: the filter, what a network publishes, the annual report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dualcareer.statistics.models import FigureGroup

FIRST_YEAR, LAST_YEAR = 2000, 2100


class FilterForm(forms.Form):
    """The period (years) and, where the reader may choose, the network and the institution."""

    year_from = forms.IntegerField(
        label=_("From year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    year_to = forms.IntegerField(
        label=_("To year"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )

    def __init__(
        self,
        *args: Any,
        networks: list[Any] | None = None,
        institutions: list[Any] | None = None,
        all_institutions: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if networks and len(networks) > 1:
            self.fields["network"] = forms.ChoiceField(
                label=_("Network"),
                required=False,
                choices=[(n.slug, n.display_name) for n in networks],
            )
        if institutions and (all_institutions or len(institutions) > 1):
            empty = [("", _("The network as a whole"))] if all_institutions else []
            self.fields["institution"] = forms.TypedChoiceField(
                label=_("Institution"),
                required=False,
                coerce=int,
                empty_value=None,
                choices=[*empty, *[(i.pk, i.display_name) for i in institutions]],
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", _("The last year must not be before the first year."))
        return data


class PublicationForm(forms.Form):
    groups = forms.MultipleChoiceField(
        label=_("Figure groups shown to the public"),
        required=False,
        choices=FigureGroup.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Figures from fewer than 5 cases are never shown, also not to the public."),
    )


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    network = forms.SlugField(required=False, widget=forms.HiddenInput)
    institution = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
