"""Trainings built in code for the tests (relative to now, never fixed dates)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from dualcareer.trainings.models import (
    Audience,
    Format,
    Kind,
    Registration,
    RegistrationStatus,
    Session,
    Sharing,
    Status,
    Topic,
    Training,
    TrainingDocument,
)

# A complete PDF: header, two objects, cross-reference table, trailer.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n96\n%%EOF\n"
)


def make_training(
    network: Any,
    *,
    days: int = 14,
    hours: int = 3,
    capacity: int = 10,
    audience: str = Audience.OFFICERS,
    status: str = Status.PUBLISHED,
    format: str = Format.IN_PERSON,
    kind: str = Kind.TRAINING,
    sessions: list[tuple[dt.datetime, dt.datetime]] | None = None,
    **fields: Any,
) -> Training:
    """A training starting in `days` days (negative: in the past) with one session."""
    start = (timezone.now() + dt.timedelta(days=days)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    sessions = sessions or [(start, start + dt.timedelta(hours=hours))]
    first = min(s for s, _e in sessions)
    defaults: dict[str, Any] = {
        "title_de": "Beratung in schwierigen Situationen",
        "title_en": "Counselling in difficult situations",
        "description_de": "Gesprächsführung für Dual Career Services.",
        "topic": Topic.COUNSELLING,
        "address": "Kronprinzenstraße 35, 45128 Essen",
        "online_link": "https://meet.example.org/room-1" if format != Format.IN_PERSON else "",
        "trainer": "Dr. Tanja Train",
        "registration_deadline": first - dt.timedelta(days=1),
        "cancellation_deadline": first - dt.timedelta(days=2),
        "fee": Decimal("0"),
    }
    defaults.update(fields)
    training = Training.objects.create(
        network=network,
        kind=kind,
        capacity=capacity,
        audience=audience,
        status=status,
        format=format,
        **defaults,
    )
    for start_at, end_at in sessions:
        Session.objects.create(training=training, starts_at=start_at, ends_at=end_at)
    return training


def make_registration(
    training: Training,
    *,
    user: Any = None,
    name: str = "Erika Muster",
    email: str = "",
    status: str = RegistrationStatus.CONFIRMED,
    **fields: Any,
) -> Registration:
    email = email or (user.email if user else f"person{Registration.objects.count()}@example.org")
    return Registration.objects.create(
        training=training, user=user, name=name, email=email, status=status, **fields
    )


def make_document(
    training: Training,
    *,
    title: str = "Folien",
    sharing: str = Sharing.NOW,
    data: bytes = MINIMAL_PDF,
    uploaded_by: Any = None,
) -> TrainingDocument:
    """A PDF document of `training`, stored like an upload (without the service's checks)."""
    document = TrainingDocument(
        training=training,
        title=title,
        sharing=sharing,
        kind="pdf",
        original_name="folien.pdf",
        size=len(data),
        uploaded_by=uploaded_by,
    )
    document.file.save("folien.pdf", ContentFile(data), save=False)
    document.save()
    return document
