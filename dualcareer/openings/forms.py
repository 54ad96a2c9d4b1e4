"""Forms of the openings pages: they validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dualcareer.core import uploads
from dualcareer.network.models import Institution, Sector
from dualcareer.openings.models import (
    LANGUAGE_CHOICES,
    FeedKind,
    OccupationField,
    Opening,
    Visibility,
    WorkingTime,
    postcode_validator,
)
from dualcareer.openings.services import MAX_PLACES

RADIUS_CHOICES = [(10, "10 km"), (25, "25 km"), (50, "50 km"), (100, "100 km")]


class OpeningFilterForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False, max_length=200)
    field = forms.ChoiceField(
        label=_("Occupational field"),
        required=False,
        choices=[("", _("All fields")), *OccupationField.choices],
    )
    sector = forms.ChoiceField(
        label=_("Sector of the employer"),
        required=False,
        choices=[("", _("All sectors")), *Sector.choices],
    )
    language = forms.ChoiceField(
        label=_("Language required"),
        required=False,
        choices=[("", _("Any language")), *LANGUAGE_CHOICES],
    )
    working_time = forms.ChoiceField(
        label=_("Working time"),
        required=False,
        choices=[("", _("Any working time")), *WorkingTime.choices],
    )
    postcode = forms.CharField(
        label=_("Near postcode"), required=False, max_length=5, validators=[postcode_validator]
    )
    radius_km = forms.TypedChoiceField(
        label=_("Radius"),
        required=False,
        choices=RADIUS_CHOICES,
        coerce=int,
        empty_value=None,
        initial=25,
    )
    remote_only = forms.BooleanField(label=_("At least half remote"), required=False)


class OpeningForm(forms.ModelForm):
    apply_url = forms.URLField(
        label=_("how to apply (link)"), required=False, max_length=500, assume_scheme="https"
    )
    languages_required = forms.MultipleChoiceField(
        label=_("Languages required"),
        required=False,
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Opening
        fields = [
            "title_de",
            "title_en",
            "description_de",
            "description_en",
            "occupation_field",
            "reference",
            "working_time",
            "hours_per_week",
            "contract_type",
            "start_date",
            "remote_share",
            "salary_band",
            "salary_min",
            "salary_max",
            "apply_url",
            "closing_date",
            "visibility",
            "is_published",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "closing_date": forms.DateInput(attrs={"type": "date"}),
            "description_de": forms.Textarea(attrs={"rows": 8, "lang": "de"}),
            "description_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
            "title_de": forms.TextInput(attrs={"lang": "de"}),
            "title_en": forms.TextInput(attrs={"lang": "en"}),
        }

    def __init__(self, *args: Any, institutions: list[Institution] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["languages_required"].initial = self.instance.language_list
        # One level per language, right after the languages (empty: B2 is assumed).
        from dualcareer.cases.models import LanguageLevel

        names = list(self.fields)
        at = names.index("languages_required") + 1
        for code, label in LANGUAGE_CHOICES:
            self.fields[f"level_{code}"] = forms.ChoiceField(
                label=format_lazy(_("Level required: {language}"), language=label),
                choices=[("", _("no level given (B2 assumed)")), *LanguageLevel.choices],
                required=False,
                initial=self.instance.level_of(code) if self.instance.pk else "",
            )
            names.insert(at, f"level_{code}")
            at += 1
        self.order_fields(names)
        if institutions is not None:
            self.fields["institution"] = forms.ModelChoiceField(
                label=_("Employer"),
                queryset=Institution.objects.filter(pk__in=[i.pk for i in institutions]),
            )
            if len(institutions) == 1:
                self.fields["institution"].initial = institutions[0].pk
            self.order_fields(["institution"])

    def clean(self) -> dict[str, Any]:
        # The model's rules are checked by the service; here only what the form adds:
        # the levels, as `language_levels`; a level given makes its language required.
        data = super().clean() or {}
        required = list(data.get("languages_required") or [])
        levels: dict[str, str] = {}
        for code, _label in LANGUAGE_CHOICES:
            level = data.pop(f"level_{code}", "")
            if level:
                levels[code] = level
                if code not in required:
                    required.append(code)
        data["languages_required"] = required
        data["language_levels"] = levels
        return data

    def _post_clean(self) -> None:
        # Do not call instance.full_clean(): the service validates (and reports
        # errors by field name, which the view maps back onto this form).
        opts = self._meta
        from django.forms.models import construct_instance

        self.instance = construct_instance(self, self.instance, opts.fields, opts.exclude)


class PlaceForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode"), required=False, max_length=5, validators=[postcode_validator]
    )
    city = forms.CharField(label=_("City"), required=False, max_length=100)
    street = forms.CharField(label=_("Street and number"), required=False, max_length=200)


PlaceFormSet = forms.formset_factory(PlaceForm, extra=1, min_num=1, max_num=MAX_PLACES)


class ImportForm(forms.Form):
    institution = forms.ModelChoiceField(label=_("Employer"), queryset=Institution.objects.none())
    url = forms.URLField(
        label=_("Address of a job page or feed"),
        required=False,
        assume_scheme="https",
        help_text=_("A page with schema.org JobPosting markup (JSON-LD), or a JSON feed."),
    )
    file = uploads.FileField(
        label=_("Or upload a file"),
        required=False,
        help_text=_("JSON or HTML with JobPosting markup, at most 10 MB."),
    )
    visibility = forms.ChoiceField(
        label=_("Visibility of new openings"),
        choices=Visibility.choices,
        initial=Visibility.NETWORK,
    )

    def __init__(self, *args: Any, institutions: list[Institution], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            pk__in=[i.pk for i in institutions]
        )
        if len(institutions) == 1:
            self.fields["institution"].initial = institutions[0].pk

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("url")) == bool(data.get("file")):
            raise forms.ValidationError(_("Enter an address or choose a file (one of the two)."))
        upload = data.get("file")
        if upload is not None and upload.size > 10 * 1024 * 1024:
            self.add_error("file", _("The file is larger than 10 MB."))
        return data


class FeedForm(forms.Form):
    """Register a member's job feed (the service checks the address and the permission)."""

    institution = forms.ModelChoiceField(label=_("Employer"), queryset=Institution.objects.none())
    url = forms.URLField(
        label=_("Address of the feed"),
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "A career page with JobPosting markup, a sitemap of posting pages, a JSON feed, "
            "or a Personio job feed such as https://example.jobs.personio.de/xml."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of feed"), choices=FeedKind.choices)
    visibility = forms.ChoiceField(
        label=_("Visibility of its openings"),
        choices=Visibility.choices,
        initial=Visibility.NETWORK,
    )

    def __init__(self, *args: Any, institutions: list[Institution], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            pk__in=[i.pk for i in institutions]
        )
        if len(institutions) == 1:
            self.fields["institution"].initial = institutions[0].pk


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=100)
    alerts_enabled = forms.BooleanField(
        label=_("Send me new matching openings by e-mail once a day"), required=False, initial=True
    )
