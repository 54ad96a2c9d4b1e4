"""Forms of the network pages; services repeat every rule, forms give the messages early."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualcareer.accounts.models import Role
from dualcareer.network.models import (
    Application,
    Contact,
    CounsellingLanguage,
    Institution,
    Sector,
    ServiceProvision,
)
from dualcareer.network.selectors import DirectoryFilter
from dualcareer.network.validation import validate_german_postcode, validate_plain_text

HONEYPOT_FIELD = "homepage_url"


def set_choices(form: forms.BaseForm, name: str, choices: Any) -> None:
    """Set the choices of the choice field `name` of `form`."""
    cast(forms.ChoiceField, form.fields[name]).choices = choices


def https_urls(field: models.Field, **kwargs: Any) -> forms.Field | None:
    """Form fields for model fields; web addresses without a scheme get https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class PlainTextMixin:
    """Refuse markup in every text field of the form, with a message on the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.CharField) and not isinstance(
                field, forms.EmailField | forms.URLField
            ):
                field.validators.append(validate_plain_text)


class DirectoryFilterForm(forms.Form):
    """Search and filters of the member directory and the map (GET)."""

    SERVICE_CHOICES = [
        ("", _("Any service")),
        ("dual_career", _("Dual Career service")),
        ("family", _("Family service")),
        (ServiceProvision.IN_HOUSE.value, ServiceProvision.IN_HOUSE.label),
        (ServiceProvision.JOINT_LOCAL.value, ServiceProvision.JOINT_LOCAL.label),
    ]

    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    sector = forms.ChoiceField(label=_("Sector"), required=False)
    city = forms.ChoiceField(label=_("City"), required=False)
    service = forms.ChoiceField(label=_("Service"), required=False, choices=SERVICE_CHOICES)
    network = forms.ChoiceField(label=_("Network"), required=False)

    def __init__(
        self, *args: Any, cities: list[str], networks: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.input_type = "search"
        set_choices(self, "sector", [("", _("Any sector")), *Sector.choices])
        set_choices(self, "city", [("", _("Any city")), *[(c, c) for c in cities]])
        set_choices(self, "network", [("", _("Any network")), *networks])

    def filters(self) -> DirectoryFilter:
        """Return the valid filters; an invalid or missing choice counts as "any"."""
        if not self.is_bound:
            return DirectoryFilter()
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return DirectoryFilter(**{name: cleaned.get(name) or "" for name in self.fields})


class ApplicationForm(PlainTextMixin, forms.ModelForm):
    """The public application to join the network or to sign its statement."""

    counselling_languages = forms.MultipleChoiceField(
        label=_("Languages of counselling"),
        required=False,
        choices=CounsellingLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    accepts_standards = forms.BooleanField(
        label=_(
            "We declare that our organisation follows the network's quality standards and "
            "ethical guidelines (support, not privilege: no job guarantee, equal treatment, "
            "selection of the best, data protection)."
        ),
        required=True,
        error_messages={"required": _("Please confirm the declaration.")},
    )
    privacy = forms.BooleanField(
        label=_(
            "I agree that the network's coordination stores the data in this form to "
            "process the application (see the privacy notice)."
        ),
        required=True,
        error_messages={"required": _("Please agree so that we can process the application.")},
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by many bots.
    homepage_url = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Application
        formfield_callback = https_urls
        fields = [
            "kind",
            "organisation_name",
            "sector",
            "street",
            "postcode",
            "city",
            "website",
            "description",
            "offers_dual_career_service",
            "offers_family_service",
            "service_provision",
            "counselling_languages",
            "contact_name",
            "contact_position",
            "contact_email",
            "contact_phone",
            "contact_language",
            "message",
            "accepts_standards",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"maxlength": 2000, "rows": 5}),
            "message": forms.Textarea(attrs={"maxlength": 3000, "rows": 4}),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code", "maxlength": 5}
            ),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "organisation_name": forms.TextInput(attrs={"autocomplete": "organization"}),
        }
        help_texts = {
            "postcode": _("German postcode, five digits; places the organisation on the map."),
            "description": _("Up to 2,000 characters, plain text."),
            "contact_email": _(
                "This person receives the answer and, on approval, an account for the platform."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "kind", Application.Kind.choices)
        set_choices(self, "sector", [("", _("Please choose")), *Sector.choices])
        set_choices(
            self,
            "service_provision",
            [
                ("", _("Not yet decided")),
                *ServiceProvision.choices,
            ],
        )
        set_choices(self, "contact_language", settings.LANGUAGES)
        self.fields["description"].validators.append(MaxLengthValidator(2000))
        self.fields["message"].validators.append(MaxLengthValidator(3000))
        self.fields["website"].widget.attrs["placeholder"] = "https://"

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        validate_german_postcode(value)
        return value

    def is_spam(self) -> bool:
        """Return whether the honeypot was filled in."""
        return bool(self.data.get(HONEYPOT_FIELD))


class ApplicationAskForm(PlainTextMixin, forms.Form):
    question = forms.CharField(
        label=_("Question to the applicant"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant receives it by e-mail with a link to answer."),
    )


class ApplicationDeclineForm(PlainTextMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The applicant receives this reason by e-mail."),
    )


class ApplicationApproveForm(forms.Form):
    """The coordinator's approval: the contact person's role, and any attachment confirmed.

    `roles` are the roles the coordinator may give the contact person here;
    `existing` a registered institution with the applicant's name, which
    approving would attach the application to (confirmed by the checkbox).
    """

    role = forms.ChoiceField(
        label=_("Role of the contact person"),
        required=False,
        error_messages={
            "invalid_choice": _("This role cannot be given to the contact person here.")
        },
    )
    confirm_existing = forms.BooleanField(required=False)
    existing = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        roles: list[str],
        default_role: str,
        existing: Institution | None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "initial", {"role": default_role, "existing": existing.pk if existing else None}
        )
        super().__init__(*args, **kwargs)
        self.existing_institution = existing
        labels = dict(Role.choices)
        set_choices(
            self,
            "role",
            [(role, labels[role]) for role in roles]
            + [("", _("No role (no account; the institution's officers decide)"))],
        )
        if existing is None:
            del self.fields["confirm_existing"]
        else:
            self.fields["confirm_existing"].label = _(
                "I have checked that the applicant belongs to the registered institution "
                "“%(name)s”; attach the application to it."
            ) % {"name": existing.name}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        existing = self.existing_institution
        if existing is None:
            return cleaned
        if cleaned.get("existing") != existing.pk:
            raise forms.ValidationError(
                _("The registered institution with this name has changed. Please check again.")
            )
        if not cleaned.get("confirm_existing"):
            self.add_error(
                "confirm_existing",
                _("Please confirm that the applicant belongs to the registered institution."),
            )
        return cleaned


class ApplicationAnswerForm(PlainTextMixin, forms.Form):
    answer = forms.CharField(
        label=_("Your answer"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )


class InstitutionProfileForm(PlainTextMixin, forms.ModelForm):
    """An institution's own public profile and services."""

    counselling_languages = forms.MultipleChoiceField(
        label=_("Languages of counselling"),
        required=False,
        choices=CounsellingLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Institution
        formfield_callback = https_urls
        fields = [
            "name_en",
            "short_name",
            "street",
            "postcode",
            "city",
            "website",
            "description_de",
            "description_en",
            "offers_dual_career_service",
            "offers_family_service",
            "service_provision",
            "counselling_languages",
        ]
        widgets = {
            "description_de": forms.Textarea(attrs={"maxlength": 5000, "rows": 5}),
            "description_en": forms.Textarea(attrs={"maxlength": 5000, "rows": 5}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 5}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self,
            "service_provision",
            [
                ("", _("Not yet decided")),
                *ServiceProvision.choices,
            ],
        )
        for name in ("description_de", "description_en"):
            self.fields[name].validators.append(MaxLengthValidator(5000))

    def clean_postcode(self) -> str:
        value = self.cleaned_data["postcode"].strip()
        if value:
            validate_german_postcode(value)
        return value

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ContactForm(PlainTextMixin, forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "position", "email", "phone", "is_dual_career_contact"]
        help_texts = {
            "is_dual_career_contact": _("Shown in the public member directory."),
        }


class UserAddForm(PlainTextMixin, forms.Form):
    """Give a person a role; offers only the roles the user may give (`roles`)."""

    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    role = forms.ChoiceField(
        label=_("Role"),
        error_messages={"invalid_choice": _("You may not give this role at this institution.")},
    )
    language = forms.ChoiceField(label=_("Language of e-mails"), choices=settings.LANGUAGES)

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        set_choices(self, "role", [(role, labels[role]) for role in roles])


class StatementVersionForm(PlainTextMixin, forms.Form):
    title_de = forms.CharField(label=_("Title (German)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    text_de = forms.CharField(
        label=_("Text (German)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text; separate paragraphs with a blank line."),
    )
    text_en = forms.CharField(
        label=_("Text (English)"), max_length=20000, widget=forms.Textarea(attrs={"rows": 14})
    )
