"""Webhook events derived from audit entries: which action is which event, for whom, with what.

`on_audit_entry` runs for every new audit entry (a `post_save` receiver
connected in `ApiConfig.ready`): if the action is one of `EVENTS`, it builds
the payload and stores one delivery per subscribed webhook of the
institution the object belongs to, in the change's transaction (a
rolled-back change sends nothing); the worker gets the jobs after the commit.

Scoping: an event goes to one institution only, the one whose object it is
(the opening's employer; for an answered introduction, the institution that
made it, i.e. the case's). Payloads carry identifiers, codes and the
employer's own published texts, never a partner's name, contact or profile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dualcareer.api.models import Webhook, WebhookDelivery, WebhookEvent
from dualcareer.core.models import AuditEntry

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """What the entry becomes: the event code, its receiving institution and the payload."""

    code: str
    institution_id: int
    data: dict[str, Any]


def _opening(entry: AuditEntry, code: str, *, only_if_published: bool = False) -> Event | None:
    from dualcareer.openings.models import Opening

    opening = Opening.objects.filter(pk=entry.target_id).first()
    if opening is None or (only_if_published and not opening.is_published):
        return None
    return Event(
        code=code,
        institution_id=opening.institution_id,
        data={
            "opening": {
                "id": str(opening.public_id),
                "reference": opening.reference,
                "title_de": opening.title_de,
                "title_en": opening.title_en,
                "visibility": opening.visibility,
                "is_published": opening.is_published,
                "closing_date": opening.closing_date.isoformat() if opening.closing_date else None,
                "url": settings.SITE_URL + reverse("openings:detail", args=[opening.public_id]),
            },
            "reason": entry.data.get("reason", ""),
        },
    )


def _introduction_answered(entry: AuditEntry) -> Event | None:
    from dualcareer.exchange.models import Introduction

    introduction = (
        Introduction.objects.select_related("case", "opening").filter(pk=entry.target_id).first()
    )
    if introduction is None:
        return None
    return Event(
        code=WebhookEvent.INTRODUCTION_ANSWERED,
        institution_id=introduction.case.institution_id,
        data={
            "introduction": {
                "id": str(introduction.public_id),
                "case": str(introduction.case.public_id),
                "opening": str(introduction.opening.public_id) if introduction.opening else None,
                "answer": introduction.answer,
                "answered_at": introduction.answered_at.isoformat()
                if introduction.answered_at
                else None,
            }
        },
    )


def _registration_confirmed(entry: AuditEntry) -> Event | None:
    """A seat confirmed in a training: to the organiser (the network's coordinating institution).

    The trainings app audits the training (not the registration) with the new
    status; only the training and the count matter to the organiser's system.
    """
    from dualcareer.trainings.models import Training

    if entry.action != "training.offer_accepted" and entry.data.get("status") != "confirmed":
        return None
    training = Training.objects.filter(pk=entry.target_id).first()
    if training is None or entry.institution_id is None:
        return None
    return Event(
        code=WebhookEvent.REGISTRATION_CONFIRMED,
        institution_id=entry.institution_id,
        data={
            "training": {
                "id": str(training.public_id),
                "title_de": training.title_de,
                "title_en": training.title_en,
            },
            "status": "confirmed",
        },
    )


EVENTS: dict[str, Callable[[AuditEntry], Event | None]] = {
    "opening.published": lambda e: _opening(e, WebhookEvent.OPENING_PUBLISHED),
    # posted as published at once (the API, the form): no separate "published" entry
    "opening.created": lambda e: _opening(
        e, WebhookEvent.OPENING_PUBLISHED, only_if_published=True
    ),
    "opening.unpublished": lambda e: _opening(e, WebhookEvent.OPENING_CLOSED),
    "introduction.answered": _introduction_answered,
    # a seat in a training: registered at once, after confirming the e-mail address,
    # an offered place accepted, or added by the organiser
    "training.registered": _registration_confirmed,
    "training.email_confirmed": _registration_confirmed,
    "training.offer_accepted": _registration_confirmed,
    "training.participant_added": _registration_confirmed,
}


def deliveries_for(entry: AuditEntry) -> list[WebhookDelivery]:
    """Store the deliveries `entry` causes (none for most actions)."""
    build = EVENTS.get(entry.action)
    if build is None or not Webhook.objects.filter(is_active=True).exists():
        return []
    event = build(entry)
    if event is None:
        return []
    created = []
    for webhook in Webhook.objects.filter(is_active=True, institution_id=event.institution_id):
        if event.code not in webhook.events:
            continue
        delivery = WebhookDelivery(
            webhook=webhook, event=event.code, next_attempt_at=timezone.now()
        )
        delivery.payload = {
            "event": event.code,
            "delivery": str(delivery.public_id),
            "occurred_at": entry.created_at.isoformat(),
            "data": event.data,
        }
        delivery.save()
        created.append(delivery)
    return created


def on_audit_entry(sender: Any, instance: AuditEntry, created: bool, **kwargs: Any) -> None:
    """post_save receiver of AuditEntry: queue the webhook deliveries the entry causes."""
    if not created or instance.action not in EVENTS or kwargs.get("raw"):
        return
    from dualcareer.api.webhooks.delivery import enqueue_on_commit

    try:
        with transaction.atomic():  # a savepoint: a failure here never undoes the change
            deliveries = deliveries_for(instance)
    except Exception as error:  # the change itself must not fail because of a webhook
        logger.error(
            "webhook deliveries for %s not stored: %s", instance.action, type(error).__name__
        )
        return
    for delivery in deliveries:
        enqueue_on_commit(delivery.pk)
