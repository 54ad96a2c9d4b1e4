"""REST endpoints for trainings and network meetings, and the user's own registrations (read only).

The programme as the reader may see it (`dualcareer.trainings.selectors`):
published or cancelled trainings of their audiences (drafts too for the
network's coordinators). Registering, confirming and cancelling happen on
the pages (they send e-mails with links to confirm).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api.base import ApiView
from dualcareer.api.filtering import text_parameters
from dualcareer.api.openings import raise_as_drf
from dualcareer.trainings import selectors, services


class SessionSerializer(serializers.Serializer):
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


class TrainingSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    network = serializers.CharField(source="network.slug")
    kind = serializers.CharField()
    title_de = serializers.CharField()
    title_en = serializers.CharField()
    description_de = serializers.CharField()
    description_en = serializers.CharField()
    topic = serializers.CharField()
    format = serializers.CharField()
    address = serializers.CharField()
    trainer = serializers.CharField()
    audience = serializers.CharField()
    capacity = serializers.IntegerField()
    registration_deadline = serializers.DateTimeField()
    cancellation_deadline = serializers.DateTimeField()
    fee = serializers.DecimalField(max_digits=8, decimal_places=2)
    language = serializers.CharField()
    status = serializers.CharField()
    sessions = SessionSerializer(many=True)


class RegistrationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    training = serializers.UUIDField(source="training.public_id")
    training_title_de = serializers.CharField(source="training.title_de")
    training_title_en = serializers.CharField(source="training.title_en")
    status = serializers.CharField()
    offer_expires_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class TrainingListView(ApiView):
    """Upcoming (with past=true: past) trainings and meetings you may see, soonest first."""

    resource = "trainings"

    @extend_schema(
        parameters=[
            *text_parameters("topic", "format", "kind"),
            OpenApiParameter("past", bool, required=False),
        ],
        responses=TrainingSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        filters = selectors.ProgrammeFilter(
            topic=params.get("topic", ""),
            format=params.get("format", ""),
            kind=params.get("kind", ""),
            past=params.get("past", "").lower() in ("1", "true"),
        )
        trainings = selectors.programme(user=request.user, filters=filters)
        return self.paginate(request, trainings, TrainingSerializer)


class TrainingDetailView(ApiView):
    resource = "trainings"

    @extend_schema(responses=TrainingSerializer)
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        training = selectors.training_get(user=request.user, public_id=public_id)
        return Response(TrainingSerializer(training).data)


class RegistrationListView(ApiView):
    """Your own registrations, newest first."""

    resource = "trainings"

    @extend_schema(responses=RegistrationSerializer(many=True))
    def get(self, request: Request) -> Response:
        registrations = selectors.my_registrations(user=request.user)
        return self.paginate(request, registrations, RegistrationSerializer)


class RegisterView(ApiView):
    """Register yourself for a training (a seat, or a place on the waiting list)."""

    resource = "trainings"

    @extend_schema(request=None, responses={201: RegistrationSerializer})
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        training = selectors.training_get(user=request.user, public_id=public_id)
        try:
            registration = services.registration_create(
                training=training,
                user=request.user,  # type: ignore[arg-type]  # authenticated (IsAuthenticated)
            )
        except DjangoValidationError as error:
            raise_as_drf(error)
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)
