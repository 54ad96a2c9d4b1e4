"""Forms for cases: they validate input; the services decide and store."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dualcareer.accounts.models import User
from dualcareer.cases.models import (
    ActivityKind,
    CaseKind,
    CaseStatus,
    ConsentScope,
    Degree,
    Language,
    LanguageLevel,
    Outcome,
    Remote,
    WorkingTime,
)
from dualcareer.core import uploads
from dualcareer.network.models import Institution, Sector

LANGUAGE_ROWS = 4
CONSENT_MONTHS = [
    (3, _("3 months")),
    (6, _("6 months")),
    (12, _("12 months")),
    (24, _("24 months")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class CaseOpenForm(forms.Form):
    institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(), label=_("Institution")
    )
    kind = forms.ChoiceField(
        label=_("Kind of case"),
        choices=CaseKind.choices,
        widget=forms.RadioSelect,
        initial=CaseKind.RECRUITMENT,
    )
    recruited_name = forms.CharField(label=_("Name of the recruited person"), max_length=200)
    recruited_position = forms.CharField(
        label=_("Position"),
        max_length=200,
        required=False,
        help_text=_("For example: W2 professorship for ..."),
    )
    recruited_department = forms.CharField(label=_("Department"), max_length=200, required=False)
    recruited_start_date = forms.DateField(
        label=_("Start date"), required=False, widget=DateInput()
    )
    confidential = forms.BooleanField(
        label=_("Confidential: appointment negotiations are still running"),
        required=False,
        help_text=_("Only the assigned officers see a confidential case."),
    )
    assigned_officers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("Assigned officers"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You are assigned automatically."),
    )
    partner_first_name = forms.CharField(
        label=_("Partner's first name"), max_length=100, required=False
    )
    partner_last_name = forms.CharField(
        label=_("Partner's last name"), max_length=100, required=False
    )
    partner_email = forms.EmailField(
        label=_("Partner's e-mail address"),
        required=False,
        help_text=_("Used to invite the partner."),
    )

    def __init__(self, *args: Any, institutions: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions  # type: ignore[attr-defined]
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first()
            self.fields["institution"].widget = forms.HiddenInput()
        self.fields["assigned_officers"].queryset = officers  # type: ignore[attr-defined]


class CaseSearchForm(forms.Form):
    """The search on the list of cases: words of a reference, a partner's name or e-mail."""

    q = forms.CharField(
        label=_("Search cases"),
        required=False,
        max_length=100,
        help_text=_("Reference (e.g. DC-2026-0042), partner's name or e-mail address."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *CaseStatus.choices],
    )


class CaseEditForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of case"), choices=CaseKind.choices, widget=forms.RadioSelect
    )
    recruited_name = forms.CharField(label=_("Name of the recruited person"), max_length=200)
    recruited_position = forms.CharField(label=_("Position"), max_length=200, required=False)
    recruited_department = forms.CharField(label=_("Department"), max_length=200, required=False)
    recruited_start_date = forms.DateField(
        label=_("Start date"), required=False, widget=DateInput()
    )
    confidential = forms.BooleanField(
        label=_("Confidential: appointment negotiations are still running"),
        required=False,
        help_text=_("Only the assigned officers see a confidential case."),
    )
    assigned_officers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        label=_("Assigned officers"),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assigned_officers"].queryset = officers  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("intake", "intake"), ("active", "active")], widget=forms.HiddenInput
    )
    acknowledged = forms.BooleanField(
        required=False,
        label=_(
            "The partner was informed and acknowledged: the Dual Career Service supports, "
            "but guarantees no job; employers select by their own procedures (selection "
            "of the best, equal treatment)."
        ),
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    closed_on = forms.DateField(
        label=_("Closed on"), required=False, widget=DateInput(), help_text=_("Empty: today.")
    )

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_closed_on(self) -> Any:
        value = self.cleaned_data.get("closed_on")
        if value and value > timezone.localdate():
            raise ValidationError(_("The closing day cannot lie in the future."))
        return value


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("Partner's e-mail address"))
    language = forms.ChoiceField(label=_("Language of the invitation"), choices=settings.LANGUAGES)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)
    duration_minutes = forms.IntegerField(
        label=_("Duration in minutes"), required=False, min_value=1, max_value=24 * 60
    )
    note = forms.CharField(
        label=_("Internal note"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Visible to the officers of your institution only, never to the partner."),
    )


VERBATIM_WARNING = _(
    "Employers see this text word for word: do not mention your name, nationality, age, "
    "religion, health or family here."
)


class ProfileForm(forms.Form):
    """The partner's profile; identifying data first, then the professional profile."""

    first_name = forms.CharField(label=_("First name"), max_length=100)
    last_name = forms.CharField(label=_("Last name"), max_length=100)
    email = forms.EmailField(label=_("E-mail address"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    profile_language = forms.ChoiceField(
        label=_("Language of this profile"), choices=settings.LANGUAGES
    )
    highest_degree = forms.ChoiceField(
        label=_("Highest degree"), choices=[("", "—"), *Degree.choices], required=False
    )
    education = forms.CharField(
        label=_("Education"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Degrees, subjects, universities, years."),
    )
    professional_field = forms.CharField(
        label=_("Professional field"), max_length=200, required=False
    )
    experience_years = forms.IntegerField(
        label=_("Years of professional experience"), required=False, min_value=0, max_value=60
    )
    experience = forms.CharField(
        label=_("Professional experience"), required=False, widget=forms.Textarea
    )
    skills = forms.CharField(label=_("Skills"), widget=forms.Textarea, required=False)
    desired_positions = forms.CharField(
        label=_("Desired positions"), widget=forms.Textarea, required=False
    )
    desired_sectors = forms.MultipleChoiceField(
        label=_("Desired sectors"),
        choices=Sector.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    working_time = forms.ChoiceField(
        label=_("Working time"), choices=[("", "—"), *WorkingTime.choices], required=False
    )
    earliest_start = forms.DateField(label=_("Earliest start"), required=False, widget=DateInput())
    work_places = forms.CharField(
        label=_("Places where you can work"),
        max_length=300,
        required=False,
        help_text=_("Cities or postcodes, separated by commas."),
    )
    radius_km = forms.IntegerField(
        label=_("Radius in km"), required=False, min_value=0, max_value=500
    )
    remote = forms.ChoiceField(
        label=_("Remote work"), choices=[("", "—"), *Remote.choices], required=False
    )
    cv = uploads.FileField(
        label=_("CV (PDF or DOCX)"),
        required=False,
        help_text=format_lazy(
            _("PDF or Word (DOCX) only, up to {size} MB."),
            size=settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
    )
    remove_cv = forms.BooleanField(label=_("Remove the stored CV"), required=False)

    # Free texts employers read word for word (the anonymised profile): each gets a warning.
    VERBATIM_FIELDS: tuple[str, ...] = (
        "education",
        "professional_field",
        "experience",
        "skills",
        "desired_positions",
        "work_places",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.VERBATIM_FIELDS:
            field = self.fields[name]
            field.help_text = (
                format_lazy("{} {}", field.help_text, VERBATIM_WARNING)
                if field.help_text
                else VERBATIM_WARNING
            )
        language_choices = [("", "—"), *Language.choices]
        level_choices = [("", "—"), *LanguageLevel.choices]
        for row in range(1, LANGUAGE_ROWS + 1):
            self.fields[f"language_{row}"] = forms.ChoiceField(
                label=_("Language %(n)s") % {"n": row}, choices=language_choices, required=False
            )
            self.fields[f"level_{row}"] = forms.ChoiceField(
                label=_("Level of language %(n)s (CEFR)") % {"n": row},
                choices=level_choices,
                required=False,
            )

    @classmethod
    def initial_from(cls, profile: Any) -> dict[str, Any]:
        initial = {
            name: getattr(profile, name)
            for name in cls.base_fields
            if name not in ("cv", "remove_cv")
        }
        for row, item in enumerate(profile.languages or [], start=1):
            if row <= LANGUAGE_ROWS:
                initial[f"language_{row}"] = item.get("language", "")
                initial[f"level_{row}"] = item.get("level", "")
        return initial

    def clean_cv(self) -> Any:
        cv = self.cleaned_data.get("cv")
        if cv:
            uploads.validate_document(cv)
        return cv

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        languages: list[dict[str, str]] = []
        for row in range(1, LANGUAGE_ROWS + 1):
            language = str(cleaned.get(f"language_{row}") or "")
            level = str(cleaned.get(f"level_{row}") or "")
            if language and not level:
                self.add_error(f"level_{row}", _("Please choose the level of this language."))
            elif level and not language:
                self.add_error(f"language_{row}", _("Please choose the language."))
            elif language:
                if any(item["language"] == language for item in languages):
                    self.add_error(f"language_{row}", _("Each language may be listed once."))
                languages.append({"language": language, "level": level})
        cleaned["languages"] = languages
        return cleaned

    def profile_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [name for name in self.base_fields if name not in ("cv", "remove_cv")]
        result = {name: data.get(name) for name in names}
        for name in ("highest_degree", "working_time", "remote"):
            result[name] = result[name] or ""
        for name in (
            "phone",
            "street",
            "postcode",
            "city",
            "education",
            "experience",
            "work_places",
        ):
            result[name] = (result[name] or "").strip()
        result["desired_sectors"] = list(data.get("desired_sectors") or [])
        result["languages"] = data["languages"]
        return result


class ConsentGrantForm(forms.Form):
    scope = forms.ChoiceField(choices=ConsentScope.choices, widget=forms.HiddenInput)
    months = forms.TypedChoiceField(
        label=_("Valid for"), choices=CONSENT_MONTHS, coerce=int, initial=12
    )


class ConsentWithdrawForm(forms.Form):
    scope = forms.ChoiceField(choices=ConsentScope.choices, widget=forms.HiddenInput)


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters; not only digits, not a common password."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        elif first:
            try:
                password_validation.validate_password(first)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, erase the personal data of this case irrevocably."),
        error_messages={"required": _("Please confirm the erasure.")},
    )


class HandoverForm(forms.Form):
    to_institution = forms.ModelChoiceField(
        queryset=Institution.objects.none(),
        label=_("Receiving institution"),
    )

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_institution"].queryset = institutions  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("yes", "yes"), ("no", "no")], widget=forms.HiddenInput)


class CasePolicyForm(forms.Form):
    eligibility_de = forms.CharField(
        label=_("Who may be served (German)"), required=False, widget=forms.Textarea
    )
    eligibility_en = forms.CharField(
        label=_("Who may be served (English)"), required=False, widget=forms.Textarea
    )
    support_months = forms.IntegerField(
        label=_("Support period in months"), required=False, min_value=1, max_value=120
    )
    retention_months = forms.IntegerField(
        label=_("Retention period after closing, in months"),
        required=False,
        min_value=1,
        max_value=120,
        help_text=format_lazy(
            _("Empty: the network default of {months} months."),
            months=settings.CASE_RETENTION_MONTHS_DEFAULT,
        ),
    )


class ProcessStepForm(forms.Form):
    title_de = forms.CharField(label=_("Title (German)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200)
    due_days = forms.IntegerField(
        label=_("Due within days after opening"), min_value=0, max_value=730
    )
    checklist_de = forms.CharField(
        label=_("Checklist (German)"), required=False, widget=forms.Textarea
    )
    checklist_en = forms.CharField(
        label=_("Checklist (English)"), required=False, widget=forms.Textarea
    )
