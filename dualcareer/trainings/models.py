"""The network's programme: trainings and network meetings, registrations, feedback."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dualcareer.core.i18n import in_active_language
from dualcareer.core.models import ChoiceLabelsModel, PublicIdModel, TimeStampedModel

# Unambiguous letters and digits for codes people type (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int = 12) -> str:
    """Return a random code of `length` characters (about 5 bits each)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Kind(models.TextChoices):
    TRAINING = "training", _("Training")
    MEETING = "meeting", _("Network meeting")


class Topic(models.TextChoices):
    COUNSELLING = "counselling", _("Counselling")
    FEEDBACK = "feedback", _("Feedback processes")
    COACHING = "coaching", _("Coaching")
    CAREER_GUIDANCE = "career_guidance", _("Career guidance")
    INTERCULTURAL = "intercultural", _("Intercultural training")
    QUALITY = "quality", _("Quality management")
    PUBLIC_RELATIONS = "public_relations", _("Public relations")
    LOBBYING = "lobbying", _("Lobbying")
    NETWORKING = "networking", _("Networking")
    NETWORK = "network", _("The network's own business")


class Format(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class Audience(models.TextChoices):
    OFFICERS = "officers", _("Officers of the member institutions")
    PARTNERS = "partners", _("Officers and partners (clients)")
    PUBLIC = "public", _("Public")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")
    BOTH = "both", _("German and English")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Training(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """A training or a network meeting of one network, with one or more sessions."""

    network = models.ForeignKey(
        "network.Network",
        verbose_name=_("network"),
        on_delete=models.PROTECT,
        related_name="trainings",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.TRAINING)
    title_de = models.CharField(_("title (German)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.OFFICERS
    )
    capacity = models.PositiveIntegerField(_("places"))
    registration_deadline = models.DateTimeField(_("registration deadline"))
    cancellation_deadline = models.DateTimeField(_("cancellation deadline"))
    fee = models.DecimalField(
        _("fee in euros"), max_digits=8, decimal_places=2, default=Decimal("0")
    )
    language = models.CharField(
        _("language"), max_length=4, choices=Language.choices, default=Language.GERMAN
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    feedback_invited_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["registration_deadline", "id"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="training_capacity_at_least_one"
            ),
            models.CheckConstraint(
                condition=~Q(title_de="") | ~Q(title_en=""), name="training_has_a_title"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def permission_institution_ids(self) -> set[int]:
        coordinating = self.network.coordinating_institution_id
        return {coordinating} if coordinating else set()

    @property
    def title(self) -> str:
        return in_active_language(self.title_de, self.title_en)

    @property
    def description(self) -> str:
        return in_active_language(self.description_de, self.description_en)

    @property
    def is_free(self) -> bool:
        return self.fee == 0

    @property
    def shows_address(self) -> bool:
        return self.format in (Format.IN_PERSON, Format.HYBRID)

    @property
    def is_online(self) -> bool:
        return self.format in (Format.ONLINE, Format.HYBRID)

    def session_list(self) -> list[Session]:
        cached = getattr(self, "_prefetched_objects_cache", {}).get("sessions")
        return list(cached) if cached is not None else list(self.sessions.all())

    @property
    def starts_at(self) -> dt.datetime | None:
        sessions = self.session_list()
        return min(s.starts_at for s in sessions) if sessions else None

    @property
    def ends_at(self) -> dt.datetime | None:
        sessions = self.session_list()
        return max(s.ends_at for s in sessions) if sessions else None

    @property
    def hours(self) -> Decimal:
        """The length of all sessions together, in hours (rounded to a quarter)."""
        seconds = sum((s.ends_at - s.starts_at).total_seconds() for s in self.session_list())
        return Decimal(round(seconds / 900) * 25) / 100

    def has_ended(self, now: dt.datetime | None = None) -> bool:
        ends = self.ends_at
        return ends is not None and ends <= (now or timezone.now())

    def registration_open(self, now: dt.datetime | None = None) -> bool:
        return self.status == Status.PUBLISHED and (now or timezone.now()) < (
            self.registration_deadline
        )


class Session(models.Model):
    """One date of a training: start and end, stored aware (shown in Europe/Berlin)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("start"))
    ends_at = models.DateTimeField(_("end"))

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.training_id} {self.starts_at:%Y-%m-%d %H:%M}"


def document_upload_to(instance: TrainingDocument, filename: str) -> str:
    """Store under a random name: the uploaded name is kept in the record only."""
    return f"trainings/{instance.training.public_id}/{uuid.uuid4().hex}.{instance.kind}"


class Sharing(models.TextChoices):
    NOW = "now", _("Share with members now")
    AFTER = "after", _("Share after the meeting")


class TrainingDocument(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """A file (PDF, DOCX, PPTX) of a training or meeting: slides, papers, the minutes.

    Downloaded only through `trainings:document` (never a media URL): by the
    network's members and the training's participants, once it is shared.
    """

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    sharing = models.CharField(
        _("shared"), max_length=8, choices=Sharing.choices, default=Sharing.NOW
    )
    kind = models.CharField(_("type"), max_length=8)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("training document")
        verbose_name_plural = _("training documents")

    def __str__(self) -> str:
        return self.title

    def permission_institution_ids(self) -> set[int]:
        return self.training.permission_institution_ids()

    def is_shared(self, now: dt.datetime | None = None) -> bool:
        """Shared now, or the training is over (a document "after the meeting")."""
        return self.sharing == Sharing.NOW or self.training.has_ended(now)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("E-mail not yet confirmed")
    CONFIRMED = "confirmed", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Place offered")
    EXPIRED = "expired", _("Offer expired")
    CANCELLED = "cancelled", _("Cancelled")
    REMOVED = "removed", _("Removed by the coordination")
    MOVED = "moved", _("Moved to another training")


# States in which a person counts as registered (one record per person and training).
ACTIVE_STATES = (
    RegistrationStatus.PENDING,
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITING,
    RegistrationStatus.OFFERED,
)
# States that hold a seat.
SEAT_STATES = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)


class Registration(ChoiceLabelsModel, PublicIdModel, TimeStampedModel):
    """One person's registration for a training (or place on its waiting list)."""

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_registrations",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=8, default="de")
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    waiting_since = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    # Random: the link to the anonymous registrant's own registration (cancel, accept an offer).
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    attended = models.BooleanField(_("attended"), default=False)
    certificate_code = models.CharField(
        _("verification code"), max_length=16, unique=True, null=True, blank=True
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["training", "email"],
                condition=Q(status__in=[s.value for s in ACTIVE_STATES]),
                name="one_active_registration_per_email",
            )
        ]
        indexes = [models.Index(fields=["training", "status"])]

    def __str__(self) -> str:
        return f"{self.training_id} {self.status}"

    def permission_institution_ids(self) -> set[int]:
        return self.training.permission_institution_ids()

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATES

    def online_room(self) -> str:
        """The online room's link: for a confirmed participant of a published event only
        (not for an offer not yet taken, nor once the event is cancelled)."""
        training = self.training
        if (
            self.status == RegistrationStatus.CONFIRMED
            and training.is_online
            and training.status == Status.PUBLISHED
        ):
            return training.online_link
        return ""


class Reminder(models.Model):
    """That the reminder for one session went to one registration (sent once)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "session"], name="one_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.session_id}"


class CalendarFeed(TimeStampedModel):
    """A person's calendar feed of their registrations; a new token revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)

    def __str__(self) -> str:
        return f"feed {self.user_id}"


class QuestionKind(models.TextChoices):
    RATING = "rating", _("Rating from 1 to 5")
    TEXT = "text", _("Free text")


class FeedbackQuestion(ChoiceLabelsModel):
    """One of the network's own feedback questions."""

    network = models.ForeignKey(
        "network.Network", on_delete=models.CASCADE, related_name="training_questions"
    )
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text_de = models.CharField(_("question (German)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    active = models.BooleanField(_("asked"), default=True)

    class Meta:
        ordering = ["network", "order", "id"]
        verbose_name = _("feedback question")
        verbose_name_plural = _("feedback questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return in_active_language(self.text_de, self.text_en)


class FeedbackInvitation(models.Model):
    """The one-time link a participant got; `used` says only that it was used, not when."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback_invitation"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"invitation {self.registration_id}"


class FeedbackResponse(models.Model):
    """One submitted feedback form; linked to the person only if they chose to sign it.

    Only the date is kept (not the time), so that an anonymous answer cannot be
    matched to a person by the moment the invitation was used.
    """

    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="feedback")
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_on = models.DateField()

    class Meta:
        ordering = ["training", "id"]

    def __str__(self) -> str:
        return f"feedback {self.training_id} {self.submitted_on}"


class FeedbackAnswer(models.Model):
    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(FeedbackQuestion, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_one_to_five",
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id} {self.question_id}"
