"""Forms of the programme pages; the services repeat every rule, forms give the messages early."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dualcareer.core import uploads
from dualcareer.network.validation import validate_plain_text
from dualcareer.trainings.models import (
    Audience,
    Format,
    Kind,
    Language,
    QuestionKind,
    Sharing,
    Topic,
)
from dualcareer.trainings.services import TrainingInput

SESSION_SLOTS = 4


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _text(label: Any, *, max_length: int = 200, textarea: bool = False, **kw: Any) -> Any:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        validators=[validate_plain_text],
        widget=forms.Textarea(attrs={"rows": 5}) if textarea else None,
        **kw,
    )


class ProgrammeFilterForm(forms.Form):
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("Any topic")), *Topic.choices]
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *Format.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Trainings and meetings")), *Kind.choices]
    )


class TrainingForm(forms.Form):
    """A training or meeting with up to four sessions (date, start and end, Berlin time)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    title_de = _text(_("Title (German)"))
    title_en = _text(_("Title (English)"))
    description_de = _text(_("Description (German)"), max_length=10_000, textarea=True)
    description_en = _text(_("Description (English)"), max_length=10_000, textarea=True)
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    format = forms.ChoiceField(label=_("Format"), choices=Format.choices)
    address = _text(_("Address of the venue"), max_length=300, help_text=_("In person and hybrid."))
    online_link = forms.URLField(
        label=_("Link to the online room"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Online and hybrid. Shown only to registered participants."),
    )
    trainer = _text(_("Trainer"))
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=Audience.choices,
        help_text=_("Network meetings are always for the members' delegates."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=10_000)
    fee = forms.DecimalField(
        label=_("Fee in euros"),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        initial=Decimal("0"),
        help_text=_("0 for free."),
    )
    registration_deadline = forms.DateTimeField(
        label=_("Registration deadline"), widget=DateTimeInput()
    )
    cancellation_deadline = forms.DateTimeField(
        label=_("Cancellation deadline"),
        widget=DateTimeInput(),
        help_text=_("Until then participants cancel themselves."),
    )
    agenda = _text(_("Agenda (network meetings)"), max_length=10_000, textarea=True)
    minutes = _text(
        _("Minutes (network meetings)"),
        max_length=50_000,
        textarea=True,
        help_text=_("Shown to the members once the meeting is over."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i in range(1, SESSION_SLOTS + 1):
            required = i == 1
            self.fields[f"session{i}_date"] = forms.DateField(
                label=_("Session %(n)s: date") % {"n": i}, required=required, widget=DateInput()
            )
            self.fields[f"session{i}_start"] = forms.TimeField(
                label=_("Session %(n)s: start") % {"n": i}, required=required, widget=TimeInput()
            )
            self.fields[f"session{i}_end"] = forms.TimeField(
                label=_("Session %(n)s: end") % {"n": i}, required=required, widget=TimeInput()
            )

    def sessions(self) -> list[tuple[dt.datetime, dt.datetime]]:
        data = self.cleaned_data
        tz = timezone.get_default_timezone()
        result = []
        for i in range(1, SESSION_SLOTS + 1):
            day, start, end = (data.get(f"session{i}_{p}") for p in ("date", "start", "end"))
            if day and start and end:
                result.append(
                    (
                        dt.datetime.combine(day, start, tzinfo=tz),
                        dt.datetime.combine(day, end, tzinfo=tz),
                    )
                )
        return result

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in range(2, SESSION_SLOTS + 1):
            parts = [data.get(f"session{i}_{p}") for p in ("date", "start", "end")]
            if any(parts) and not all(parts):
                self.add_error(f"session{i}_date", _("Give date, start and end of the session."))
        return data

    def to_input(self) -> TrainingInput:
        data = self.cleaned_data
        return TrainingInput(
            kind=data["kind"],
            topic=data["topic"],
            format=data["format"],
            audience=data["audience"],
            capacity=data["capacity"],
            registration_deadline=data["registration_deadline"],
            cancellation_deadline=data["cancellation_deadline"],
            sessions=self.sessions(),
            fee=data["fee"],
            language=data["language"],
            online_link=data["online_link"],
            **{
                name: data[name]
                for name in (
                    "title_de",
                    "title_en",
                    "description_de",
                    "description_en",
                    "agenda",
                    "minutes",
                    "address",
                    "trainer",
                )
            },
        )

    @classmethod
    def initial_from(cls, training: Any) -> dict[str, Any]:
        initial = {
            name: getattr(training, name)
            for name in (
                "kind",
                "title_de",
                "title_en",
                "description_de",
                "description_en",
                "topic",
                "format",
                "address",
                "online_link",
                "trainer",
                "audience",
                "language",
                "capacity",
                "fee",
                "agenda",
                "minutes",
            )
        }
        initial["registration_deadline"] = timezone.localtime(training.registration_deadline)
        initial["cancellation_deadline"] = timezone.localtime(training.cancellation_deadline)
        for i, session in enumerate(training.session_list()[:SESSION_SLOTS], start=1):
            start = timezone.localtime(session.starts_at)
            initial[f"session{i}_date"] = start.date()
            initial[f"session{i}_start"] = start.time()
            initial[f"session{i}_end"] = timezone.localtime(session.ends_at).time()
        return initial


# The field the service names "sessions" is shown at the first session.
SERVICE_FIELD_MAP = {"sessions": "session1_date"}


class PublicRegistrationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=[validate_plain_text])
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    privacy = forms.BooleanField(
        label=_(
            "I agree that the network stores my name and e-mail address for this training "
            "(deleted one year after it)."
        )
    )


class ParticipantAddForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, validators=[validate_plain_text])
    email = forms.EmailField(label=_("E-mail address"), max_length=254)


class DocumentForm(forms.Form):
    """A document for a training or meeting; the file is checked by content in the service."""

    title = forms.CharField(label=_("Title"), max_length=200, validators=[validate_plain_text])
    file = uploads.FileField(
        label=_("File"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.pptx,application/pdf"}),
    )
    sharing = forms.ChoiceField(
        label=_("Share with members"),
        choices=Sharing.choices,
        initial=Sharing.NOW,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX) or PowerPoint (PPTX), at most %(size)s."
        ) % {"size": filesizeformat(uploads.max_bytes())}


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=40)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    text_de = forms.CharField(
        label=_("Question (German)"), max_length=300, validators=[validate_plain_text]
    )
    text_en = forms.CharField(
        label=_("Question (English)"),
        max_length=300,
        required=False,
        validators=[validate_plain_text],
    )


class FeedbackForm(forms.Form):
    """The network's questions: ratings 1 to 5 (radio buttons) and free text."""

    def __init__(self, *args: Any, questions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            if question.kind == QuestionKind.RATING:
                self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                    label=question.text,
                    required=False,
                    coerce=int,
                    choices=[(i, str(i)) for i in range(1, 6)],
                    widget=forms.RadioSelect,
                    help_text=_("1 = poor, 5 = excellent"),
                )
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 4}),
                )
        self.fields["signed"] = forms.BooleanField(
            label=_("Send my name with my answers (otherwise they are anonymous)"),
            required=False,
        )

    def answers(self) -> dict[int, Any]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdigit()
        }
