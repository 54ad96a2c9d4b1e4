"""Demo data: the Ruhr network's programme. Idempotent: trainings are matched by their title.

Dates are relative to today, so the demo always has upcoming and past events:
a fully booked training with a waiting list, a past one with attendance and
feedback, an online training, a public networking evening, a training with
one place left, and a past network meeting with its minutes (text, and a PDF
shared with the members after the meeting).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any, TextIO

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dualcareer.accounts.models import User
from dualcareer.network.models import Network
from dualcareer.trainings.feedback import questions_for
from dualcareer.trainings.models import (
    Audience,
    FeedbackAnswer,
    FeedbackResponse,
    Format,
    Kind,
    Language,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Session,
    Sharing,
    Status,
    Topic,
    Training,
    TrainingDocument,
    new_code,
)

RS = RegistrationStatus
VENUE = "Regionalverband Ruhr, Kronprinzenstraße 35, 45128 Essen"


def _at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=timezone.get_default_timezone())


def _training(
    network: Network, creator: User | None, *, days: int, hours: int, **fields: Any
) -> tuple[Training, bool]:
    existing = Training.objects.filter(network=network, title_de=fields["title_de"]).first()
    if existing is not None:
        return existing, False
    start = _at(days, 9, 30)
    training = Training.objects.create(
        network=network,
        created_by=creator,
        status=Status.PUBLISHED,
        registration_deadline=start - dt.timedelta(days=3),
        cancellation_deadline=start - dt.timedelta(days=5),
        **fields,
    )
    Session.objects.create(
        training=training, starts_at=start, ends_at=start + dt.timedelta(hours=hours)
    )
    return training, True


def _register(
    training: Training,
    user: User | None,
    status: str,
    *,
    name: str = "",
    email: str = "",
    **fields: Any,
) -> Registration:
    email = user.email if user else email
    return Registration.objects.create(
        training=training,
        user=user,
        name=(user.get_full_name() or user.email) if user else name,
        email=email,
        language=(user.language if user else "de") or "de",
        status=status,
        waiting_since=timezone.now() if status == RS.WAITING else None,
        **fields,
    )


def load(out: TextIO) -> None:
    network = Network.objects.filter(slug="dcn-ruhr").first()
    if network is None:
        out.write("trainings: skipped (no demo network)\n")
        return
    users = {u.email: u for u in User.objects.filter(email__endswith="@example.org")}
    coordinator = users.get("koordination@example.org")
    bochum = users.get("dcs.bochum@example.org")
    bochum2 = users.get("dcs2.bochum@example.org")
    dortmund = users.get("dcs.dortmund@example.org")
    created = 0
    with transaction.atomic():
        full, new = _training(
            network,
            coordinator,
            days=24,
            hours=7,
            title_de="Systemisches Coaching in der Dual Career-Beratung",
            title_en="Systemic coaching in dual career counselling",
            description_de=(
                "Haltung, Fragetechniken und Auftragsklärung im Coaching von Partnerinnen und "
                "Partnern."
            ),
            description_en=(
                "Attitude, questioning techniques and contracting when coaching partners."
            ),
            topic=Topic.COACHING,
            format=Format.IN_PERSON,
            address=VENUE,
            trainer="Dr. Miriam Sommer",
            audience=Audience.OFFICERS,
            capacity=2,
            fee=Decimal("120.00"),
            language=Language.GERMAN,
        )
        if new:
            created += 1
            for user in (dortmund, bochum2):
                if user:
                    _register(full, user, RS.CONFIRMED)
            _register(
                full, None, RS.WAITING, name="Mara Warteliste", email="mara.warteliste@example.org"
            )

        past, new = _training(
            network,
            coordinator,
            days=-21,
            hours=6,
            title_de="Feedbackprozesse gestalten",
            title_en="Designing feedback processes",
            description_de=(
                "Wie Dual Career Services Rückmeldungen von Paaren und Arbeitgebern systematisch "
                "nutzen."
            ),
            topic=Topic.FEEDBACK,
            format=Format.IN_PERSON,
            address=VENUE,
            trainer="Prof. Dr. Jonas Weber",
            audience=Audience.OFFICERS,
            capacity=16,
            language=Language.GERMAN,
        )
        if new:
            created += 1
            questions = questions_for(network)
            ratings = [q for q in questions if q.kind == QuestionKind.RATING]
            text = next((q for q in questions if q.kind == QuestionKind.TEXT), None)
            for index, user in enumerate(u for u in (bochum, dortmund) if u):
                _register(past, user, RS.CONFIRMED, attended=True, certificate_code=new_code(12))
                response = FeedbackResponse.objects.create(
                    training=past, submitted_on=timezone.localdate() - dt.timedelta(days=19)
                )
                for question in ratings:
                    FeedbackAnswer.objects.create(
                        response=response, question=question, rating=4 + index % 2
                    )
                if text and index == 0:
                    FeedbackAnswer.objects.create(
                        response=response, question=text, text="Mehr Zeit für Fallbeispiele."
                    )

        _online, new = _training(
            network,
            coordinator,
            days=10,
            hours=2,
            title_de="Öffentlichkeitsarbeit für Dual Career Services",
            title_en="Public relations for dual career services",
            description_de=(
                "Webseite, Berufungsunterlagen und soziale Medien: wie Sie Ihr Angebot sichtbar "
                "machen."
            ),
            description_en=(
                "Website, appointment documents and social media: making your service visible."
            ),
            topic=Topic.PUBLIC_RELATIONS,
            format=Format.ONLINE,
            online_link="https://meet.example.org/dcn-ruhr-oeffentlichkeitsarbeit",
            trainer="Sabine Kurz",
            audience=Audience.OFFICERS,
            capacity=30,
            language=Language.BOTH,
        )
        created += new

        _evening, new = _training(
            network,
            coordinator,
            days=17,
            hours=3,
            title_de="Netzwerkabend für Partnerinnen und Partner",
            title_en="Networking evening for partners",
            description_de=(
                "Kennenlernen, Austausch und kurze Impulse von Arbeitgebern der Region. Offen für"
                " alle."
            ),
            description_en=(
                "Meet, talk and hear short talks by employers of the region. Open to everybody."
            ),
            topic=Topic.NETWORKING,
            format=Format.IN_PERSON,
            address="Zeche Zollverein, Gelsenkirchener Str. 181, 45309 Essen",
            audience=Audience.PUBLIC,
            capacity=60,
            language=Language.BOTH,
        )
        created += new

        _small, new = _training(
            network,
            coordinator,
            days=31,
            hours=3,
            title_de="Kollegiale Fallberatung: interkulturelle Situationen",
            title_en="Peer case consultation: intercultural situations",
            description_de=(
                "Fälle aus der Praxis in kleiner Runde, moderiert. Ein Platz ist noch frei."
            ),
            topic=Topic.INTERCULTURAL,
            format=Format.HYBRID,
            address=VENUE,
            online_link="https://meet.example.org/dcn-ruhr-fallberatung",
            trainer="Aylin Demir",
            audience=Audience.OFFICERS,
            capacity=1,
            language=Language.GERMAN,
        )
        created += new

        meeting, new = _training(
            network,
            coordinator,
            days=-45,
            hours=4,
            kind=Kind.MEETING,
            title_de="Netzwerktreffen Herbst",
            title_en="Network meeting (autumn)",
            topic=Topic.NETWORK,
            format=Format.IN_PERSON,
            address=VENUE,
            audience=Audience.OFFICERS,
            capacity=40,
            language=Language.GERMAN,
            agenda=(
                "1. Berichte der Mitglieder\n2. Qualitätsstandards: Stand der "
                "Selbstevaluation\n3. Jahresplanung der Weiterbildungen"
            ),
            minutes=(
                "Anwesend: Delegierte von 9 Mitgliedern.\n\nTOP 1: Die Mitglieder berichten von "
                "34 neuen Fällen.\n\nTOP 2: Die Selbstevaluation wird bis Jahresende "
                "eingereicht.\n\nTOP 3: Schwerpunkte im nächsten Jahr: Coaching und "
                "Öffentlichkeitsarbeit."
            ),
        )
        if new:
            created += 1
            for user in (bochum, dortmund):
                if user:
                    _register(
                        meeting, user, RS.CONFIRMED, attended=True, certificate_code=new_code(12)
                    )
        if not meeting.documents.exists():
            _minutes_document(meeting, coordinator)
    out.write(f"trainings: {created} trainings and meetings added (programme of dcn-ruhr)\n")


def _minutes_pdf(meeting: Training) -> bytes:
    """A one-page PDF of the meeting's minutes (reportlab), as a coordinator would upload it."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import cm
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(f"Protokoll: {meeting.title_de}")
    pdf.setAuthor(str(meeting.network))
    y = A4[1] - 3 * cm
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(2.5 * cm, y, f"Protokoll: {meeting.title_de}")
    pdf.setFont("Helvetica", 11)
    for paragraph in meeting.minutes.split("\n"):
        y -= 0.7 * cm
        pdf.drawString(2.5 * cm, y, paragraph[:95])
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _minutes_document(meeting: Training, coordinator: User | None) -> None:
    document = TrainingDocument(
        training=meeting,
        title="Protokoll des Netzwerktreffens",
        sharing=Sharing.AFTER,
        kind="pdf",
        original_name="protokoll-netzwerktreffen.pdf",
        uploaded_by=coordinator,
    )
    data = _minutes_pdf(meeting)
    document.size = len(data)
    document.file.save(document.original_name, ContentFile(data), save=False)
    document.save()
