"""REST endpoints for openings, their JobPosting import and introductions.

One view per operation, each with its own input and output serializer; the
views call one service or selector of `dualcareer.openings`. Authentication
(`dualcareer.api.base`): the session (browser) or a Bearer token with the
scopes `openings:*` / `introductions:*` (machine clients, e.g. an employer's
applicant-tracking system pushing its vacancies); HTTP Basic on the
deprecated unversioned paths only.
"""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Callable, Mapping
from typing import Any, NoReturn

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.accounts import permissions
from dualcareer.api.base import ApiView, Pagination
from dualcareer.core import audit
from dualcareer.core.pagination import CappedPaginator
from dualcareer.exchange.models import EmployerAnswer
from dualcareer.exchange.selectors import (
    REVEALED_FIELDS,
    employer_profile,
    introduction_for_employer,
    introductions_for_employer,
    introductions_for_employer_queryset,
)
from dualcareer.exchange.services import introduction_answer
from dualcareer.network.models import Institution
from dualcareer.openings import importing, selectors, services
from dualcareer.openings.models import (
    LANGUAGE_CODES,
    ContractType,
    OccupationField,
    Opening,
    Source,
    Visibility,
    WorkingTime,
)

# The same limit as an uploaded file on the import page: a larger body is refused
# with 413 before it is read (a 50 MB body once cost a worker 0.9 GB).
MAX_BODY_BYTES = 10 * 1024 * 1024


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"

    def __init__(self) -> None:
        super().__init__(
            {
                "detail": f"The request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB.",
                "limit_bytes": str(MAX_BODY_BYTES),
            }
        )


class LimitedJSONParser(JSONParser):
    """JSON bodies up to MAX_BODY_BYTES; larger ones answer 413 (by header or while read)."""

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        request = (parser_context or {}).get("request")
        declared = getattr(request, "META", {}).get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            raise BodyTooLarge
        body = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(body) > MAX_BODY_BYTES:
            raise BodyTooLarge
        try:
            return super().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError as error:  # 10,000 nested brackets: a 400, not a crash
            raise ParseError("JSON parse error - the document is nested too deeply.") from error


PARSERS = [LimitedJSONParser]


def raise_as_drf(error: DjangoValidationError) -> NoReturn:
    """Turn a service's ValidationError into a 400 body naming the field."""
    if hasattr(error, "error_dict"):
        raise ValidationError(error.message_dict) from error
    raise ValidationError({"non_field_errors": error.messages}) from error


class PlaceSerializer(serializers.Serializer):
    """A place of work as sent: a German postcode (five digits) or a city, or both."""

    street = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    postcode = serializers.RegexField(
        r"^([0-9]{5})?$", max_length=5, required=False, allow_blank=True, default=""
    )
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class PlaceOutputSerializer(serializers.Serializer):
    """A place as stored: the postcode may be empty (a city only), coordinates unknown."""

    street = serializers.CharField()
    postcode = serializers.CharField(help_text="Five digits, or empty.")
    city = serializers.CharField()
    country = serializers.CharField(help_text="ISO 3166-1 alpha-2 code.")
    latitude = serializers.FloatField(allow_null=True, help_text="Null when the place is unknown.")
    longitude = serializers.FloatField(allow_null=True, help_text="Null when the place is unknown.")


class OpeningOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    employer = serializers.CharField(source="institution.slug")
    employer_name = serializers.CharField(source="institution.name")
    reference = serializers.CharField()
    title_de = serializers.CharField()
    title_en = serializers.CharField()
    description_de = serializers.CharField()
    description_en = serializers.CharField()
    occupation_field = serializers.CharField()
    places = PlaceOutputSerializer(many=True)
    remote_share = serializers.IntegerField()
    working_time = serializers.CharField()
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True)
    contract_type = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    salary_band = serializers.CharField()
    salary_min = serializers.IntegerField(allow_null=True)
    salary_max = serializers.IntegerField(allow_null=True)
    languages = serializers.ListField(child=serializers.CharField(), source="language_list")
    apply_url = serializers.CharField()
    closing_date = serializers.DateField(allow_null=True)
    visibility = serializers.CharField()
    is_published = serializers.BooleanField()
    published_at = serializers.DateTimeField(allow_null=True)
    source = serializers.CharField()  # type: ignore[assignment]  # a field named "source"


class OpeningInputSerializer(serializers.Serializer):
    employer = serializers.SlugField(help_text="Slug of the employer institution.")
    reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="Unique per employer."
    )
    title_de = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="A title in German or in English is required (400 naming title_de otherwise).",
    )
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description_de = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="A description (German or English) is required with a title.",
    )
    description_en = serializers.CharField(required=False, allow_blank=True)
    occupation_field = serializers.ChoiceField(choices=OccupationField.choices)
    places = PlaceSerializer(
        many=True,
        required=False,
        default=list,
        help_text="At least one place (at most 10) unless remote_share is 100.",
    )
    remote_share = serializers.IntegerField(min_value=0, max_value=100, required=False)
    working_time = serializers.ChoiceField(choices=WorkingTime.choices, required=False)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, min_value=1, max_value=80
    )
    contract_type = serializers.ChoiceField(choices=ContractType.choices)
    start_date = serializers.DateField(required=False, allow_null=True)
    salary_band = serializers.CharField(max_length=100, required=False, allow_blank=True)
    salary_min = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    salary_max = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    languages = serializers.ListField(
        child=serializers.ChoiceField(choices=sorted(LANGUAGE_CODES)), required=False
    )
    apply_url = serializers.URLField(max_length=500, required=False, allow_blank=True)
    closing_date = serializers.DateField(required=False, allow_null=True)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    is_published = serializers.BooleanField(required=False)


class OpeningUpdateSerializer(OpeningInputSerializer):
    """Partial update; the employer of an opening never changes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)
        self.fields.pop("employer")


def _split(
    data: dict[str, Any],
) -> tuple[dict[str, Any], list[dict[str, Any]] | None, list[str] | None]:
    data = dict(data)
    data.pop("employer", None)
    places = data.pop("places", None)
    languages = data.pop("languages", None)
    return data, places, languages


class OpeningPagination(Pagination):
    """Pages of openings whose total is counted up to `cap` only (issue 18).

    A full COUNT reads every matching opening (at 100,000 it cost more than
    the page); `CappedPaginator` counts a LIMITed sub-query, so a page costs
    the same at any number of openings. Above the cap `count` says `cap` and
    `count_capped` is true ("more than"); pages stay reachable up to the cap.
    """

    cap = selectors.LIST_COUNT_CAP
    # How the list is counted, where the view knows better (its `list_counter`,
    # `OpeningSearch.count`).
    counter: Callable[[int], int] | None = None

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> Any:
        # A narrowed list counts less far than the whole list (`OpeningFilters.count_cap`).
        self.cap = selectors.OpeningFilters.from_params(request.query_params.dict()).count_cap
        self.counter = getattr(view, "list_counter", None)
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, queryset: Any, page_size: int) -> CappedPaginator:  # type: ignore[override]
        return CappedPaginator(queryset, page_size, cap=self.cap, counter=self.counter)

    def get_paginated_response(self, data: Any) -> Response:
        assert self.page is not None  # paginate_queryset ran
        paginator = self.page.paginator
        assert isinstance(paginator, CappedPaginator)  # django_paginator_class
        return Response(
            {
                "count": min(paginator.count, paginator.cap),
                "count_capped": paginator.capped,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        out = super().get_paginated_response_schema(schema)
        out["properties"]["count"]["description"] = (
            f"Matching openings, counted up to {selectors.LIST_COUNT_CAP:,} "
            f"({selectors.FILTERED_COUNT_CAP:,} when a filter is given)."
        )
        out["properties"] = {
            "count": out["properties"]["count"],
            "count_capped": {
                "type": "boolean",
                "description": "True when more openings match than were counted.",
            },
            **{k: v for k, v in out["properties"].items() if k != "count"},
        }
        out["required"] = [*out.get("required", []), "count_capped"]
        return out


class OpeningListView(ApiView):
    """GET: the openings you may see (filters as on the list page). POST: post an opening."""

    resource = "openings"
    parser_classes = PARSERS
    pagination_class = OpeningPagination
    list_counter: Callable[[int], int] | None = None

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in (
                "q",
                "field",
                "sector",
                "language",
                "working_time",
                "postcode",
                "radius_km",
            )
        ],
        responses=OpeningOutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = selectors.OpeningFilters.from_params(request.query_params.dict())
        search = selectors.opening_search(user=request.user, filters=filters)
        self.list_counter = search.count  # read by OpeningPagination (a view per request)
        return self.paginate(request, search.openings, OpeningOutputSerializer)

    @extend_schema(request=OpeningInputSerializer, responses={201: OpeningOutputSerializer})
    def post(self, request: Request) -> Response:
        serializer = OpeningInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        institution = Institution.objects.filter(slug=serializer.validated_data["employer"]).first()
        if institution is None:
            raise ValidationError({"employer": ["Unknown institution."]})
        data, places, languages = _split(serializer.validated_data)
        try:
            opening = services.opening_create(
                user=request.user,
                institution=institution,
                data=data,
                places=places or [],
                languages=languages or [],
                source=Source.API,
            )
        except DjangoValidationError as error:
            raise_as_drf(error)
        return Response(OpeningOutputSerializer(opening).data, status=status.HTTP_201_CREATED)


class OpeningDetailView(ApiView):
    """GET one opening you may see; PATCH one of your institution's openings."""

    resource = "openings"
    parser_classes = PARSERS

    def _get(self, request: Request, public_id: uuid.UUID) -> Opening:
        opening = selectors.opening_detail(user=request.user, public_id=public_id)
        if opening is None:
            raise Http404
        return opening

    @extend_schema(responses=OpeningOutputSerializer)
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        return Response(OpeningOutputSerializer(self._get(request, public_id)).data)

    @extend_schema(request=OpeningUpdateSerializer, responses=OpeningOutputSerializer)
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        opening = self._get(request, public_id)
        serializer = OpeningUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, places, languages = _split(serializer.validated_data)
        try:
            opening = services.opening_update(
                user=request.user, opening=opening, data=data, places=places, languages=languages
            )
        except DjangoValidationError as error:
            raise_as_drf(error)
        return Response(OpeningOutputSerializer(opening).data)


class ImportInputSerializer(serializers.Serializer):
    employer = serializers.SlugField()
    visibility = serializers.ChoiceField(choices=Visibility.choices, default=Visibility.NETWORK)
    postings = serializers.JSONField(
        help_text="schema.org JobPosting JSON-LD: one posting, a list, an @graph or an ItemList."
    )


ImportJobSerializer = inline_serializer(
    "ImportJob",
    fields={
        "id": serializers.UUIDField(),
        "status": serializers.ChoiceField(choices=["queued", "running", "done", "failed"]),
        "url": serializers.URLField(),
        "progress_page": serializers.URLField(),
        "done": serializers.IntegerField(),
        "total": serializers.IntegerField(allow_null=True),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
        "skipped": serializers.IntegerField(),
        "errors": serializers.IntegerField(),
        "items": serializers.ListField(child=serializers.DictField(), required=False),
    },
)


def _namespace(request: Request) -> str:
    """The URL namespace the request came in by ("api_v1", or "api" for the old paths)."""
    match = getattr(request, "resolver_match", None)
    return match.namespace if match is not None and match.namespace else "api_v1"


def _import_job(request: Request, run: Any) -> dict[str, Any]:
    data = {
        "id": run.public_id,
        "url": request.build_absolute_uri(
            reverse(f"{_namespace(request)}:opening_import_status", args=[run.public_id])
        ),
        "progress_page": request.build_absolute_uri(
            reverse("openings:import_progress", args=[run.public_id])
        ),
        **importing.import_status(run),
    }
    data.pop("finished")
    data.pop("percent")
    if run.is_finished:
        data["items"] = run.report
    return data


class OpeningImportView(ApiView):
    """POST schema.org JobPostings: a job (202); openings are matched by employer + reference."""

    resource = "openings"
    parser_classes = PARSERS

    @extend_schema(request=ImportInputSerializer, responses={202: ImportJobSerializer})
    def post(self, request: Request) -> Response:
        serializer = ImportInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        institution = Institution.objects.filter(slug=serializer.validated_data["employer"]).first()
        if institution is None:
            raise ValidationError({"employer": ["Unknown institution."]})
        run = importing.import_enqueue(
            user=request.user,
            institution=institution,
            text=json.dumps(serializer.validated_data["postings"]),
            visibility=serializer.validated_data["visibility"],
            # The API has no language in its path: the report in the user's language.
            params={"language": getattr(request.user, "language", "") or settings.LANGUAGE_CODE},
        )
        data = _import_job(request, run)
        return Response(data, status=status.HTTP_202_ACCEPTED, headers={"Location": data["url"]})


class OpeningImportStatusView(ApiView):
    """An import job's progress; at the end, its per-item report."""

    resource = "openings"

    @extend_schema(responses=ImportJobSerializer)
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        run = importing.import_run_for(user=request.user, public_id=public_id)
        if run is None:
            raise Http404
        return Response(_import_job(request, run))


class IntroductionOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    opening = serializers.UUIDField(source="opening.public_id", allow_null=True, default=None)
    created_at = serializers.DateTimeField()
    answer = serializers.CharField()
    answer_reason = serializers.CharField()
    revealed = serializers.BooleanField(source="is_revealed")
    selection_notice = serializers.CharField()
    message = serializers.CharField()
    profile = serializers.SerializerMethodField()

    def get_profile(self, introduction: Any) -> dict[str, Any]:
        return employer_profile(introduction)


def _shows_identity(item: dict[str, Any]) -> bool:
    """Whether one serialized introduction carries the partner's name or contact."""
    profile = item.get("profile") or {}
    return bool(item.get("revealed")) or any(name in profile for name in REVEALED_FIELDS)


def _audit_identity_reads(user: Any, introductions: list[Any], items: list[dict[str, Any]]) -> None:
    """Audit every introduction whose API answer shows the partner's revealed identity.

    The entry names the introduction and the channel only, never the identity.
    """
    shown = [i for i, item in zip(introductions, items, strict=True) if _shows_identity(item)]
    if not shown:
        return
    with transaction.atomic():
        for introduction in shown:
            audit.log(
                introduction,
                "introduction.viewed",
                actor=user,
                institution_id=introduction.employer_id,
                data={"introduction": introduction.public_id, "revealed": True, "channel": "api"},
            )


PAGED_INTRODUCTIONS = (
    "Page number, newest introductions first. With `page` or `page_size` the answer is "
    "`{count, next, previous, results}`; without either it is the whole list (API v1's "
    "original answer, kept for existing clients)."
)


class IntroductionListView(ApiView):
    """GET the introductions addressed to your institution (anonymised until revealed)."""

    resource = "introductions"

    @extend_schema(
        responses=IntroductionOutputSerializer(many=True),
        parameters=[
            OpenApiParameter("page", int, description=PAGED_INTRODUCTIONS),
            OpenApiParameter("page_size", int, description="Items per page (at most 200)."),
        ],
    )
    def get(self, request: Request) -> Response:
        if not permissions.has(request.user, "introduction.answer"):
            return Response({"detail": "Only employer contacts receive introductions."}, status=403)
        if "page" not in request.query_params and "page_size" not in request.query_params:
            # API v1's answer without paging parameters: the whole list, as it always was.
            introductions = introductions_for_employer(user=request.user)
            data = IntroductionOutputSerializer(introductions, many=True).data
            _audit_identity_reads(request.user, introductions, list(data))
            return Response(data)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(
            introductions_for_employer_queryset(user=request.user).with_reveals(),
            request,
            view=self,
        )
        introductions = list(page or [])
        data = IntroductionOutputSerializer(introductions, many=True).data
        _audit_identity_reads(request.user, introductions, list(data))
        return paginator.get_paginated_response(data)


class AnswerInputSerializer(serializers.Serializer):
    answer = serializers.ChoiceField(choices=EmployerAnswer.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class IntroductionAnswerView(ApiView):
    """POST the employer's answer to an introduction."""

    resource = "introductions"

    @extend_schema(request=AnswerInputSerializer, responses=IntroductionOutputSerializer)
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        introduction = introduction_for_employer(user=request.user, public_id=public_id)
        if introduction is None:
            raise Http404
        serializer = AnswerInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            introduction_answer(
                user=request.user,
                introduction=introduction,
                answer=serializer.validated_data["answer"],
                reason=serializer.validated_data["reason"],
            )
        except DjangoValidationError as error:
            if hasattr(error, "error_dict") and "answer_reason" in error.message_dict:
                raise ValidationError({"reason": error.message_dict["answer_reason"]}) from error
            raise_as_drf(error)
        data = IntroductionOutputSerializer(introduction).data
        _audit_identity_reads(request.user, [introduction], [data])
        return Response(data)
