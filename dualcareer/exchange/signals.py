"""Receivers of the cases app's GDPR signals for the exchange: our records in the
partner's export (`case_exporting`), and removing our personal data when a case
is anonymised (`case_anonymising`, on erasure or retention)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.dispatch import receiver

from dualcareer.cases.gdpr import access_records, case_anonymising, case_exporting
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import (
    EmployerInterest,
    Introduction,
    NetworkRequest,
    NetworkRequestRecipient,
    PartnerInterest,
    SavedOpening,
)

# The fields of our records that only `case_exporting` exports (the models with
# a foreign key to the case are exported by cases.gdpr itself), and the fields
# left out with the reason. A test fails when a field is in neither.
EXPORTED_FIELDS: dict[type[Any], list[str]] = {
    NetworkRequestRecipient: [
        "id",
        "public_id",
        "created_at",
        "updated_at",
        "request",
        "institution",
        "answer",
        "note",
        "answered_at",
        "reminded_at",
        "expired_at",
    ],
}
EXPORT_EXCLUDED: dict[type[Any], dict[str, str]] = {
    NetworkRequestRecipient: {"contact": "staff reference"},
}


def _export_value(value: Any) -> Any:
    """A JSON-able value: a related record by its public id (or name), dates as ISO text."""
    if isinstance(value, models.Model):
        public_id = getattr(value, "public_id", None)
        return str(public_id) if public_id is not None else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _records(objects: Any, model: type[Any]) -> list[dict[str, Any]]:
    names = EXPORTED_FIELDS[model]
    return [{name: _export_value(getattr(obj, name)) for name in names} for obj in objects]


def _audit_entries_about(case: Any) -> Any:
    """The audit entries about our records of the case (who read or answered them, when)."""
    targets = Q(pk__in=[])
    for model, ids in (
        (Introduction, Introduction.objects.filter(case=case).values_list("pk", flat=True)),
        (NetworkRequest, NetworkRequest.objects.filter(case=case).values_list("pk", flat=True)),
        (
            NetworkRequestRecipient,
            NetworkRequestRecipient.objects.filter(request__case=case).values_list("pk", flat=True),
        ),
        (EmployerInterest, EmployerInterest.objects.filter(case=case).values_list("pk", flat=True)),
        (PartnerInterest, PartnerInterest.objects.filter(case=case).values_list("pk", flat=True)),
    ):
        targets |= Q(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=[str(pk) for pk in ids],
        )
    return AuditEntry.objects.filter(targets)


@receiver(case_exporting, dispatch_uid="exchange_case_exporting")
def export_exchange(sender: Any, case: Any, account: Any, **kwargs: Any) -> dict[str, Any]:
    """Our records about the partner for their data export (GDPR Art. 15).

    The institutions a network request went to with their answers, and who
    read or answered the introductions and requests (by role, no names).
    """
    recipients = (
        NetworkRequestRecipient.objects.filter(request__case=case)
        .select_related("request", "institution")
        .order_by("created_at", "pk")
    )
    records: dict[str, Any] = {
        "exchange.networkrequestrecipient": _records(recipients, NetworkRequestRecipient),
        "exchange.access_history": access_records(_audit_entries_about(case)),
    }
    return records


@receiver(case_anonymising, dispatch_uid="exchange_case_anonymising")
def anonymise_exchange(sender: Any, case: Any, reason: str, **kwargs: Any) -> None:
    """Blank the free texts about the partner; keep codes and dates for statistics.

    Runs inside the anonymisation transaction. Introductions stay as records
    (employer, answer, dates) so that anonymised counts remain correct; the
    employer no longer sees them because the case has no consent left.
    """
    Introduction.objects.filter(case=case).update(
        message="", answer_reason="", recipient=None, created_by=None, answered_by=None
    )
    requests = NetworkRequest.objects.filter(case=case)
    NetworkRequestRecipient.objects.filter(request__in=requests).update(note="")
    requests.update(message="", created_by=None)
    EmployerInterest.objects.filter(case=case).update(created_by=None)
    # The partner's own requests and list: which openings they wanted is about them.
    PartnerInterest.objects.filter(case=case).delete()
    SavedOpening.objects.filter(case=case).delete()
