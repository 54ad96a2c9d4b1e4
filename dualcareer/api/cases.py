"""REST endpoints for cases, their partner profile and consents (officers).

The rules of the case pages (`dualcareer.cases.selectors`): an officer reads
the cases of their institution, confidential ones only when assigned; every
read of one case is audited ("case.viewed"), as the case page is. The list
carries no personal data (references and codes); the partner's profile and
consents come with one case.

Writes go through the pages' forms and services, never a second code path:
opening a case validates with the "open case" form (`CaseOpenForm`) and calls
`services.case_open`; changing one with the edit form (`CaseEditForm`, and
`StatusForm` for the status) and `services.case_update` /
`services.case_status_set`; the partner's profile with `ProfileForm` and
`services.profile_update`. A PATCH body is laid over the record's current
values and the whole form validated, as if the page form had been sent with
only those fields changed. Changes carry the `version` the GET answered (the
pages' hidden field, `core.locking`): a stale one is a 409 `edit_conflict`.
Officers are named by their e-mail address. Consents stay read only: they
are the partner's to give and withdraw. Opening a case takes an optional
`Idempotency-Key` (`dualcareer.api.idempotency`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, NoReturn

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api import idempotency
from dualcareer.api.base import ApiView
from dualcareer.api.filtering import text_parameters
from dualcareer.api.openings import PARSERS, raise_as_drf
from dualcareer.cases import selectors, services
from dualcareer.cases.forms import (
    LANGUAGE_ROWS,
    CaseEditForm,
    CaseOpenForm,
    ProfileForm,
    StatusForm,
)
from dualcareer.cases.models import (
    CaseKind,
    CaseStatus,
    Degree,
    Language,
    LanguageLevel,
    Remote,
    WorkingTime,
)
from dualcareer.core import locking
from dualcareer.network.models import Sector

VERSION_HELP = (
    "The version this change is based on: the `version` of the last GET (or change). "
    "If someone saved in between, the answer is 409 `edit_conflict` and nothing is saved."
)


# --- output ------------------------------------------------------------------


class CaseListSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField(source="ref")
    institution = serializers.CharField(source="institution.slug")
    kind = serializers.CharField()
    status = serializers.CharField()
    outcome = serializers.CharField()
    confidential = serializers.BooleanField()
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)


class _Versioned(serializers.Serializer):
    version = serializers.SerializerMethodField(
        help_text="Send it back with a change (PATCH): the edit pages' optimistic lock."
    )

    def get_version(self, obj: Any) -> str:
        return locking.version_of(obj)


class ProfileSerializer(_Versioned):
    first_name = serializers.CharField()
    last_name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    street = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    profile_language = serializers.CharField()
    highest_degree = serializers.CharField()
    education = serializers.CharField()
    professional_field = serializers.CharField()
    experience_years = serializers.IntegerField(allow_null=True)
    experience = serializers.CharField()
    skills = serializers.CharField()
    languages = serializers.JSONField()
    desired_positions = serializers.CharField()
    desired_sectors = serializers.JSONField()
    working_time = serializers.CharField()
    earliest_start = serializers.DateField(allow_null=True)
    work_places = serializers.CharField()
    radius_km = serializers.IntegerField(allow_null=True)
    remote = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)


class ConsentSerializer(serializers.Serializer):
    scope = serializers.CharField()
    granted_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class CaseChangedSerializer(_Versioned, CaseListSerializer):
    """A case as opened or changed (GET it for the partner's profile and consents)."""

    recruited_name = serializers.CharField()
    recruited_position = serializers.CharField()
    recruited_department = serializers.CharField()
    recruited_start_date = serializers.DateField(allow_null=True)
    assigned_officers = serializers.SerializerMethodField(
        help_text="E-mail addresses of the assigned officers."
    )

    @extend_schema_field(serializers.ListField(child=serializers.EmailField()))
    def get_assigned_officers(self, case: Any) -> list[str]:
        return sorted(case.assigned_officers.values_list("email", flat=True))


class CaseSerializer(CaseChangedSerializer):
    profile = ProfileSerializer(source="profile_data", allow_null=True)
    consents = ConsentSerializer(
        source="consent_list",
        many=True,
        help_text="The consents in force now. Read only: the partner gives and withdraws them.",
    )


ConflictSerializer = inline_serializer(
    "CaseEditConflict",
    fields={
        "code": serializers.CharField(help_text="`edit_conflict`"),
        "detail": serializers.CharField(),
        "current_version": serializers.CharField(help_text="The version now stored."),
    },
)
KeyReusedSerializer = inline_serializer(
    "IdempotencyKeyReused",
    fields={
        "code": serializers.CharField(help_text="`idempotency_key_reused`"),
        "detail": serializers.CharField(),
    },
)
CONFLICT = OpenApiResponse(
    ConflictSerializer,
    description="Someone saved the record since `version`: nothing was saved (`edit_conflict`).",
)


class EditConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "edit_conflict"

    def __init__(self, conflict: locking.EditConflict) -> None:
        super().__init__(
            {
                "code": "edit_conflict",
                "detail": conflict.messages[0],
                "current_version": conflict.current_version,
            }
        )


# --- input -------------------------------------------------------------------


class _WholeBody:
    """A PATCH body validated whole: every field is optional but `version`, which is required.

    DRF and drf-spectacular make a PATCH serializer partial, which would drop
    `version` from the required fields (in the schema too); this one stays whole.
    """

    @property
    def partial(self) -> bool:
        return False

    @partial.setter
    def partial(self, value: bool) -> None:
        pass


def _text(max_length: int | None = None) -> serializers.CharField:
    if max_length is None:
        return serializers.CharField(required=False, allow_blank=True)
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True)


def _choice(choices: Any, **kwargs: Any) -> serializers.ChoiceField:
    return serializers.ChoiceField(choices=choices, required=False, **kwargs)


OFFICERS_FIELD_HELP = "E-mail addresses of officers of the case's institution."


def _officers() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.EmailField(), required=False, help_text=OFFICERS_FIELD_HELP
    )


class CaseOpenSerializer(serializers.Serializer):
    """The fields of the "open a case" page."""

    institution = serializers.SlugField(
        required=False,
        help_text="Slug of the institution; needed only if you are an officer at several.",
    )
    kind = _choice(CaseKind.choices, default=CaseKind.RECRUITMENT)
    recruited_name = serializers.CharField(max_length=200)
    recruited_position = _text(200)
    recruited_department = _text(200)
    recruited_start_date = serializers.DateField(required=False, allow_null=True)
    confidential = serializers.BooleanField(
        required=False, help_text="Only the assigned officers see a confidential case."
    )
    assigned_officers = serializers.ListField(
        child=serializers.EmailField(),
        required=False,
        help_text=f"{OFFICERS_FIELD_HELP} You are assigned automatically.",
    )
    partner_first_name = _text(100)
    partner_last_name = _text(100)
    partner_email = serializers.EmailField(required=False, allow_blank=True)


class CaseUpdateSerializer(_WholeBody, serializers.Serializer):
    """The fields of the case's edit page, and its status (the next step of the workflow)."""

    version = serializers.RegexField(r"^[0-9]{1,24}$", help_text=VERSION_HELP)
    kind = _choice(CaseKind.choices)
    recruited_name = serializers.CharField(max_length=200, required=False)
    recruited_position = _text(200)
    recruited_department = _text(200)
    recruited_start_date = serializers.DateField(required=False, allow_null=True)
    confidential = serializers.BooleanField(required=False)
    assigned_officers = serializers.ListField(
        child=serializers.EmailField(),
        required=False,
        min_length=1,
        help_text=f"{OFFICERS_FIELD_HELP} At least one.",
    )
    status = _choice(
        [CaseStatus.INTAKE, CaseStatus.ACTIVE],
        help_text=(
            "Move the case on: inquiry → intake → active (closing is done on the page). "
            "Entering intake needs `acknowledged` unless it was recorded before."
        ),
    )
    acknowledged = serializers.BooleanField(
        required=False,
        help_text=(
            "The partner was informed: the service supports but guarantees no job; "
            "employers select by their own procedures."
        ),
    )


class PartnerLanguageSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=Language.choices)
    level = serializers.ChoiceField(choices=LanguageLevel.choices)


class ProfileUpdateSerializer(_WholeBody, serializers.Serializer):
    """The fields of the profile page (without the CV). Consents cannot be changed here."""

    version = serializers.RegexField(r"^[0-9]{1,24}$", help_text=VERSION_HELP)
    first_name = serializers.CharField(max_length=100, required=False)
    last_name = serializers.CharField(max_length=100, required=False)
    email = serializers.EmailField(required=False)
    phone = _text(40)
    street = _text(200)
    postcode = _text(10)
    city = _text(100)
    profile_language = _choice(settings.LANGUAGES)
    highest_degree = _choice(Degree.choices, allow_blank=True)
    education = _text()
    professional_field = _text(200)
    experience_years = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=60
    )
    experience = _text()
    skills = _text()
    languages = serializers.ListField(
        child=PartnerLanguageSerializer(),
        required=False,
        max_length=LANGUAGE_ROWS,
        help_text=f"At most {LANGUAGE_ROWS}, each language once.",
    )
    desired_positions = _text()
    desired_sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices), required=False
    )
    working_time = _choice(WorkingTime.choices, allow_blank=True)
    earliest_start = serializers.DateField(required=False, allow_null=True)
    work_places = _text(300)
    radius_km = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=500
    )
    remote = _choice(Remote.choices, allow_blank=True)


# --- helpers -----------------------------------------------------------------


def _validated(serializer: serializers.Serializer, **messages: str) -> dict[str, Any]:
    """Validate `serializer`; 400 naming the field for invalid input and for unknown fields.

    `messages` gives the answer for fields that are known but cannot be changed here.
    """
    serializer.is_valid(raise_exception=True)
    unknown = sorted(set(serializer.initial_data) - set(serializer.fields))
    if unknown:
        raise ValidationError(
            {
                name: [messages.get(name) or _("This field does not exist or cannot be changed.")]
                for name in unknown
            }
        )
    return dict(serializer.validated_data)


def _form_value(value: Any) -> Any:
    """A value as a page form receives it (the form parses it again)."""
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_form_value(item) for item in value]
    return value


def _form_data(values: dict[str, Any]) -> dict[str, Any]:
    return {name: _form_value(value) for name, value in values.items()}


def _by_email(form: forms.BaseForm) -> None:
    """Let the form's officer choice take e-mail addresses (the API's names for officers)."""
    form.fields["assigned_officers"].to_field_name = "email"  # type: ignore[attr-defined]


def _emails(values: list[str]) -> list[str]:
    return [value.strip().lower() for value in values]


def _refuse_form(form: forms.BaseForm, rename: dict[str, str] | None = None) -> NoReturn:
    """400 with the form's errors, by field name (`rename` maps form fields to API fields)."""
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        key = "non_field_errors" if name == "__all__" else (rename or {}).get(name, name)
        errors.setdefault(key, []).extend(str(message) for message in messages)
    raise ValidationError(errors)


def _case_response(case: Any, code: int = status.HTTP_200_OK, **headers: str) -> Response:
    case.refresh_from_db()
    return Response(CaseChangedSerializer(case).data, status=code, headers=headers or None)


# --- views -------------------------------------------------------------------


class CaseListView(ApiView):
    """GET: the cases you may read (your institution's; confidential ones if assigned).
    POST: open a case (officers), as on the "open a case" page."""

    resource = "cases"
    parser_classes = PARSERS

    @extend_schema(parameters=text_parameters("status"), responses=CaseListSerializer(many=True))
    def get(self, request: Request) -> Response:
        cases = selectors.case_list(user=request.user, status=request.query_params.get("status"))
        return self.paginate(request, cases, CaseListSerializer)

    @extend_schema(
        request=CaseOpenSerializer,
        parameters=[
            OpenApiParameter(
                idempotency.HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                pattern=r"^[\x21-\x7e]{1,255}$",
                description=(
                    "Optional, e.g. a UUID. The same key from the same user within 24 hours "
                    "answers with the case the first request opened (201, header "
                    "`Idempotent-Replayed: true`) instead of opening another; the same key "
                    "with a different body answers 422 `idempotency_key_reused`."
                ),
            )
        ],
        responses={
            201: CaseChangedSerializer,
            422: OpenApiResponse(
                KeyReusedSerializer, description="The Idempotency-Key was used for another body."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        user: Any = request.user
        key = idempotency.key_from(request)
        body = idempotency.fingerprint(request.data)
        if key is not None:
            result = idempotency.earlier(user=user, key=key, operation="cases.open", body=body)
            if result is not None:
                return self._replayed(request, result)
        institutions = selectors.institutions_for_officer(user=user)
        if not institutions.exists():
            raise PermissionDenied(_("Only officers of an institution open cases."))
        data = _validated(CaseOpenSerializer(data=request.data))
        institution = self._institution(institutions, data.pop("institution", None))
        data["institution"] = institution.pk
        if "assigned_officers" in data:
            data["assigned_officers"] = _emails(data["assigned_officers"])
        form = CaseOpenForm(
            _form_data(data),
            institutions=institutions,
            officers=selectors.colleagues_of(user=user, institution_id=institution.pk),
        )
        _by_email(form)
        if not form.is_valid():
            _refuse_form(form)
        values = dict(form.cleaned_data)
        values["assigned_officers"] = list(values["assigned_officers"])
        try:
            with transaction.atomic():
                claimed = None
                if key is not None:
                    claimed = idempotency.claim(
                        user=user, key=key, operation="cases.open", body=body
                    )
                case = services.case_open(actor=user, **values)
                idempotency.done(claimed, str(case.public_id))
        except idempotency.Replay as replay:
            return self._replayed(request, replay.result)
        except DjangoValidationError as error:
            raise_as_drf(error)
        return _case_response(case, status.HTTP_201_CREATED)

    def _institution(self, institutions: Any, slug: str | None) -> Any:
        if slug:
            institution = institutions.filter(slug=slug).first()
            if institution is None:
                raise ValidationError(
                    {"institution": [_("You cannot open cases at this institution.")]}
                )
            return institution
        if institutions.count() > 1:
            raise ValidationError(
                {"institution": [_("You are an officer at several institutions: name one.")]}
            )
        return institutions.first()

    def _replayed(self, request: Request, result: str) -> Response:
        if not result:  # the first request is still running (cannot happen inside one database)
            raise idempotency.KeyReused
        case = selectors.case_for_officer(user=request.user, public_id=result, log_view=False)
        return _case_response(
            case, status.HTTP_201_CREATED, **{idempotency.REPLAYED_HEADER: "true"}
        )


def _case_for_change(request: Request, public_id: uuid.UUID) -> Any:
    """The case if the user may read it as an officer (else 404); the change is audited."""
    return selectors.case_for_officer(user=request.user, public_id=public_id, log_view=False)


class CaseDetailView(ApiView):
    """GET one case with the partner's profile and the consents in force (audited as a read).
    PATCH: change it, as on the case's edit page."""

    resource = "cases"
    parser_classes = PARSERS

    @extend_schema(responses=CaseSerializer)
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        case: Any = selectors.case_for_officer(user=request.user, public_id=public_id)
        case.profile_data = selectors.partner_profile_of(case=case)
        case.consent_list = list(selectors.consents_in_force(case=case).values())
        data = CaseSerializer(case).data
        return Response(data)

    @extend_schema(
        request=CaseUpdateSerializer,
        responses={200: CaseChangedSerializer, 409: CONFLICT},
    )
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        user: Any = request.user
        case = _case_for_change(request, public_id)
        data = _validated(CaseUpdateSerializer(data=request.data))
        version = data.pop("version")
        next_status = data.pop("status", None)
        acknowledged = data.pop("acknowledged", False)
        if "assigned_officers" in data:
            data["assigned_officers"] = _emails(data["assigned_officers"])
        current = {name: getattr(case, name) for name in services.CASE_EDITABLE}
        current["assigned_officers"] = list(case.assigned_officers.values_list("email", flat=True))
        form = CaseEditForm(
            _form_data({**current, **data}),
            officers=selectors.officers_of(institution_id=case.institution_id),
        )
        _by_email(form)
        if not form.is_valid():
            _refuse_form(form)
        status_form = None
        if next_status is not None and next_status != case.status:
            status_form = StatusForm({"status": next_status, "acknowledged": acknowledged})
            if not status_form.is_valid():
                _refuse_form(status_form)
        values = {name: form.cleaned_data[name] for name in services.CASE_EDITABLE if name in data}
        try:
            with transaction.atomic():
                locking.lock_unchanged(case, version)
                if data:
                    assigned = form.cleaned_data["assigned_officers"]
                    services.case_update(
                        case=case,
                        actor=user,
                        data=values,
                        assigned_officers=list(assigned) if "assigned_officers" in data else None,
                    )
                if status_form is not None:
                    services.case_status_set(
                        case=case,
                        actor=user,
                        status=status_form.cleaned_data["status"],
                        acknowledged=status_form.cleaned_data["acknowledged"],
                    )
        except locking.EditConflict as conflict:
            raise EditConflict(conflict) from conflict
        except DjangoValidationError as error:
            raise_as_drf(error)
        return _case_response(case)


def _language_rows(languages: list[dict[str, str]]) -> dict[str, str]:
    rows: dict[str, str] = {}
    for row in range(1, LANGUAGE_ROWS + 1):
        item = languages[row - 1] if row <= len(languages) else {}
        rows[f"language_{row}"] = item.get("language", "")
        rows[f"level_{row}"] = item.get("level", "")
    return rows


_LANGUAGE_FIELDS = {
    f"{name}_{row}": "languages"
    for row in range(1, LANGUAGE_ROWS + 1)
    for name in ("language", "level")
}


class CaseProfileView(ApiView):
    """PATCH the partner's profile, as on the officer's profile page (without the CV)."""

    resource = "cases"
    parser_classes = PARSERS

    @extend_schema(
        request=ProfileUpdateSerializer,
        responses={200: ProfileSerializer, 409: CONFLICT},
        description=(
            "Change the partner's profile as the officer's profile page does (the same "
            "checks; the CV is uploaded on the page). The partner's consents are not part "
            "of the profile and cannot be changed through the API: they are the partner's "
            "to give and withdraw."
        ),
    )
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        case = _case_for_change(request, public_id)
        profile = selectors.partner_profile_of(case=case)
        if profile is None:
            raise Http404
        data = _validated(
            ProfileUpdateSerializer(data=request.data),
            consents=_("Consents are the partner's: they cannot be changed through the API."),
        )
        version = data.pop("version")
        current = {
            name: value
            for name, value in ProfileForm.initial_from(profile).items()
            if not name.startswith(("language_", "level_"))
        }
        current.update(_language_rows(list(profile.languages or [])))
        if "languages" in data:
            current.update(_language_rows([dict(item) for item in data.pop("languages")]))
        form = ProfileForm(_form_data({**current, **data}))
        if not form.is_valid():
            _refuse_form(form, _LANGUAGE_FIELDS)
        try:
            with transaction.atomic():
                locking.lock_unchanged(profile, version)
                services.profile_update(case=case, actor=request.user, data=form.profile_data())
        except locking.EditConflict as conflict:
            raise EditConflict(conflict) from conflict
        except DjangoValidationError as error:
            raise_as_drf(error)
        profile.refresh_from_db()
        return Response(ProfileSerializer(profile).data)
