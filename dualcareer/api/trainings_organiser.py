"""REST endpoints for the organisers of a network's programme (its coordinators).

The coordinator pages' operations: publish and cancel a training, read its
registrations (name and e-mail address as the participants page shows them),
add, remove and move participants, record attendance. Each view asks the
trainings app's selectors (`managed_training_get`: 404 for a training the
reader may not see, 403 for one they see but do not organise) and calls its
service, which checks the permission again and writes the audit entry.
Creating and changing a training: `trainings.TrainingListView.post`,
`trainings.TrainingDetailView.patch`.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dualcareer.api.base import ApiView
from dualcareer.api.openings import PARSERS
from dualcareer.api.training_inputs import raise_named, raise_service_error
from dualcareer.api.trainings import ManagedTrainingSerializer
from dualcareer.trainings import selectors, services
from dualcareer.trainings.forms import ParticipantAddForm
from dualcareer.trainings.models import Registration, RegistrationStatus, Training

RS = RegistrationStatus
# The participants page shows the e-mail address of people holding or waiting for a
# place; of cancelled, removed, moved and unconfirmed registrations only the name.
EMAIL_SHOWN = (RS.CONFIRMED, RS.OFFERED, RS.WAITING)
LIST_ORDER = (RS.CONFIRMED, RS.OFFERED, RS.WAITING)


class ManagedRegistrationSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    email = serializers.SerializerMethodField(
        help_text="Only while the person holds, is offered or waits for a place."
    )
    status = serializers.ChoiceField(choices=RS.choices)
    attended = serializers.BooleanField()
    offer_expires_at = serializers.DateTimeField(allow_null=True)

    def get_email(self, registration: Registration) -> str | None:
        return registration.email if registration.status in EMAIL_SHOWN else None


class ParticipantInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    email = serializers.CharField(max_length=254)


class MoveInputSerializer(serializers.Serializer):
    target = serializers.UUIDField(help_text="Another open training of the same network.")


class AttendanceInputSerializer(serializers.Serializer):
    attended = serializers.ListField(
        child=serializers.UUIDField(),
        max_length=10_000,
        help_text="Every confirmed registration that attended; the others are marked absent.",
    )


AttendanceSerializer = inline_serializer(
    "AttendanceResult", fields={"attended": serializers.IntegerField()}
)


def _managed(request: Request, public_id: uuid.UUID) -> Training:
    return selectors.managed_training_get(user=request.user, public_id=public_id)


def _registration(training: Training, public_id: uuid.UUID) -> Registration:
    registration = selectors.managed_registration(training=training, public_id=public_id)
    if registration is None:
        raise Http404
    return registration


def _training_data(request: Request, training: Training) -> dict[str, Any]:
    fresh = selectors.training_get(user=request.user, public_id=training.public_id)
    return dict(ManagedTrainingSerializer(fresh).data)


class TrainingPublishView(ApiView):
    """Publish a draft of a network you coordinate."""

    resource = "trainings"

    @extend_schema(request=None, responses=ManagedTrainingSerializer)
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        training = _managed(request, public_id)
        try:
            services.training_publish(actor=request.user, training=training)  # type: ignore[arg-type]
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response(_training_data(request, training))


class TrainingCancelView(ApiView):
    """Cancel a training or meeting: everybody registered or waiting is told by e-mail."""

    resource = "trainings"

    @extend_schema(request=None, responses=ManagedTrainingSerializer)
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        training = _managed(request, public_id)
        try:
            services.training_cancel(actor=request.user, training=training)  # type: ignore[arg-type]
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response(_training_data(request, training))


class ParticipantListView(ApiView):
    """GET: the registrations of a training you organise. POST: add a participant."""

    resource = "trainings"
    parser_classes = PARSERS

    @extend_schema(
        operation_id="trainings_participants_list",
        responses=ManagedRegistrationSerializer(many=True),
    )
    def get(self, request: Request, public_id: uuid.UUID) -> Response:
        training = _managed(request, public_id)
        services.offers_expire(training=training)  # as the participants page does
        groups = selectors.participants(user=request.user, training=training)
        ordered = [r for status_ in LIST_ORDER for r in groups.get(status_, [])]
        ordered += [r for s, items in groups.items() if s not in LIST_ORDER for r in items]
        return self.paginate(request, ordered, ManagedRegistrationSerializer)

    @extend_schema(
        operation_id="trainings_participants_create",
        request=ParticipantInputSerializer,
        responses={201: ManagedRegistrationSerializer},
    )
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        training = _managed(request, public_id)
        serializer = ParticipantInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        form = ParticipantAddForm(serializer.validated_data)
        if not form.is_valid():
            raise_named(form.errors)
        try:
            registration = services.participant_add(
                actor=request.user,  # type: ignore[arg-type]
                training=training,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response(
            ManagedRegistrationSerializer(registration).data, status=status.HTTP_201_CREATED
        )


class ParticipantRemoveView(ApiView):
    """Remove a participant (a freed seat is offered to the waiting list)."""

    resource = "trainings"

    @extend_schema(request=None, responses=ManagedRegistrationSerializer)
    def post(self, request: Request, public_id: uuid.UUID, registration_id: uuid.UUID) -> Response:
        training = _managed(request, public_id)
        registration = _registration(training, registration_id)
        try:
            registration = services.participant_remove(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
            )
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response(ManagedRegistrationSerializer(registration).data)


class ParticipantMoveView(ApiView):
    """Move a participant to another open training of the network; answers the new registration."""

    resource = "trainings"
    parser_classes = PARSERS

    @extend_schema(request=MoveInputSerializer, responses=ManagedRegistrationSerializer)
    def post(self, request: Request, public_id: uuid.UUID, registration_id: uuid.UUID) -> Response:
        training = _managed(request, public_id)
        registration = _registration(training, registration_id)
        serializer = MoveInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wanted = serializer.validated_data["target"]
        targets = selectors.move_targets(user=request.user, training=training)
        target = next((t for t in targets if t.public_id == wanted), None)
        if target is None:
            raise ValidationError({"target": [_("Choose another training of this network.")]})
        try:
            moved = services.participant_move(
                actor=request.user,  # type: ignore[arg-type]
                registration=registration,
                target=target,
            )
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response(ManagedRegistrationSerializer(moved).data)


class AttendanceView(ApiView):
    """Record who attended (once the training has begun); answers how many attended."""

    resource = "trainings"
    parser_classes = PARSERS

    @extend_schema(request=AttendanceInputSerializer, responses=AttendanceSerializer)
    def post(self, request: Request, public_id: uuid.UUID) -> Response:
        training = _managed(request, public_id)
        serializer = AttendanceInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            count = services.attendance_set(
                actor=request.user,  # type: ignore[arg-type]
                training=training,
                attended=serializer.validated_data["attended"],
            )
        except DjangoValidationError as error:
            raise_service_error(error)
        return Response({"attended": count})
