"""The exchange's part in closing a case (`cases.closing`): its open introductions and
network requests are listed before the case closes, and closed with it.

An introduction still waiting for the employer's answer is withdrawn; a
member's contact who has not answered a network request is marked expired.
Their e-mail links then say that the case is closed and take no answer.
"""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dualcareer.cases.closing import OpenItem, case_closing, collect_open_items
from dualcareer.core import audit
from dualcareer.exchange.models import Introduction, NetworkRequestRecipient


def open_introductions(case: Any) -> list[Introduction]:
    """The introductions of `case` that still wait for the employer's answer."""
    return list(
        Introduction.objects.filter(case=case, withdrawn_at__isnull=True, answer="")
        .select_related("employer", "opening")
        .order_by("created_at")
    )


def open_request_recipients(case: Any) -> list[NetworkRequestRecipient]:
    """The members' contacts who have not answered a network request of `case` yet."""
    return list(
        NetworkRequestRecipient.objects.filter(
            request__case=case, answer="", expired_at__isnull=True
        )
        .select_related("institution", "request")
        .order_by("request__created_at", "institution__name")
    )


@receiver(collect_open_items, dispatch_uid="exchange.open_items")
def _open_items(sender: Any, *, case: Any, **kwargs: Any) -> list[OpenItem]:
    items = []
    for introduction in open_introductions(case):
        since = date_format(introduction.created_at, "SHORT_DATE_FORMAT")
        if introduction.opening is not None:
            label = _("Introduction to %(employer)s for “%(opening)s” (since %(date)s)") % {
                "employer": introduction.employer.display_name,
                "opening": introduction.opening.title,
                "date": since,
            }
        else:
            label = _("Speculative introduction to %(employer)s (since %(date)s)") % {
                "employer": introduction.employer.display_name,
                "date": since,
            }
        items.append(OpenItem("introduction", label))
    for recipient in open_request_recipients(case):
        items.append(
            OpenItem(
                "network_request",
                _("Network request to %(member)s, no answer yet (answers until %(date)s)")
                % {
                    "member": recipient.institution.display_name,
                    "date": date_format(recipient.request.expires_on, "SHORT_DATE_FORMAT"),
                },
            )
        )
    return items


@receiver(case_closing, dispatch_uid="exchange.case_closing")
def _close_open_items(sender: Any, *, case: Any, actor: Any, **kwargs: Any) -> None:
    """Withdraw the open introductions and expire the open requests of a closing case."""
    now = timezone.now()
    for introduction in open_introductions(case):
        introduction.withdrawn_at = now
        introduction.save(update_fields=["withdrawn_at", "updated_at"])
        audit.log(
            introduction,
            "introduction.closed_with_case",
            actor=actor,
            institution_id=case.institution_id,
            data={"introduction": introduction.public_id, "case": case.public_id},
        )
    for recipient in open_request_recipients(case):
        recipient.expired_at = now
        recipient.save(update_fields=["expired_at", "updated_at"])
        audit.log(
            recipient,
            "network_request.closed_with_case",
            actor=actor,
            institution_id=case.institution_id,
            data={"request": recipient.request.public_id, "case": case.public_id},
        )
