"""Forms of the exchange: introducing a partner, the employer's answer, network requests."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dualcareer.exchange.models import EmployerAnswer, RequestAnswer
from dualcareer.network.models import Institution
from dualcareer.openings.models import Opening


class OpeningChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.institution.display_name})"


class IntroductionForm(forms.Form):
    opening = OpeningChoiceField(
        label=_("Opening"),
        required=False,
        queryset=Opening.objects.none(),
        help_text=_("Leave empty for a speculative introduction and choose the employer below."),
    )
    employer = forms.ModelChoiceField(
        label=_("Employer (speculative introduction)"),
        required=False,
        queryset=Institution.objects.none(),
    )
    message = forms.CharField(
        label=_("Message to the employer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Why this partner fits. No name or other identifying details."),
    )
    selection_notice = forms.BooleanField(
        label=_(
            "I have told the partner that the employer's own selection procedure decides: "
            "the introduction opens a door, it is no placement."
        ),
    )

    def __init__(self, *args: Any, openings: Any, employers: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["opening"].queryset = openings  # type: ignore[attr-defined]
        self.fields["employer"].queryset = employers  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("opening") and not data.get("employer"):
            raise forms.ValidationError(_("Choose an opening or an employer."))
        return data


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=EmployerAnswer.choices, widget=forms.RadioSelect
    )
    answer_reason = forms.CharField(
        label=_("Reason or note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the profile does not fit."),
    )


class NetworkRequestForm(forms.Form):
    whole_network = forms.BooleanField(
        label=_("Send to the whole network (members the consent covers)"), required=False
    )
    institutions = forms.ModelMultipleChoiceField(
        label=_("Or choose members"),
        required=False,
        queryset=Institution.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    message = forms.CharField(
        label=_("What is the partner looking for?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "No name or other identifying details: the contacts see an anonymised profile."
        ),
    )
    days = forms.IntegerField(
        label=_("Collect answers for (days)"), min_value=3, max_value=60, initial=14
    )

    def __init__(self, *args: Any, members: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = members  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("whole_network") and not data.get("institutions"):
            raise forms.ValidationError(_("Choose members or the whole network."))
        return data


class RequestAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=RequestAnswer.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note for the Dual Career Service (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
