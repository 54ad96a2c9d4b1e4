"""Every write of the programme: trainings, registrations, the waiting list, attendance.

Each service checks permissions itself, runs in one transaction with its audit
entry and queues its e-mails in that transaction. Every change to the seats
of a training locks the training's row first (`select_for_update`), so that
two people taking the last seat at the same moment are served one after the
other: exactly one gets it, the other goes onto the waiting list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from dualcareer.accounts.models import User
from dualcareer.core import audit, files, mail, uploads
from dualcareer.network.models import Network
from dualcareer.network.validation import plain_text_errors
from dualcareer.trainings import access
from dualcareer.trainings.models import (
    ACTIVE_STATES,
    SEAT_STATES,
    Audience,
    CalendarFeed,
    Format,
    Kind,
    Registration,
    RegistrationStatus,
    Reminder,
    Session,
    Sharing,
    Status,
    Training,
    TrainingDocument,
    new_code,
    new_token,
)

RS = RegistrationStatus
# How long a place offered to the next person on the waiting list is kept.
OFFER_HOURS = 48
# How long the link confirming a public registration's e-mail address is valid.
CONFIRM_MAX_AGE = dt.timedelta(days=3)
CONFIRM_SALT = "trainings.registration.confirm"


def _absolute(name: str, *, language: str, **kwargs: Any) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs=kwargs or None)


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _institution_id(training: Training) -> int | None:
    return training.network.coordinating_institution_id


def _log(training: Training, action: str, actor: Any, **data: Any) -> None:
    audit.log(
        training,
        action,
        actor=actor,
        data={"training": training.public_id, **data},
        institution_id=_institution_id(training),
    )


def _when(training: Training, language: str) -> str:
    """The sessions as text in `language` (Europe/Berlin)."""
    with translation.override(language):
        parts = []
        for session in training.session_list():
            start = timezone.localtime(session.starts_at)
            end = timezone.localtime(session.ends_at)
            parts.append(
                f"{formats.date_format(start, 'DATETIME_FORMAT')} \u2013 "
                f"{formats.time_format(end, 'TIME_FORMAT')}"
            )
        return "; ".join(parts)


def _mail(registration: Registration, template: str, **context: Any) -> None:
    training = registration.training
    language = registration.language or settings.LANGUAGE_CODE
    with translation.override(language):
        title = training.title
        network = training.network.display_name  # in the recipient's language
    mail.send_templated(
        to=registration.email,
        language=language,
        template=f"trainings/mail/{template}",
        context={
            "name": registration.name,
            "title": title,
            "when": _when(training, language),
            "training_url": _absolute(
                "trainings:detail", language=language, public_id=training.public_id
            ),
            "manage_url": _absolute(
                "trainings:registration", language=language, token=registration.token
            ),
            "network": network,
            **context,
        },
        institution_id=_institution_id(training),
    )


def _lock(training: Training) -> Training:
    """Return the training re-read with its row locked until the transaction ends."""
    return Training.objects.select_for_update().select_related("network").get(pk=training.pk)


def seats_taken(training: Training) -> int:
    return training.registrations.filter(status__in=SEAT_STATES).count()


# --- the programme -------------------------------------------------------------------------


@dataclass
class TrainingInput:
    """What a coordinator enters; the service checks every rule again."""

    kind: str
    topic: str
    format: str
    audience: str
    capacity: int
    registration_deadline: dt.datetime
    cancellation_deadline: dt.datetime
    sessions: Sequence[tuple[dt.datetime, dt.datetime]]
    title_de: str = ""
    title_en: str = ""
    description_de: str = ""
    description_en: str = ""
    agenda: str = ""
    minutes: str = ""
    address: str = ""
    online_link: str = ""
    trainer: str = ""
    fee: Decimal = Decimal("0")
    language: str = "de"


TEXT_FIELDS = (
    "title_de",
    "title_en",
    "description_de",
    "description_en",
    "agenda",
    "minutes",
    "address",
    "trainer",
)
# Changes participants are told about.
NOTIFIED_FIELDS = ("format", "address", "online_link")


def _check_training(
    values: TrainingInput, *, training: Training | None, now: dt.datetime
) -> dict[str, str]:
    errors: dict[str, str] = plain_text_errors({k: getattr(values, k) for k in TEXT_FIELDS})
    if not values.title_de.strip() and not values.title_en.strip():
        errors["title_de"] = _("Give a title in German or in English.")
    if values.format in (Format.IN_PERSON, Format.HYBRID) and not values.address.strip():
        errors["address"] = _("Give the address of the venue.")
    if values.format in (Format.ONLINE, Format.HYBRID) and not values.online_link.strip():
        errors["online_link"] = _("Give the link to the online room.")
    if values.capacity < 1:
        errors["capacity"] = _("A training has at least one place.")
    elif training is not None:
        taken = seats_taken(training)
        if values.capacity < taken:
            errors["capacity"] = _(
                "%(count)s people are already registered: the number of places cannot be "
                "lower. Remove or move participants first."
            ) % {"count": taken}
    if values.fee < 0:
        errors["fee"] = _("The fee cannot be negative.")
    sessions = list(values.sessions)
    old = {(s.starts_at, s.ends_at) for s in training.session_list()} if training else set()
    if not sessions:
        errors["sessions"] = _("Give at least one session with its start and end.")
    for start, end in sessions:
        if end <= start:
            errors["sessions"] = _("Each session must end after it starts.")
        elif start <= now and (start, end) not in old:
            errors["sessions"] = _("A session cannot start in the past.")
    if sessions and "sessions" not in errors:
        first = min(start for start, _end in sessions)
        if values.registration_deadline > first:
            errors["registration_deadline"] = _(
                "The registration deadline must be before the first session."
            )
        if values.cancellation_deadline > first:
            errors["cancellation_deadline"] = _(
                "The cancellation deadline must be before the first session."
            )
    if training is None and values.registration_deadline <= now:
        errors.setdefault(
            "registration_deadline", _("The registration deadline cannot be in the past.")
        )
    return errors


def training_save(
    *,
    actor: User,
    network: Network,
    values: TrainingInput,
    training: Training | None = None,
    now: dt.datetime | None = None,
) -> Training:
    """Create a training (a draft) or change one; participants hear of changed dates or place."""
    access.require_manager(actor, network)
    now = _now(now)
    if training is not None and training.network_id != network.pk:
        raise PermissionDenied("training.manage")
    with transaction.atomic():
        if training is not None:
            training = _lock(training)
        errors = _check_training(values, training=training, now=now)
        if errors:
            raise ValidationError(errors)
        old_sessions = (
            sorted((s.starts_at, s.ends_at) for s in training.session_list()) if (training) else []
        )
        old_notified = {k: getattr(training, k) for k in NOTIFIED_FIELDS} if training else {}
        old_capacity = training.capacity if training else 0
        created = training is None
        if training is None:
            training = Training(network=network, created_by=actor)
        for name in (
            "kind",
            "topic",
            "format",
            "capacity",
            "registration_deadline",
            "cancellation_deadline",
            "fee",
            "language",
            "online_link",
            *TEXT_FIELDS,
        ):
            value = getattr(values, name)
            setattr(training, name, value.strip() if isinstance(value, str) else value)
        training.audience = Audience.OFFICERS if values.kind == Kind.MEETING else values.audience
        training.save()
        new_sessions = sorted(values.sessions)
        sessions_changed = new_sessions != old_sessions
        if sessions_changed:
            training.sessions.all().delete()
            Session.objects.bulk_create(
                Session(training=training, starts_at=start, ends_at=end)
                for start, end in new_sessions
            )
            if hasattr(training, "_prefetched_objects_cache"):
                training._prefetched_objects_cache.pop("sessions", None)
        changed = [
            k for k in NOTIFIED_FIELDS if old_notified and old_notified[k] != getattr(training, k)
        ]
        if sessions_changed and not created:
            changed.append("sessions")
        _log(training, "training.created" if created else "training.changed", actor, fields=changed)
        if not created and changed and training.status == Status.PUBLISHED:
            for registration in training.registrations.filter(status__in=ACTIVE_STATES):
                _mail(registration, "changed", online_link=_link_for(registration))
        if not created and training.capacity > old_capacity:
            _promote(training, now)
    return training


def _link_for(registration: Registration) -> str:
    """The online link, for confirmed participants only (`Registration.online_room`)."""
    return registration.online_room()


def training_publish(*, actor: User, training: Training) -> Training:
    access.require_manager(actor, training.network)
    with transaction.atomic():
        training = _lock(training)
        if training.status != Status.DRAFT:
            raise ValidationError(_("Only a draft can be published."))
        training.status = Status.PUBLISHED
        training.save(update_fields=["status", "updated_at"])
        _log(training, "training.published", actor)
    return training


def training_cancel(*, actor: User, training: Training) -> Training:
    """Cancel a training: everybody registered or waiting is told."""
    access.require_manager(actor, training.network)
    with transaction.atomic():
        training = _lock(training)
        if training.status == Status.CANCELLED:
            raise ValidationError(_("This training is already cancelled."))
        was_published = training.status == Status.PUBLISHED
        training.status = Status.CANCELLED
        training.save(update_fields=["status", "updated_at"])
        if was_published:
            for registration in training.registrations.filter(status__in=ACTIVE_STATES):
                _mail(registration, "cancelled")
        _log(training, "training.cancelled", actor)
    return training


# --- registrations ------------------------------------------------------------------------


def _allocate(training: Training, registration: Registration, now: dt.datetime) -> None:
    """Give `registration` a free seat, or a place on the waiting list (training is locked)."""
    waiting = training.registrations.filter(status__in=(RS.WAITING,)).exists()
    if not waiting and seats_taken(training) < training.capacity:
        registration.status = RS.CONFIRMED
        registration.waiting_since = None
    else:
        registration.status = RS.WAITING
        registration.waiting_since = now
    registration.offer_expires_at = None
    registration.save()
    if registration.status == RS.CONFIRMED:
        _mail(registration, "confirmed", online_link=_link_for(registration))
    else:
        _mail(registration, "waiting")


def _duplicate(training: Training, email: str) -> None:
    existing = training.registrations.filter(email=email, status__in=ACTIVE_STATES).first()
    if existing is None:
        return
    if existing.status == RS.WAITING:
        message = _("You are already on the waiting list of this training.")
    elif existing.status == RS.PENDING:
        message = _(
            "This e-mail address is already registered; please confirm it with the link "
            "we sent you."
        )
    else:
        message = _("You are already registered for this training.")
    raise ValidationError({"email": message}, code="duplicate")


def _clean_email(email: str) -> str:
    return email.strip().lower()


def registration_create(
    *,
    training: Training,
    user: User | None = None,
    name: str = "",
    email: str = "",
    language: str = "",
    now: dt.datetime | None = None,
) -> Registration:
    """Register `user` (one click) or a visitor with name and e-mail (confirmed by e-mail)."""
    now = _now(now)
    if user is not None and not user.is_authenticated:
        user = None
    if not access.may_register(user, training):
        raise PermissionDenied("training.attend")
    if user is not None:
        name = user.get_full_name() or user.email
        email = user.email
        language = user.language or settings.LANGUAGE_CODE
    errors = plain_text_errors({"name": name})
    if not name.strip():
        errors["name"] = _("This field is required.")
    if not email.strip() or "@" not in email:
        errors["email"] = _("Enter a valid e-mail address.")
    if errors:
        raise ValidationError(errors)
    email = _clean_email(email)
    language = language if language in ("de", "en") else settings.LANGUAGE_CODE
    with transaction.atomic():
        training = _lock(training)
        _expire_offers(training, now)
        if not training.registration_open(now):
            raise ValidationError(_("Registration for this training is closed."), code="closed")
        unconfirmed_delete(training=training, now=now)  # a lapsed link no longer blocks the address
        _duplicate(training, email)
        registration = Registration(
            training=training, user=user, name=name.strip(), email=email, language=language
        )
        try:
            with transaction.atomic():
                if user is None:
                    registration.status = RS.PENDING
                    registration.save()
                    _mail(registration, "confirm_email", confirm_url=_confirm_url(registration))
                else:
                    _allocate(training, registration, now)
        except IntegrityError:
            raise ValidationError(
                {"email": _("You are already registered for this training.")}, code="duplicate"
            ) from None
        _log(training, "training.registered", user, status=registration.status)
    return registration


def _confirm_url(registration: Registration) -> str:
    token = signing.dumps(str(registration.public_id), salt=CONFIRM_SALT)
    return _absolute("trainings:confirm", language=registration.language, token=token)


def unconfirmed_delete(*, training: Training | None = None, now: dt.datetime | None = None) -> int:
    """Delete visitors' registrations never confirmed while the link was valid (of one training,
    or all): the confirmation e-mail promises that the address is then deleted."""
    lapsed = Registration.objects.filter(
        status=RS.PENDING, created_at__lte=_now(now) - CONFIRM_MAX_AGE
    )
    if training is not None:
        lapsed = lapsed.filter(training=training)
    return lapsed.delete()[1].get(Registration._meta.label, 0)


def registration_from_confirm_token(token: str) -> Registration | None:
    """The pending registration a confirmation link names, or None if invalid or expired."""
    try:
        public_id = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("training__network").filter(public_id=public_id).first()
    )


def registration_confirm(
    *, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    """Confirm a visitor's e-mail address: now they get a seat or a place on the waiting list."""
    now = _now(now)
    with transaction.atomic():
        training = _lock(registration.training)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.training = training
        if registration.status != RS.PENDING:
            return registration
        _expire_offers(training, now)
        if not training.registration_open(now):
            raise ValidationError(_("Registration for this training is closed."), code="closed")
        _allocate(training, registration, now)
        _log(training, "training.email_confirmed", None, status=registration.status)
    return registration


def registration_cancel(
    *,
    registration: Registration,
    actor: User | None = None,
    by_token: bool = False,
    now: dt.datetime | None = None,
) -> Registration:
    """The participant cancels (until the deadline; the waiting list leaves at any time)."""
    now = _now(now)
    if not by_token and (actor is None or registration.user_id != actor.pk):
        raise PermissionDenied("training.attend")
    with transaction.atomic():
        training = _lock(registration.training)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.training = training
        if registration.status not in ACTIVE_STATES:
            raise ValidationError(_("This registration is no longer active."))
        holds_seat = registration.status in SEAT_STATES
        if holds_seat and now >= training.cancellation_deadline:
            raise ValidationError(
                _(
                    "The deadline for cancelling has passed. Please write to the network's "
                    "coordination."
                ),
                code="deadline",
            )
        registration.status = RS.CANCELLED
        registration.offer_expires_at = None
        registration.save()
        _log(training, "training.registration_cancelled", actor)
        if holds_seat:
            _promote(training, now)
    return registration


def _promote(training: Training, now: dt.datetime) -> list[Registration]:
    """Offer free seats to the waiting list, longest waiting first (training is locked)."""
    if training.status != Status.PUBLISHED:
        return []
    start = training.starts_at
    if start is None or start <= now:
        return []
    free = training.capacity - seats_taken(training)
    if free <= 0:
        return []
    offered = list(
        training.registrations.filter(status=RS.WAITING).order_by("waiting_since", "id")[:free]
    )
    expires = min(now + dt.timedelta(hours=OFFER_HOURS), start)
    for registration in offered:
        registration.status = RS.OFFERED
        registration.offer_expires_at = expires
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        with translation.override(registration.language):
            until = formats.date_format(timezone.localtime(expires), "DATETIME_FORMAT")
        _mail(registration, "offer", until=until)
        _log(training, "training.place_offered", None)
    return offered


def _expire_offers(training: Training, now: dt.datetime) -> int:
    """Let offers past their time lapse and offer the seats on (training is locked)."""
    expired = list(training.registrations.filter(status=RS.OFFERED, offer_expires_at__lte=now))
    for registration in expired:
        registration.status = RS.EXPIRED
        registration.save(update_fields=["status", "updated_at"])
        _log(training, "training.offer_expired", None)
    if expired:
        _promote(training, now)
    return len(expired)


def offers_expire(*, training: Training | None = None, now: dt.datetime | None = None) -> int:
    """Expire lapsed offers (of one training, or all) and move the waiting lists up."""
    now = _now(now)
    lapsed = Training.objects.filter(
        registrations__status=RS.OFFERED, registrations__offer_expires_at__lte=now
    )
    if training is not None:
        lapsed = lapsed.filter(pk=training.pk)
    # Only trainings with a lapsed offer are locked: a page view stays a plain read.
    trainings = list(lapsed.distinct())
    count = 0
    for item in trainings:
        with transaction.atomic():
            count += _expire_offers(_lock(item), now)
    return count


def offer_accept(*, registration: Registration, now: dt.datetime | None = None) -> Registration:
    """Take the offered place (before the offer expires)."""
    now = _now(now)
    with transaction.atomic():
        training = _lock(registration.training)
        _expire_offers(training, now)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.training = training
        if registration.status != RS.OFFERED:
            raise ValidationError(
                _("This offer is no longer valid: it has expired or was already answered."),
                code="expired",
            )
        registration.status = RS.CONFIRMED
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _mail(registration, "confirmed", online_link=_link_for(registration))
        _log(training, "training.offer_accepted", registration.user)
    return registration


# --- the coordinators' work on participants ------------------------------------------------


def participant_add(
    *,
    actor: User,
    training: Training,
    name: str,
    email: str,
    now: dt.datetime | None = None,
) -> Registration:
    """Add a participant by name and e-mail (a seat if free, else the waiting list)."""
    access.require_manager(actor, training.network)
    now = _now(now)
    errors = plain_text_errors({"name": name})
    if not name.strip():
        errors["name"] = _("This field is required.")
    if not email.strip() or "@" not in email:
        errors["email"] = _("Enter a valid e-mail address.")
    if errors:
        raise ValidationError(errors)
    email = _clean_email(email)
    with transaction.atomic():
        training = _lock(training)
        if training.status == Status.CANCELLED or training.has_ended(now):
            raise ValidationError(_("This training is cancelled or over."))
        _duplicate(training, email)
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        registration = Registration(
            training=training,
            user=user,
            name=name.strip(),
            email=email,
            language=(user.language if user else "") or settings.LANGUAGE_CODE,
        )
        _allocate(training, registration, now)
        _log(training, "training.participant_added", actor, status=registration.status)
    return registration


def participant_remove(
    *, actor: User, registration: Registration, now: dt.datetime | None = None
) -> Registration:
    access.require_manager(actor, registration.training.network)
    now = _now(now)
    with transaction.atomic():
        training = _lock(registration.training)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.training = training
        if registration.status not in ACTIVE_STATES:
            raise ValidationError(_("This registration is no longer active."))
        held = registration.status in SEAT_STATES
        registration.status = RS.REMOVED
        registration.save(update_fields=["status", "updated_at"])
        _log(training, "training.participant_removed", actor)
        if held:
            _promote(training, now)
    return registration


def participant_move(
    *,
    actor: User,
    registration: Registration,
    target: Training,
    now: dt.datetime | None = None,
) -> Registration:
    """Move a participant to another training of the network; returns the new registration."""
    source = registration.training
    access.require_manager(actor, source.network)
    now = _now(now)
    if target.network_id != source.network_id or target.pk == source.pk:
        raise ValidationError({"target": _("Choose another training of this network.")})
    with transaction.atomic():
        # Lock both rows in the same order everywhere: no deadlock between two moves.
        locked = {
            t.pk: t
            for t in Training.objects.select_for_update()
            .select_related("network")
            .filter(pk__in=[source.pk, target.pk])
            .order_by("pk")
        }
        source, target = locked[source.pk], locked[target.pk]
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.training = source
        if registration.status not in ACTIVE_STATES:
            raise ValidationError(_("This registration is no longer active."))
        if target.status != Status.PUBLISHED or target.has_ended(now):
            raise ValidationError({"target": _("The other training is not open.")})
        try:
            _duplicate(target, registration.email)
        except ValidationError:
            raise ValidationError(
                {"target": _("This person is already registered for the other training.")}
            ) from None
        held = registration.status in SEAT_STATES
        registration.status = RS.MOVED
        registration.save(update_fields=["status", "updated_at"])
        moved = Registration(
            training=target,
            user=registration.user,
            name=registration.name,
            email=registration.email,
            language=registration.language,
        )
        _allocate(target, moved, now)
        _log(source, "training.participant_moved", actor, to=target.public_id)
        if held:
            _promote(source, now)
    return moved


def attendance_set(
    *,
    actor: User,
    training: Training,
    attended: Iterable[Any],
    now: dt.datetime | None = None,
) -> int:
    """Mark who attended (confirmed participants of a training that has begun)."""
    access.require_manager(actor, training.network)
    now = _now(now)
    wanted = {str(value) for value in attended}
    with transaction.atomic():
        training = _lock(training)
        start = training.starts_at
        if start is None or start > now:
            raise ValidationError(_("Attendance can be marked once the training has begun."))
        count = 0
        for registration in training.registrations.filter(status=RS.CONFIRMED):
            present = str(registration.public_id) in wanted
            if present == registration.attended:
                count += present
                continue
            registration.attended = present
            registration.certificate_code = _unique_code() if present else None
            registration.save(update_fields=["attended", "certificate_code", "updated_at"])
            count += present
        _log(training, "training.attendance_marked", actor, attended=count)
    return count


def _unique_code() -> str:
    while True:
        code = new_code(12)
        if not Registration.objects.filter(certificate_code=code).exists():
            return code


# --- reminders and the personal calendar feed ----------------------------------------------

REMINDER_AHEAD = dt.timedelta(hours=48)


def reminders_send(*, now: dt.datetime | None = None, ahead: dt.timedelta = REMINDER_AHEAD) -> int:
    """Remind each participant of each session starting within `ahead` (once; idempotent)."""
    now = _now(now)
    sessions = Session.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + ahead,
        training__status=Status.PUBLISHED,
    ).select_related("training__network")
    sent = 0
    for session in sessions:
        registrations = session.training.registrations.filter(status=RS.CONFIRMED).exclude(
            pk__in=Reminder.objects.filter(session=session).values("registration_id")
        )
        for registration in registrations:
            with transaction.atomic():
                _reminder, created = Reminder.objects.get_or_create(
                    registration=registration, session=session
                )
                if not created:
                    continue
                language = registration.language
                with translation.override(language):
                    start = formats.date_format(
                        timezone.localtime(session.starts_at), "DATETIME_FORMAT"
                    )
                _mail(registration, "reminder", start=start, online_link=_link_for(registration))
                sent += 1
    return sent


def feed_reset(*, user: User) -> str:
    """Give `user` a new feed token (the old URL stops working) and return it."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    with transaction.atomic():
        feed, created = CalendarFeed.objects.get_or_create(user=user)
        if not created:
            feed.token = new_token()
            feed.save(update_fields=["token", "updated_at"])
        audit.log(user, "training.feed_reset", actor=user)
    return feed.token


def feed_revoke(*, user: User) -> None:
    with transaction.atomic():
        if CalendarFeed.objects.filter(user=user).delete()[0]:
            audit.log(user, "training.feed_revoked", actor=user)


# --- retention -----------------------------------------------------------------------------

VISITOR_RETENTION = dt.timedelta(days=365)


def visitors_erase(*, now: dt.datetime | None = None) -> int:
    """Erase name and address of visitors without an account a year after their training.

    Members' and partners' registrations stay with their account (erased with it);
    a visitor agreed to one year when registering.
    """
    now = _now(now)
    ended = (
        Training.objects.annotate(last_end=Max("sessions__ends_at"))
        .filter(last_end__lt=now - VISITOR_RETENTION)
        .values("pk")
    )
    count = 0
    for registration in Registration.objects.filter(training__in=ended, user__isnull=True).exclude(
        email__endswith="@erased.invalid"
    ):
        with transaction.atomic():
            registration.name = "\u2013"
            registration.email = f"{registration.public_id}@erased.invalid"
            registration.save(update_fields=["name", "email", "updated_at"])
            _log(registration.training, "training.visitor_erased", None)
        count += 1
    return count


# --- documents ---------------------------------------------------------------------------

DOCUMENT_KINDS = (uploads.PDF, uploads.DOCX, uploads.PPTX)
MAX_DOCUMENTS = 30


def document_add(
    *, actor: User, training: Training, upload: Any, title: str, sharing: str
) -> TrainingDocument:
    """Attach a file (PDF, DOCX, PPTX, checked by content and size) to a training or meeting."""
    access.require_manager(actor, training.network)
    title = (title or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the document a title.")]
    if sharing not in Sharing.values:
        errors["sharing"] = [_("Choose when the document is shared.")]
    try:
        kind = uploads.validate_document(upload, kinds=DOCUMENT_KINDS)
    except ValidationError as error:
        errors["file"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    name = str(getattr(upload, "name", "") or f"document.{kind}").rsplit("/", 1)[-1][:200]
    with uploads.StoredFiles() as stored, transaction.atomic():
        locked = Training.objects.select_for_update().get(pk=training.pk)
        if locked.documents.count() >= MAX_DOCUMENTS:
            raise ValidationError(
                {
                    "file": _("A training has at most %(count)s documents.")
                    % {"count": MAX_DOCUMENTS}
                }
            )
        document = TrainingDocument(
            training=locked,
            title=title[:200],
            sharing=sharing,
            kind=kind,
            original_name=name,
            size=int(getattr(upload, "size", 0) or 0),
            uploaded_by=actor,
        )
        # A write failing half-way leaves nothing; a full disk is a message at the field.
        stored.add(document.file, uploads.store(document.file, upload, field="file", name=name))
        document.save()
        _log(
            locked,
            "training.document_added",
            actor,
            document=document.public_id,
            kind=kind,
            sharing=sharing,
        )
    return document


def document_remove(*, actor: User, document: TrainingDocument) -> None:
    """Remove a document of a training (its file goes once the change commits)."""
    training = document.training
    access.require_manager(actor, training.network)
    with transaction.atomic():
        _log(
            training,
            "training.document_removed",
            actor,
            document=document.public_id,
            kind=document.kind,
        )
        files.delete_on_commit(document.file)
        document.delete()
