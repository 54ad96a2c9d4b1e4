"""What an organiser sends to create or change a training, checked by the page's own form.

The serializers describe the JSON (and the OpenAPI schema); the rules are the
coordinator page's: the body becomes the data of `trainings.forms.TrainingForm`
(sessions as date, start and end in Europe/Berlin, at most four, as on the
page), the form's `to_input()` goes to `services.training_save`, which checks
every rule again. Errors name the API's fields (`sessions`, not `session1_date`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, NoReturn

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from dualcareer.trainings.forms import SESSION_SLOTS, TrainingForm
from dualcareer.trainings.models import Audience, Format, Kind, Language, Topic, Training
from dualcareer.trainings.services import TrainingInput


class SessionInputSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(help_text="On the same day (Europe/Berlin) as the start.")


def _text(max_length: int, **kwargs: Any) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, **kwargs)


class TrainingInputSerializer(serializers.Serializer):
    """A new training or network meeting of a network you coordinate (saved as a draft)."""

    network = serializers.SlugField(help_text="Slug of the network whose programme you run.")
    kind = serializers.ChoiceField(choices=Kind.choices)
    title_de = _text(200, help_text="A title in German or in English is required.")
    title_en = _text(200)
    description_de = _text(10_000)
    description_en = _text(10_000)
    topic = serializers.ChoiceField(choices=Topic.choices)
    format = serializers.ChoiceField(choices=Format.choices)
    address = _text(300, help_text="Required in person and hybrid.")
    online_link = _text(500, help_text="Required online and hybrid; shown to participants only.")
    trainer = _text(200)
    audience = serializers.ChoiceField(
        choices=Audience.choices, help_text="Network meetings are always for the officers."
    )
    language = serializers.ChoiceField(choices=Language.choices)
    capacity = serializers.IntegerField(min_value=1, max_value=10_000)
    fee = serializers.DecimalField(
        max_digits=8, decimal_places=2, min_value=Decimal("0"), required=False
    )
    registration_deadline = serializers.DateTimeField()
    cancellation_deadline = serializers.DateTimeField()
    agenda = _text(10_000)
    minutes = _text(50_000, help_text="Shown to the members once the meeting is over.")
    sessions = serializers.ListField(
        child=SessionInputSerializer(),
        min_length=1,
        max_length=SESSION_SLOTS,
        help_text=f"1 to {SESSION_SLOTS} sessions, none starting in the past.",
    )


class TrainingUpdateSerializer(TrainingInputSerializer):
    """Partial change: the fields sent replace the stored ones (`sessions`: all of them)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)
        self.fields.pop("network")


def _session_fields(sessions: list[dict[str, dt.datetime]]) -> dict[str, Any]:
    """The form's session fields (date, start, end in Berlin time) for the API's sessions."""
    fields: dict[str, Any] = {}
    for i, session in enumerate(sessions, start=1):
        start = timezone.localtime(session["starts_at"])
        end = timezone.localtime(session["ends_at"])
        if end.date() != start.date():
            raise ValidationError({"sessions": [_("A session starts and ends on the same day.")]})
        fields[f"session{i}_date"] = start.date()
        fields[f"session{i}_start"] = start.time()
        fields[f"session{i}_end"] = end.time()
    return fields


def _api_field(name: str) -> str:
    if name.startswith("session") and name[7:8].isdigit():
        return "sessions"
    return "non_field_errors" if name == "__all__" else name


def raise_named(errors: Mapping[str, Any]) -> NoReturn:
    """A 400 naming the API's fields for the form's or the service's errors."""
    named: dict[str, list[str]] = {}
    for name, messages in errors.items():
        named.setdefault(_api_field(name), []).extend(str(m) for m in messages)
    raise ValidationError(named)


def raise_service_error(error: DjangoValidationError) -> NoReturn:
    if hasattr(error, "error_dict"):
        raise_named(error.message_dict)
    raise ValidationError({"non_field_errors": error.messages})


def training_values(data: dict[str, Any], *, training: Training | None = None) -> TrainingInput:
    """Run the page's TrainingForm on `data` (over the stored training's values for a change)."""
    values = {k: v for k, v in data.items() if k not in ("network", "sessions")}
    form_data: dict[str, Any] = {}
    if training is not None:
        form_data = TrainingForm.initial_from(training)
        if "sessions" in data:
            form_data = {k: v for k, v in form_data.items() if not k.startswith("session")}
    form_data.setdefault("fee", Decimal("0"))
    form_data.update(values)
    if "sessions" in data:
        form_data.update(_session_fields(data["sessions"]))
    form = TrainingForm(form_data)
    if not form.is_valid():
        raise_named(form.errors)
    return form.to_input()
