"""Every read of the programme that a user sees, scoped to what that user may see.

For the statistics: `training_figures(network, start, end)` (see README).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Max, Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from dualcareer.network.models import Network
from dualcareer.trainings import access
from dualcareer.trainings.models import (
    ACTIVE_STATES,
    SEAT_STATES,
    Audience,
    CalendarFeed,
    FeedbackAnswer,
    FeedbackQuestion,
    Format,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Session,
    Status,
    Topic,
    Training,
    TrainingDocument,
)

RS = RegistrationStatus


def _with_sessions(queryset: QuerySet[Training]) -> QuerySet[Training]:
    return queryset.select_related("network").prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("starts_at"))
    )


def _visible(user: Any) -> Q:
    """The trainings `user` may see: published or cancelled ones of their audiences; drafts too
    for the network's coordinators."""
    members = access.member_network_ids(user)
    managed = access.coordinated_network_ids(user)
    audiences = Q(audience=Audience.PUBLIC)
    if access.is_partner(user):
        audiences |= Q(audience=Audience.PARTNERS)
    elif members:
        audiences |= Q(audience=Audience.PARTNERS, network_id__in=members)
    if members:
        audiences |= Q(audience=Audience.OFFICERS, network_id__in=members)
    shown = Q(status__in=(Status.PUBLISHED, Status.CANCELLED)) & audiences
    return shown | Q(network_id__in=managed)


@dataclass
class ProgrammeFilter:
    topic: str = ""
    format: str = ""
    kind: str = ""
    past: bool = False


def programme(
    *, user: Any, filters: ProgrammeFilter | None = None, now: dt.datetime | None = None
) -> QuerySet[Training]:
    """Upcoming (or past, newest first) trainings and meetings `user` may see, soonest first."""
    filters = filters or ProgrammeFilter()
    now = now or timezone.now()
    trainings = (
        Training.objects.filter(_visible(user))
        .annotate(first_start=Min("sessions__starts_at"), last_end=Max("sessions__ends_at"))
        .exclude(status=Status.DRAFT)
    )
    if filters.past:
        trainings = trainings.filter(last_end__lte=now).order_by("-first_start", "id")
    else:
        trainings = trainings.filter(last_end__gt=now).order_by("first_start", "id")
    for name in ("topic", "format", "kind"):
        value = getattr(filters, name)
        if value:
            trainings = trainings.filter(**{name: value})
    return _with_sessions(trainings)


def training_get(*, user: Any, public_id: Any) -> Training:
    """One training `user` may see (404 otherwise, so that nothing can be probed)."""
    training = _with_sessions(Training.objects.filter(public_id=public_id)).first()
    if training is None or not access.may_see(user, training):
        raise Http404
    return training


def own_registration(*, user: Any, training: Training) -> Registration | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        training.registrations.filter(status__in=ACTIVE_STATES)
        .filter(Q(user=user) | Q(email__iexact=user.email))
        .first()
    )


@dataclass
class TrainingPage:
    training: Training
    registration: Registration | None
    seats_free: int
    waiting: int
    may_register: bool
    registration_open: bool
    show_link: bool
    show_minutes: bool
    manages: bool
    documents: list[TrainingDocument] = field(default_factory=list)
    documents_later: int = 0  # documents the reader gets once the meeting is over


def training_page(*, user: Any, training: Training, now: dt.datetime | None = None) -> TrainingPage:
    now = now or timezone.now()
    registration = own_registration(user=user, training=training)
    counts = Counter(
        training.registrations.filter(status__in=ACTIVE_STATES).values_list("status", flat=True)
    )
    taken = sum(counts[s] for s in SEAT_STATES)
    readable = _readable_documents(user=user, training=training, registration=registration)
    manager = access.manages(user, training.network_id)
    shared = [d for d in readable if manager or d.is_shared(now)]
    return TrainingPage(
        training=training,
        registration=registration,
        seats_free=max(training.capacity - taken, 0),
        waiting=counts[RS.WAITING],
        may_register=access.may_register(user, training),
        registration_open=training.registration_open(now),
        show_link=bool(
            training.is_online
            and registration is not None
            and registration.status == RS.CONFIRMED
            and training.status == Status.PUBLISHED
        ),
        show_minutes=bool(training.minutes) and training.has_ended(now),
        manages=access.manages(user, training.network_id),
        documents=shared,
        documents_later=len(readable) - len(shared),
    )


def _is_participant(registration: Registration | None) -> bool:
    return registration is not None and registration.status == RS.CONFIRMED


def _readable_documents(
    *, user: Any, training: Training, registration: Registration | None
) -> list[TrainingDocument]:
    """All documents of `training` if `user` may read its documents at all, else none."""
    if not access.may_read_documents(user, training, participant=_is_participant(registration)):
        return []
    documents = list(training.documents.all())
    for document in documents:
        document.training = training  # `is_shared` asks the training's sessions
    return documents


def document_get(
    *, user: Any, training: Training, public_id: Any, now: dt.datetime | None = None
) -> TrainingDocument:
    """A document of `training` that `user` may download now (404 otherwise: nothing to probe)."""
    registration = own_registration(user=user, training=training)
    if not access.may_read_documents(user, training, participant=_is_participant(registration)):
        raise Http404
    document = training.documents.filter(public_id=public_id).first()
    if document is None:
        raise Http404
    document.training = training
    if not access.manages(user, training.network_id) and not document.is_shared(now):
        raise Http404
    return document


def managed_document_get(*, user: Any, training: Training, public_id: Any) -> TrainingDocument:
    """A document of a training `user` coordinates (403 for others, 404 if unknown)."""
    access.require_manager(user, training.network)
    document = training.documents.filter(public_id=public_id).first()
    if document is None:
        raise Http404
    document.training = training
    return document


def registration_by_token(token: str) -> Registration:
    registration = (
        Registration.objects.select_related("training__network").filter(token=token).first()
        if token
        else None
    )
    if registration is None:
        raise Http404
    return registration


def my_registrations(*, user: Any) -> list[Registration]:
    """The registrations of `user`, newest training first."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Registration.objects.filter(user=user)
        .exclude(status__in=(RS.MOVED,))
        .select_related("training__network")
        .prefetch_related("training__sessions")
        .order_by("-created_at")
    )


def registration_own(*, user: Any, public_id: Any) -> Registration:
    """One of `user`'s own registrations (404 for anybody else's)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    registration = (
        Registration.objects.filter(public_id=public_id, user=user)
        .select_related("training__network")
        .prefetch_related("training__sessions")
        .first()
    )
    if registration is None:
        raise Http404
    return registration


def feed_get(*, user: Any) -> CalendarFeed | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CalendarFeed.objects.filter(user=user).first()


def feed_registrations(token: str) -> tuple[Any, list[Registration]]:
    """The owner of a feed token and their registrations holding a place (404 if unknown)."""
    feed = (
        CalendarFeed.objects.select_related("user").filter(token=token).first() if token else None
    )
    if feed is None or not feed.user.is_active:
        raise Http404
    registrations = list(
        Registration.objects.filter(user=feed.user, status__in=SEAT_STATES)
        .exclude(training__status=Status.DRAFT)
        .select_related("training__network")
        .prefetch_related("training__sessions")
    )
    return feed.user, registrations


def certificate_for(*, user: Any, public_id: Any) -> Registration:
    """An attendee's own registration with a certificate (404 otherwise)."""
    registration = registration_own(user=user, public_id=public_id)
    if not registration.attended or not registration.certificate_code:
        raise Http404
    return registration


@dataclass(frozen=True)
class Verification:
    name: str
    title: str
    first_day: dt.date | None


def certificate_verify(code: str) -> Verification | None:
    """What a valid verification code certifies (name, training, date); None otherwise."""
    code = "".join(code.split()).upper().replace("-", "")
    if not 10 <= len(code) <= 16:
        return None
    registration = (
        Registration.objects.filter(certificate_code=code, attended=True)
        .select_related("training")
        .prefetch_related("training__sessions")
        .first()
    )
    if registration is None:
        return None
    start = registration.training.starts_at
    return Verification(
        name=registration.name,
        title=registration.training.title,
        first_day=timezone.localtime(start).date() if start else None,
    )


# --- the coordinators' views ------------------------------------------------------------------


def managed_networks(*, user: Any) -> list[Network]:
    return list(Network.objects.filter(pk__in=access.coordinated_network_ids(user)))


def network_get(*, user: Any, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None or not access.manages(user, network):
        raise Http404
    return network


def managed_trainings(*, user: Any) -> QuerySet[Training]:
    """All trainings (drafts too) of the networks `user` coordinates, newest first."""
    trainings = Training.objects.filter(network_id__in=access.coordinated_network_ids(user))
    trainings = trainings.annotate(first_start=Min("sessions__starts_at")).order_by(
        "-first_start", "-id"
    )
    return _with_sessions(trainings)


def managed_training_get(*, user: Any, public_id: Any) -> Training:
    """A training of a network `user` coordinates: 404 when it is unknown or invisible, 403 else."""
    training = training_get(user=user, public_id=public_id)
    access.require_manager(user, training.network)
    return training


def participants(*, user: Any, training: Training) -> dict[str, list[Registration]]:
    """The training's registrations by status group (for its coordinators only)."""
    access.require_manager(user, training.network)
    groups: dict[str, list[Registration]] = defaultdict(list)
    for registration in training.registrations.order_by("waiting_since", "created_at", "id"):
        groups[registration.status].append(registration)
    return groups


def move_targets(
    *, user: Any, training: Training, now: dt.datetime | None = None
) -> list[Training]:
    """Other open trainings of the network a participant can be moved to, soonest first."""
    access.require_manager(user, training.network)
    now = now or timezone.now()
    return list(
        _with_sessions(
            Training.objects.filter(network_id=training.network_id, status=Status.PUBLISHED)
            .exclude(pk=training.pk)
            .annotate(first_start=Min("sessions__starts_at"), last_end=Max("sessions__ends_at"))
            .filter(last_end__gt=now)
            # Explicit: an aggregate query leaves out the model's default ordering.
            .order_by("first_start", "id")
        )
    )


# --- feedback results ---------------------------------------------------------------------------


@dataclass
class QuestionResult:
    question: FeedbackQuestion
    counts: list[int] = field(default_factory=lambda: [0, 0, 0, 0, 0])
    texts: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def average(self) -> float | None:
        if not self.total:
            return None
        return round(sum((i + 1) * n for i, n in enumerate(self.counts)) / self.total, 1)

    @property
    def bars(self) -> list[dict[str, Any]]:
        """One bar per rating (1 to 5) for the SVG chart: width in per cent of the largest."""
        top = max(self.counts) or 1
        return [
            {"rating": i + 1, "count": n, "width": round(100 * n / top, 1), "y": i * 11}
            for i, n in enumerate(self.counts)
        ]


def feedback_results(*, user: Any, training: Training) -> tuple[int, list[QuestionResult]]:
    """The number of forms and the results per question of one training (coordinators only)."""
    access.require_manager(user, training.network)
    answers = FeedbackAnswer.objects.filter(response__training=training).select_related("question")
    results: dict[int, QuestionResult] = {}
    for answer in answers.order_by("question__order", "question_id", "id"):
        result = results.setdefault(answer.question_id, QuestionResult(question=answer.question))
        if answer.question.kind == QuestionKind.RATING and answer.rating:
            result.counts[answer.rating - 1] += 1
        elif answer.text:
            result.texts.append(answer.text)
    return training.feedback.count(), list(results.values())


@dataclass
class TrendPoint:
    """One training's mean rating, with its bar in the chart (a 100-high, 24-per-bar grid)."""

    training: Training
    average: float
    responses: int
    index: int = 0

    @property
    def height(self) -> float:
        return round(self.average / 5 * 100, 1)

    @property
    def y(self) -> float:
        return round(100 - self.height, 1)

    @property
    def x(self) -> int:
        return self.index * 24 + 3


def feedback_over_time(*, user: Any, network: Network) -> list[TrendPoint]:
    """The mean rating (all rating questions) per training of the network, oldest first."""
    access.require_manager(user, network)
    rows: dict[int, list[int]] = defaultdict(list)
    responses: Counter[int] = Counter()
    for training_id, rating in FeedbackAnswer.objects.filter(
        response__training__network=network, rating__isnull=False
    ).values_list("response__training_id", "rating"):
        rows[training_id].append(int(rating or 0))
    for training_id, _response_id in (
        FeedbackAnswer.objects.filter(response__training__network=network)
        .values_list("response__training_id", "response_id")
        .distinct()
    ):
        responses[training_id] += 1
    trainings = _with_sessions(
        Training.objects.filter(pk__in=rows)
        .annotate(first_start=Min("sessions__starts_at"))
        .order_by("first_start", "id")
    )
    return [
        TrendPoint(
            training=t,
            average=round(sum(rows[t.pk]) / len(rows[t.pk]), 2),
            responses=responses[t.pk],
            index=index,
        )
        for index, t in enumerate(trainings)
    ]


# --- for the statistics app -----------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingFigures:
    """Trainings held and people who attended, in total and per topic and format."""

    trainings: int
    participants: int
    by_topic: dict[str, dict[str, int]]
    by_format: dict[str, dict[str, int]]


def training_figures(network: Network, start: dt.date, end: dt.date) -> TrainingFigures:
    """Counts of the trainings and meetings of `network` held between `start` and `end`.

    A training counts as held if it was not cancelled and its first session
    began on a day from `start` to `end` (inclusive, Europe/Berlin).
    Participants are registrations marked as attended. Returns counts only:
    no names, for the statistics pages.
    """
    tz = timezone.get_default_timezone()
    since = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    trainings = (
        Training.objects.filter(network=network, status=Status.PUBLISHED)
        .annotate(first_start=Min("sessions__starts_at"))
        .filter(first_start__gte=since, first_start__lt=until)
    )
    attended = Counter(
        Registration.objects.filter(training__in=trainings, attended=True).values_list(
            "training_id", flat=True
        )
    )
    by_topic: dict[str, dict[str, int]] = {}
    by_format: dict[str, dict[str, int]] = {}
    total_people = 0
    held = 0
    for training_id, topic, fmt in trainings.values_list("pk", "topic", "format"):
        held += 1
        people = attended[training_id]
        total_people += people
        for table, key in ((by_topic, topic), (by_format, fmt)):
            row = table.setdefault(key, {"trainings": 0, "participants": 0})
            row["trainings"] += 1
            row["participants"] += people
    return TrainingFigures(
        trainings=held, participants=total_people, by_topic=by_topic, by_format=by_format
    )


TOPIC_LABELS = dict(Topic.choices)
FORMAT_LABELS = dict(Format.choices)


def managed_registration(*, training: Training, public_id: Any) -> Registration | None:
    """One registration of a training the reader manages (checked by the caller), or None."""
    return training.registrations.filter(public_id=public_id).first()


def feedback_question(*, network: Network, key: str) -> FeedbackQuestion | None:
    """The network's feedback question with the primary key `key` (a form value), or None."""
    if not key.isdigit():
        return None
    return FeedbackQuestion.objects.filter(network=network, pk=int(key)).first()


def feedback_questions(*, network: Network) -> list[FeedbackQuestion]:
    """Every feedback question of the network, in their order."""
    return list(FeedbackQuestion.objects.filter(network=network))
