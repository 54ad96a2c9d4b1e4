"""REST endpoints for trainings and network meetings, and the user's own registrations.

The programme as the reader may see it (`dualcareer.trainings.selectors`):
published or cancelled trainings of their audiences (drafts too for the
network's coordinators); registering, cancelling one's own registration and
taking an offered place. The network's coordinators create and change
trainings here (the page's `TrainingForm` and `services.training_save`, see
`training_inputs`); their other operations are in `trainings_organiser`.
Visitors without an account register on the pages (e-mail confirmation).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api.base import ApiView
from dualcareer.api.filtering import text_parameters
from dualcareer.api.openings import PARSERS, raise_as_drf
from dualcareer.api.training_inputs import (
    TrainingInputSerializer,
    TrainingUpdateSerializer,
    raise_service_error,
    training_values,
)
from dualcareer.network.models import Network
from dualcareer.trainings import access, selectors, services


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


class ManagedTrainingSerializer(TrainingSerializer):
    """A training as its organisers see it: with the online link, agenda and minutes."""

    online_link = serializers.CharField()
    agenda = serializers.CharField()
    minutes = serializers.CharField()


class RegistrationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    training = serializers.UUIDField(source="training.public_id")
    training_title_de = serializers.CharField(source="training.title_de")
    training_title_en = serializers.CharField(source="training.title_en")
    status = serializers.CharField()
    offer_expires_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class TrainingListView(ApiView):
    """GET: upcoming (with past=true: past) trainings and meetings you may see, soonest first.

    POST: a new training or meeting (a draft) of a network whose programme you run.
    """

    resource = "trainings"
    parser_classes = PARSERS

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

    @extend_schema(request=TrainingInputSerializer, responses={201: ManagedTrainingSerializer})
    def post(self, request: Request) -> Response:
        if not access.coordinated_network_ids(request.user):
            raise PermissionDenied("training.manage")
        serializer = TrainingInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        network = Network.objects.filter(slug=serializer.validated_data["network"]).first()
        if network is None:
            raise ValidationError({"network": [_("Unknown network.")]})
        access.require_manager(request.user, network)
        values = training_values(serializer.validated_data)
        try:
            training = services.training_save(
                actor=request.user,  # type: ignore[arg-type]  # authenticated
                network=network,
                values=values,
            )
        except DjangoValidationError as error:
            raise_service_error(error)
        training = selectors.training_get(user=request.user, public_id=training.public_id)
        return Response(ManagedTrainingSerializer(training).data, status=status.HTTP_201_CREATED)


class TrainingDetailView(ApiView):
    """GET: one training you may see. PATCH: change one of a network you coordinate."""

    resource = "trainings"
    parser_classes = PARSERS

    @extend_schema(responses=TrainingSerializer)
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        training = selectors.training_get(user=request.user, public_id=public_id)
        return Response(TrainingSerializer(training).data)

    @extend_schema(request=TrainingUpdateSerializer, responses=ManagedTrainingSerializer)
    def patch(self, request: Request, public_id: uuid.UUID) -> Response:
        training = selectors.managed_training_get(user=request.user, public_id=public_id)
        serializer = TrainingUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = training_values(serializer.validated_data, training=training)
        try:
            services.training_save(
                actor=request.user,  # type: ignore[arg-type]  # authenticated
                network=training.network,
                values=values,
                training=training,
            )
        except DjangoValidationError as error:
            raise_service_error(error)
        training = selectors.training_get(user=request.user, public_id=public_id)
        return Response(ManagedTrainingSerializer(training).data)


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


class RegistrationCancelView(ApiView):
    """Cancel your own registration (a seat: until the cancellation deadline)."""

    resource = "trainings"

    @extend_schema(request=None, responses=RegistrationSerializer)
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        registration = selectors.registration_own(user=request.user, public_id=public_id)
        try:
            registration = services.registration_cancel(
                registration=registration,
                actor=request.user,  # type: ignore[arg-type]  # authenticated
            )
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response(RegistrationSerializer(registration).data)


class RegistrationAcceptView(ApiView):
    """Take the place offered to you from the waiting list (before the offer expires)."""

    resource = "trainings"

    @extend_schema(request=None, responses=RegistrationSerializer)
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        registration = selectors.registration_own(user=request.user, public_id=public_id)
        try:
            registration = services.offer_accept(registration=registration)
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response(RegistrationSerializer(registration).data)
