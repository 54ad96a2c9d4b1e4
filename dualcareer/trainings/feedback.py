"""Feedback after a training: one-time invitations, anonymous answers, the network's questions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts.models import User
from dualcareer.network.models import Network
from dualcareer.network.validation import plain_text_errors
from dualcareer.trainings import access
from dualcareer.trainings.models import (
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackQuestion,
    FeedbackResponse,
    QuestionKind,
    Registration,
    RegistrationStatus,
    Status,
    Training,
)
from dualcareer.trainings.services import _absolute, _log, _mail

# Invitations go out for trainings that ended at most this long ago.
INVITE_WITHIN = dt.timedelta(days=30)
MAX_FEEDBACK_TEXT = 4000

DEFAULT_QUESTIONS = (
    (QuestionKind.RATING, "Wie zufrieden sind Sie insgesamt?", "How satisfied are you overall?"),
    (
        QuestionKind.RATING,
        "Wie nützlich ist das Gelernte für Ihre Arbeit?",
        "How useful is what you learnt for your work?",
    ),
    (
        QuestionKind.RATING,
        "Wie bewerten Sie die Trainerin oder den Trainer?",
        "How do you rate the trainer?",
    ),
    (
        QuestionKind.TEXT,
        "Was sollten wir beim nächsten Mal anders machen?",
        "What should we do differently next time?",
    ),
)


def questions_for(network: Network) -> list[FeedbackQuestion]:
    """The network's active questions; the default set the first time it is asked."""
    with transaction.atomic():
        if not FeedbackQuestion.objects.filter(network=network).exists():
            FeedbackQuestion.objects.bulk_create(
                FeedbackQuestion(network=network, kind=kind, text_de=de, text_en=en, order=i)
                for i, (kind, de, en) in enumerate(DEFAULT_QUESTIONS, start=1)
            )
    return list(FeedbackQuestion.objects.filter(network=network, active=True))


def question_add(
    *, actor: User, network: Network, kind: str, text_de: str, text_en: str = ""
) -> FeedbackQuestion:
    access.require_manager(actor, network)
    errors = plain_text_errors({"text_de": text_de, "text_en": text_en})
    if not text_de.strip():
        errors["text_de"] = _("This field is required.")
    if kind not in QuestionKind.values:
        errors["kind"] = _("Choose the kind of question.")
    if errors:
        raise ValidationError(errors)
    existing = questions_for(network)
    with transaction.atomic():
        question = FeedbackQuestion.objects.create(
            network=network,
            kind=kind,
            text_de=text_de.strip(),
            text_en=text_en.strip(),
            order=max((q.order for q in existing), default=0) + 1,
        )
    return question


def question_toggle(*, actor: User, question: FeedbackQuestion) -> FeedbackQuestion:
    """Stop asking a question (its answers stay), or ask it again."""
    access.require_manager(actor, question.network)
    question.active = not question.active
    question.save(update_fields=["active"])
    return question


def invitations_send(*, now: dt.datetime | None = None) -> int:
    """Invite each attendee of a recently ended training to give feedback (once each)."""
    now = now or timezone.now()
    # The window is chosen in the database: attendees never invited of trainings that ended
    # long ago are not read (and their sessions not queried) again every hour.
    ended = (
        Training.objects.filter(status=Status.PUBLISHED)
        .annotate(last_end=Max("sessions__ends_at"))
        .filter(last_end__lte=now, last_end__gte=now - INVITE_WITHIN)
        .values("pk")
    )
    registrations = (
        Registration.objects.filter(
            attended=True,
            status=RegistrationStatus.CONFIRMED,
            feedback_invitation__isnull=True,
            training__in=ended,
        )
        .select_related("training__network")
        .order_by("training_id", "id")
    )
    sent = 0
    for registration in registrations:
        with transaction.atomic():
            invitation, created = FeedbackInvitation.objects.get_or_create(
                registration=registration
            )
            if not created:
                continue
            _mail(
                registration,
                "feedback",
                feedback_url=_absolute(
                    "trainings:feedback", language=registration.language, token=invitation.token
                ),
            )
            sent += 1
    return sent


def invitation_get(token: str) -> FeedbackInvitation | None:
    return (
        FeedbackInvitation.objects.select_related("registration__training__network")
        .filter(token=token)
        .first()
    )


def feedback_submit(
    *, invitation: FeedbackInvitation, answers: Mapping[int, Any], signed: bool = False
) -> FeedbackResponse:
    """Store one feedback form; anonymous unless `signed`. The invitation works once."""
    training: Training = invitation.registration.training
    questions = {q.pk: q for q in questions_for(training.network)}
    errors: dict[str, str] = {}
    cleaned: list[tuple[FeedbackQuestion, int | None, str]] = []
    for pk, question in questions.items():
        raw = answers.get(pk)
        if question.kind == QuestionKind.RATING:
            if raw is None or raw == "":
                continue
            try:
                rating = int(str(raw))
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 5:
                errors[f"q{pk}"] = _("Choose a rating from 1 to 5.")
                continue
            cleaned.append((question, rating, ""))
        else:
            text = str(raw or "").strip()
            if len(text) > MAX_FEEDBACK_TEXT:
                errors[f"q{pk}"] = _("Please keep to %(max)s characters.") % {
                    "max": MAX_FEEDBACK_TEXT
                }
            elif text:
                errors |= {f"q{pk}": e for e in plain_text_errors({"text": text}).values()}
                cleaned.append((question, None, text))
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(_("Please answer at least one question."))
    with transaction.atomic():
        invitation = FeedbackInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.used:
            raise ValidationError(_("This feedback form has already been sent."), code="used")
        invitation.used = True
        invitation.save(update_fields=["used"])
        response = FeedbackResponse.objects.create(
            training=training,
            registration=invitation.registration if signed else None,
            submitted_on=timezone.localdate(),
        )
        FeedbackAnswer.objects.bulk_create(
            FeedbackAnswer(response=response, question=q, rating=rating, text=text)
            for q, rating, text in cleaned
        )
        _log(training, "training.feedback_given", None, signed=signed)
    return response
