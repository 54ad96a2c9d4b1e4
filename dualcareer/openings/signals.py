"""Receivers: when a case is anonymised (erasure or retention), remove our personal data too."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from dualcareer.cases.gdpr import case_anonymising
from dualcareer.openings.models import (
    EmployerInterest,
    Introduction,
    NetworkRequest,
    NetworkRequestRecipient,
)


@receiver(case_anonymising, dispatch_uid="openings_case_anonymising")
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
