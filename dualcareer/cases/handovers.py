"""Handing a case to another member institution when the couple moves within the network.

1. An officer of the case's institution requests the handover (`handover_request`).
2. The partner consents (`handover_partner_decide`); without it nothing moves.
3. An officer of the receiving institution accepts or declines (`handover_receiver_decide`).
   On acceptance the case belongs to the receiving institution; the counselling
   log of the previous institution stays with it (not shown to the new one).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.cases import selectors
from dualcareer.cases.models import Case, CaseStatus, Handover, HandoverStatus
from dualcareer.cases.partner_mail import mail_partner
from dualcareer.cases.services import _tasks_sync, require_case_access
from dualcareer.core import audit
from dualcareer.core.mail import send_on_commit

PENDING = (HandoverStatus.AWAITING_PARTNER, HandoverStatus.AWAITING_RECEIVER)


def _mail_on_commit(email: str, language: str, template: str) -> None:
    send_on_commit(to=email, language=language, template=template, context={})


def _shares_network(a: int, b: int) -> bool:
    from dualcareer.network.models import NetworkMembership

    networks_a = set(
        NetworkMembership.objects.current()
        .filter(institution_id=a)
        .values_list("network_id", flat=True)
    )
    return (
        NetworkMembership.objects.current()
        .filter(institution_id=b, network_id__in=networks_a)
        .exists()
    )


def handover_request(*, case: Case, actor: Any, to_institution: Any) -> Handover:
    """Ask to hand the case to `to_institution`; the partner is asked for consent first."""
    require_case_access(actor, "case.edit", case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"to_institution": _("A closed case cannot be handed over.")})
    if to_institution.pk == case.institution_id:
        raise ValidationError(
            {"to_institution": _("Please choose another institution than the current one.")}
        )
    if not _shares_network(case.institution_id, to_institution.pk):
        raise ValidationError(
            {"to_institution": _("The institution is not a current member of your network.")}
        )
    if not selectors.officers_of(institution_id=to_institution.pk).exists():
        raise ValidationError(
            {"to_institution": _("The institution has no Dual Career officer on the platform.")}
        )
    if case.handovers.filter(status__in=PENDING).exists():
        raise ValidationError({"to_institution": _("A handover of this case is already pending.")})
    if case.partner_user_id is None:
        raise ValidationError(
            {"to_institution": _("The partner needs an account to consent to the handover.")}
        )
    with transaction.atomic():
        handover = Handover.objects.create(
            case=case,
            from_institution_id=case.institution_id,
            to_institution=to_institution,
            requested_by=actor,
        )
        audit.log(
            case,
            "case.handover_requested",
            actor=actor,
            data={"handover": handover.public_id, "to": to_institution.pk},
        )
        mail_partner(case=case, template="cases/mail/handover_consent")
    return handover


def handover_partner_decide(*, handover: Handover, actor: Any, agree: bool) -> Handover:
    """Record the partner's consent to (or refusal of) the handover."""
    require_case_access(actor, "consent.manage_own", handover.case)
    if handover.status != HandoverStatus.AWAITING_PARTNER:
        raise ValidationError({"agree": _("This handover no longer waits for your decision.")})
    with transaction.atomic():
        if agree:
            handover.partner_consented_at = timezone.now()
            handover.status = HandoverStatus.AWAITING_RECEIVER
        else:
            handover.status = HandoverStatus.DECLINED
            handover.decided_at = timezone.now()
        handover.save()
        audit.log(
            handover.case,
            "case.handover_partner_decided",
            actor=actor,
            data={"handover": handover.public_id, "agree": agree},
        )
        if agree:
            recipients = list(
                selectors.officers_of(institution_id=handover.to_institution_id).values_list(
                    "email", "language"
                )
            )
            for email, language in recipients:
                _mail_on_commit(email, language, "cases/mail/handover_waiting")
    return handover


def handover_receiver_decide(*, handover: Handover, actor: Any, accept: bool) -> Handover:
    """Accept or decline a handover as an officer of the receiving institution."""
    permissions.require(actor, "case.edit", handover)
    if handover.status != HandoverStatus.AWAITING_RECEIVER or handover.partner_consented_at is None:
        raise PermissionDenied("handover not awaiting the receiver")
    with transaction.atomic():
        handover.status = HandoverStatus.ACCEPTED if accept else HandoverStatus.DECLINED
        handover.decided_by = actor
        handover.decided_at = timezone.now()
        handover.save()
        case = handover.case
        if accept:
            case.institution_id = handover.to_institution_id
            case.save(update_fields=["institution", "updated_at"])
            case.assigned_officers.set([actor])
            _tasks_sync(case)
        audit.log(
            case,
            "case.handover_decided",
            actor=actor,
            institution_id=handover.to_institution_id,
            data={"handover": handover.public_id, "accept": accept},
        )
    return handover


def handover_cancel(*, handover: Handover, actor: Any) -> Handover:
    """Cancel a pending handover (by an officer of the case's current institution)."""
    require_case_access(actor, "case.edit", handover.case)
    if handover.status not in PENDING:
        raise ValidationError({"handover": _("Only a pending handover can be cancelled.")})
    with transaction.atomic():
        handover.status = HandoverStatus.CANCELLED
        handover.decided_by = actor
        handover.decided_at = timezone.now()
        handover.save()
        audit.log(
            handover.case,
            "case.handover_cancelled",
            actor=actor,
            data={"handover": handover.public_id},
        )
    return handover
