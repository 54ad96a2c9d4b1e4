"""Writes of introductions and network requests (the network's warm referrals).

Every introduction and every network request is allowed only while the
partner's consent covers the employer's sector (checked here, and again at
every read in `exchange.selectors`). Employers see an anonymised profile
until the partner agrees to reveal their name and contact details. The
platform introduces; the employer's own selection procedure decides.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.cases import consent
from dualcareer.cases.models import ActivityKind, Case, CaseStatus
from dualcareer.cases.partner_mail import mail_partner
from dualcareer.cases.services import activity_log, require_case_access
from dualcareer.core import audit
from dualcareer.core.mail import Outbox, send_templated
from dualcareer.exchange.models import (
    EmployerAnswer,
    EmployerInterest,
    Introduction,
    NetworkRequest,
    NetworkRequestRecipient,
    PartnerInterest,
    RequestAnswer,
    SavedOpening,
)
from dualcareer.exchange.selectors import request_ended
from dualcareer.network.models import Institution, Network, NetworkMembership
from dualcareer.openings.models import Opening
from dualcareer.openings.selectors import network_peer_ids, openings_visible

logger = logging.getLogger(__name__)

REQUEST_TOKEN_SALT = "openings.network_request"  # noqa: S105 - a salt, not a secret
DEFAULT_REQUEST_DAYS = 14


def _require_open_case(user: Any, perm: str, case: Case) -> None:
    require_case_access(user, perm, case)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"case": _("The case is closed.")})


def employer_contacts(employer: Institution) -> list[User]:
    """Active users holding the employer-contact role at `employer`."""
    user_ids = InstitutionRole.objects.filter(institution=employer, role=Role.EMPLOYER).values(
        "user_id"
    )
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("pk"))


def _officers_to_notify(introduction_or_request: Introduction | NetworkRequest) -> list[User]:
    """The officer who sent it, if still active; else the case's assigned officers."""
    creator = introduction_or_request.created_by
    if creator is not None and creator.is_active:
        return [creator]
    return list(introduction_or_request.case.assigned_officers.filter(is_active=True))


def _url(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


# --- introductions -----------------------------------------------------------


def introduction_create(
    *,
    user: Any,
    case: Case,
    employer: Institution | None = None,
    opening: Opening | None = None,
    recipient: User | None = None,
    message: str = "",
) -> Introduction:
    """Introduce the partner of `case` to an employer, for `opening` or speculatively."""
    _require_open_case(user, "introduction.create", case)
    if opening is not None:
        if not openings_visible(user=user).filter(pk=opening.pk).exists():
            raise ValidationError({"opening": _("This opening is not available (any more).")})
        employer = opening.institution
    if employer is None:
        raise ValidationError({"employer": _("Choose an employer or an opening.")})
    if employer.pk not in network_peer_ids({case.institution_id}) or not employer.is_active:
        raise ValidationError({"employer": _("This employer is not a member of your network.")})
    scope = consent.required_scope(case=case, employer=employer)
    if scope not in consent.scopes_in_force(case):
        raise ValidationError(
            {
                "employer": _(
                    "The partner's consent does not cover this employer's sector. "
                    "Ask the partner to extend their consent first."
                )
            }
        )
    contacts = employer_contacts(employer)
    if recipient is not None and recipient not in contacts:
        raise ValidationError({"recipient": _("This person is not a contact of the employer.")})
    if not contacts:
        raise ValidationError(
            {"employer": _("This employer has no contact person on the platform yet.")}
        )
    if (
        opening is not None
        and Introduction.objects.filter(
            case=case, opening=opening, withdrawn_at__isnull=True
        ).exists()
    ):
        raise ValidationError({"opening": _("The partner is already introduced for this opening.")})
    outbox = Outbox()
    with transaction.atomic():
        introduction = Introduction.objects.create(
            case=case,
            opening=opening,
            employer=employer,
            recipient=recipient,
            consent_scope=scope,
            message=message.strip(),
            created_by=user,
        )
        audit.log(
            introduction,
            "introduction.created",
            actor=user,
            institution_id=case.institution_id,
            data={
                "introduction": introduction.public_id,
                "case": case.public_id,
                "employer": employer.pk,
                "opening": opening.public_id if opening else None,
                "scope": scope,
            },
        )
        activity_log(
            case=case,
            kind=ActivityKind.INTRODUCTION,
            actor=user,
            reference=f"introduction:{introduction.public_id}"[:64],
        )
        if opening is not None:
            PartnerInterest.objects.filter(
                case=case, opening=opening, handled_at__isnull=True
            ).update(handled_at=timezone.now())
        mail_partner(
            case=case,
            template="exchange/mail/partner_introduced",
            context={"employer": employer, "opening": opening},
            links={"url": ("cases:my_case",)},
            outbox=outbox,
        )
        for contact in [recipient] if recipient else contacts:
            outbox.add(
                to=contact.email,
                language=contact.language,
                template="exchange/mail/introduction_new",
                context={
                    "url": _url("exchange:introduction_employer", introduction.public_id),
                    "opening": opening,
                    "employer": employer,
                },
            )
    outbox.send()
    return introduction


def _require_employer(user: Any, introduction: Introduction) -> None:
    permissions.require(user, "introduction.answer", introduction.employer)
    if introduction.withdrawn_at is not None:
        raise PermissionDenied("introduction withdrawn")
    if introduction.case.status == CaseStatus.CLOSED:
        raise PermissionDenied("case closed")
    if not consent.covers(case=introduction.case, institution=introduction.employer):
        raise PermissionDenied("consent withdrawn")


def introduction_answer(
    *, user: Any, introduction: Introduction, answer: str, reason: str = ""
) -> Introduction:
    """Record the employer's answer; it appears on the case and the officer is told."""
    _require_employer(user, introduction)
    if answer not in EmployerAnswer.values:
        raise ValidationError({"answer": _("Choose an answer.")})
    reason = reason.strip()
    if answer == EmployerAnswer.NO_FIT and not reason:
        raise ValidationError({"answer_reason": _("Please give a short reason.")})
    outbox = Outbox()
    with transaction.atomic():
        introduction.answer = answer
        introduction.answer_reason = reason
        introduction.answered_at = timezone.now()
        introduction.answered_by = user
        introduction.save(
            update_fields=["answer", "answer_reason", "answered_at", "answered_by", "updated_at"]
        )
        audit.log(
            introduction,
            "introduction.answered",
            actor=user,
            institution_id=introduction.employer_id,
            data={"introduction": introduction.public_id, "answer": answer},
        )
        for officer in _officers_to_notify(introduction):
            outbox.add(
                to=officer.email,
                language=officer.language,
                template="exchange/mail/introduction_answered",
                context={
                    "url": _url("exchange:case", introduction.case.public_id),
                    "employer": introduction.employer,
                    "answer": answer,
                    "case_reference": introduction.case.reference,
                },
            )
    outbox.send()
    return introduction


def introduction_request_reveal(*, user: Any, introduction: Introduction) -> Introduction:
    """The employer asks to learn the partner's name and contact details."""
    _require_employer(user, introduction)
    if introduction.is_revealed or introduction.reveal_request_pending:
        return introduction
    outbox = Outbox()
    with transaction.atomic():
        introduction.reveal_requested_at = timezone.now()
        introduction.reveal_declined_at = None
        introduction.save(update_fields=["reveal_requested_at", "reveal_declined_at", "updated_at"])
        audit.log(
            introduction,
            "introduction.reveal_requested",
            actor=user,
            institution_id=introduction.employer_id,
            data={"introduction": introduction.public_id},
        )
        told_partner = mail_partner(
            case=introduction.case,
            template="exchange/mail/introduction_reveal_requested",
            context={"employer": introduction.employer, "to_partner": True},
            links={"url": ("exchange:introduction_reveal", introduction.public_id)},
            outbox=outbox,
        )
        for person in [] if told_partner else _officers_to_notify(introduction):
            if not person.is_active:
                continue
            outbox.add(
                to=person.email,
                language=person.language,
                template="exchange/mail/introduction_reveal_requested",
                context={
                    "url": _url("exchange:case", introduction.case.public_id),
                    "employer": introduction.employer,
                },
            )
    outbox.send()
    return introduction


def introduction_reveal(*, user: Any, introduction: Introduction, agree: bool) -> Introduction:
    """The partner agrees (or declines) to reveal their name and contact to the employer."""
    case = introduction.case
    require_case_access(user, "consent.manage_own", case)
    if introduction.withdrawn_at is not None:
        raise ValidationError({"introduction": _("This introduction was withdrawn.")})
    if agree and not consent.covers(case=case, institution=introduction.employer):
        raise ValidationError(
            {
                "introduction": _(
                    "Your consent does not cover this employer at the moment. "
                    "Grant it again before you reveal your name."
                )
            }
        )
    if agree and introduction.is_revealed:
        return introduction  # agreed before and still in force: nothing new to tell
    outbox = Outbox()
    with transaction.atomic():
        now = timezone.now()
        if agree:
            introduction.revealed_at = now
            introduction.reveal_declined_at = None
        else:
            introduction.revealed_at = None
            introduction.reveal_declined_at = now
        introduction.save(update_fields=["revealed_at", "reveal_declined_at", "updated_at"])
        audit.log(
            introduction,
            "introduction.revealed" if agree else "introduction.reveal_declined",
            actor=user,
            institution_id=case.institution_id,
            data={"introduction": introduction.public_id},
        )
        if agree:
            _reveal_notify(introduction, outbox)
    outbox.send()
    return introduction


def _reveal_notify(introduction: Introduction, outbox: Outbox) -> None:
    """Tell the employer's contacts and the case's officers that the partner revealed the name."""
    recipient = introduction.recipient
    contacts = (
        [recipient]
        if recipient is not None and recipient.is_active
        else employer_contacts(introduction.employer)
    )
    for contact in contacts:
        outbox.add(
            to=contact.email,
            language=contact.language,
            template="exchange/mail/introduction_revealed",
            context={
                "url": _url("exchange:introduction_employer", introduction.public_id),
                "opening": introduction.opening,
            },
            institution_id=introduction.employer_id,
        )
    for officer in _officers_to_notify(introduction):
        outbox.add(
            to=officer.email,
            language=officer.language,
            template="exchange/mail/introduction_revealed_officer",
            context={
                "url": _url("exchange:case", introduction.case.public_id),
                "employer": introduction.employer,
                "case_reference": introduction.case.reference,
            },
            institution_id=introduction.case.institution_id,
        )


def introduction_withdraw(*, user: Any, introduction: Introduction) -> Introduction:
    """The officer withdraws an introduction (the employer no longer sees it)."""
    require_case_access(user, "introduction.create", introduction.case)
    if introduction.withdrawn_at is not None:
        return introduction
    with transaction.atomic():
        introduction.withdrawn_at = timezone.now()
        introduction.save(update_fields=["withdrawn_at", "updated_at"])
        audit.log(
            introduction,
            "introduction.withdrawn",
            actor=user,
            institution_id=introduction.case.institution_id,
            data={"introduction": introduction.public_id},
        )
    return introduction


def introductions_remind(*, days: int | None = None, now: dt.datetime | None = None) -> int:
    """Remind employers of introductions waiting more than `days` days (at most twice).

    Each introduction is handled on its own: its e-mails are queued and the
    reminder recorded in one transaction, so a refused address does not stop
    the others (it is tried again on the next run) and a run killed half-way
    sends nothing twice when it runs again. Returns how many were reminded.
    """
    days = days or int(getattr(settings, "OPENINGS_INTRODUCTION_REMINDER_DAYS", 7))
    now = now or timezone.now()
    due = now - dt.timedelta(days=days)
    waiting = Introduction.objects.filter(
        answer="", withdrawn_at__isnull=True, created_at__lt=due, reminder_count__lt=2
    ).select_related("case", "employer", "opening", "recipient")
    sent = 0
    for introduction in waiting:
        if introduction.reminded_at is not None and introduction.reminded_at > due:
            continue
        if not consent.covers(case=introduction.case, institution=introduction.employer):
            continue  # hidden from the employer; nothing to remind of
        try:
            _introduction_remind(introduction, now)
        except Exception as error:  # the next introductions still get theirs
            logger.error("introduction reminder not sent: %s", type(error).__name__)
            continue
        sent += 1
    return sent


def _introduction_remind(introduction: Introduction, now: dt.datetime) -> None:
    """Queue one introduction's reminder to its contacts and record it, in one transaction."""
    with transaction.atomic():
        locked = Introduction.objects.select_for_update().get(pk=introduction.pk)
        if locked.reminder_count != introduction.reminder_count:
            return  # reminded meanwhile by a run alongside
        contacts = (
            [introduction.recipient]
            if introduction.recipient and introduction.recipient.is_active
            else employer_contacts(introduction.employer)
        )
        for contact in contacts:
            send_templated(
                to=contact.email,
                language=contact.language,
                template="exchange/mail/introduction_reminder",
                context={
                    "url": _url("exchange:introduction_employer", introduction.public_id),
                    "days": (now - introduction.created_at).days,
                    "opening": introduction.opening,
                },
                institution_id=introduction.case.institution_id,
            )
        introduction.reminded_at = now
        introduction.reminder_count += 1
        introduction.save(update_fields=["reminded_at", "reminder_count", "updated_at"])
        audit.log(
            introduction,
            "introduction.reminded",
            institution_id=introduction.employer_id,
            data={"introduction": introduction.public_id, "count": introduction.reminder_count},
        )


# --- network requests --------------------------------------------------------


def request_token(recipient: NetworkRequestRecipient) -> str:
    """The signed token in a contact's answer link (works without login until the request ends).

    The link shows the anonymised profile and takes one answer while the
    request is open (`request_ended`); once answered it shows only the answer
    given, and once ended only that the request has ended.
    """
    return signing.dumps(str(recipient.public_id), salt=REQUEST_TOKEN_SALT)


def recipient_from_token(token: str) -> NetworkRequestRecipient | None:
    """The recipient a token belongs to, or None if it is forged or malformed."""
    try:
        public_id = signing.loads(token, salt=REQUEST_TOKEN_SALT)
    except signing.BadSignature:
        return None
    return (
        NetworkRequestRecipient.objects.filter(public_id=public_id)
        .select_related("request__case", "institution", "contact")
        .first()
    )


def _contact_language(email: str) -> str:
    user = User.objects.filter(email__iexact=email).only("language").first()
    return user.language if user is not None else settings.LANGUAGE_CODE


def _send_request_mail(
    recipient: NetworkRequestRecipient, template: str, outbox: Outbox | None = None
) -> None:
    """Mail a member's contact their answer link (queued in `outbox` if one is given)."""
    contact = recipient.contact
    if contact is None or not contact.email:
        return
    (outbox.add if outbox is not None else send_templated)(
        to=contact.email,
        language=_contact_language(contact.email),
        template=template,
        context={
            "url": _url("exchange:request_answer", request_token(recipient)),
            "expires_on": recipient.request.expires_on,
        },
    )


def network_request_send(
    *,
    user: Any,
    case: Case,
    message: str,
    institutions: Iterable[Institution] = (),
    network: Network | None = None,
    days: int = DEFAULT_REQUEST_DAYS,
) -> tuple[NetworkRequest, list[Institution]]:
    """Send the partner's anonymised profile to members' Dual Career contacts.

    Chosen members must all be covered by the partner's consent; for the
    whole network, members the consent does not cover (or without a Dual
    Career contact) are left out. Returns the request and the members left out.
    """
    _require_open_case(user, "network_request.create", case)
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Describe what the partner is looking for.")})
    if not 3 <= days <= 60:
        raise ValidationError({"days": _("Answers can be collected for 3 to 60 days.")})
    peers = network_peer_ids({case.institution_id})
    chosen = list(institutions)
    if network is not None:
        if (
            not NetworkMembership.objects.current()
            .filter(network=network, institution_id=case.institution_id)
            .exists()
        ):
            raise ValidationError(
                {"network": _("Your institution is not a member of this network.")}
            )
        member_ids = (
            NetworkMembership.objects.current().filter(network=network).values("institution_id")
        )
        chosen = list(
            Institution.objects.filter(pk__in=member_ids, is_active=True).exclude(
                pk=case.institution_id
            )
        )
    if not chosen:
        raise ValidationError({"institutions": _("Choose at least one member.")})
    scopes = consent.scopes_in_force(case)
    included: list[tuple[Institution, Any]] = []
    left_out: list[Institution] = []
    for institution in chosen:
        contact = institution.dual_career_contact
        covered = consent.required_scope(case=case, employer=institution) in scopes
        usable = covered and institution.pk in peers and contact is not None and contact.email
        if usable:
            included.append((institution, contact))
        elif network is not None:
            left_out.append(institution)
        elif not covered:
            raise ValidationError(
                {
                    "institutions": _(
                        "The partner's consent does not cover %(name)s. "
                        "Ask the partner to extend their consent first."
                    )
                    % {"name": institution.display_name}
                }
            )
        else:
            raise ValidationError(
                {
                    "institutions": _("%(name)s has no Dual Career contact person.")
                    % {"name": institution.display_name}
                }
            )
    if not included:
        raise ValidationError(
            {"institutions": _("The partner's consent does not cover any of these members.")}
        )
    outbox = Outbox()
    with transaction.atomic():
        request = NetworkRequest.objects.create(
            case=case,
            network=network,
            message=message,
            created_by=user,
            expires_on=timezone.localdate() + dt.timedelta(days=days),
        )
        recipients = NetworkRequestRecipient.objects.bulk_create(
            [
                NetworkRequestRecipient(request=request, institution=institution, contact=contact)
                for institution, contact in included
            ]
        )
        audit.log(
            request,
            "network_request.sent",
            actor=user,
            institution_id=case.institution_id,
            data={
                "request": request.public_id,
                "case": case.public_id,
                "recipients": len(recipients),
                "left_out": len(left_out),
            },
        )
        for recipient in recipients:
            recipient.request = request
            _send_request_mail(recipient, "exchange/mail/network_request_new", outbox)
    outbox.send()
    return request, left_out


def network_request_answer(
    *, recipient: NetworkRequestRecipient, answer: str, note: str = "", user: Any = None
) -> NetworkRequestRecipient:
    """Record a contact's answer (from the signed link, or logged in at that member)."""
    request = recipient.request
    if user is not None and getattr(user, "is_authenticated", False):
        permissions.require(user, "network_request.answer", recipient.institution)
    if request_ended(recipient):
        raise ValidationError({"answer": _("This request has ended.")})
    if recipient.answer:
        raise ValidationError({"answer": _("This request has already been answered.")})
    if answer not in RequestAnswer.values:
        raise ValidationError({"answer": _("Choose an answer.")})
    outbox = Outbox()
    with transaction.atomic():
        recipient.answer = answer
        recipient.note = note.strip()[:2000]
        recipient.answered_at = timezone.now()
        recipient.save(update_fields=["answer", "note", "answered_at", "updated_at"])
        audit.log(
            recipient,
            "network_request.answered",
            actor=user,
            institution_id=recipient.institution_id,
            data={"request": request.public_id, "answer": answer},
        )
        for officer in _officers_to_notify(request):
            outbox.add(
                to=officer.email,
                language=officer.language,
                template="exchange/mail/network_request_answered",
                context={
                    "url": _url("exchange:case", request.case.public_id),
                    "institution": recipient.institution,
                    "answer": answer,
                    "case_reference": request.case.reference,
                },
            )
    outbox.send()
    return recipient


def network_requests_remind_and_expire(*, today: dt.date | None = None) -> tuple[int, int]:
    """Remind unanswered contacts once (halfway), expire them after the deadline.

    Each contact is handled on its own: the reminder is queued and recorded
    in one transaction, so a refused address does not stop the others (it
    is tried again on the next run) and a run killed half-way sends nothing
    twice. Returns (reminded, expired).
    """
    today = today or timezone.localdate()
    pending = NetworkRequestRecipient.objects.filter(
        answer="", expired_at__isnull=True
    ).select_related("request__case", "contact", "institution")
    reminded = expired = 0
    for recipient in pending:
        try:
            outcome = _network_request_remind_or_expire(recipient, today)
        except Exception as error:  # the next contacts still get theirs
            logger.error("network request reminder not sent: %s", type(error).__name__)
            continue
        reminded += outcome == "reminded"
        expired += outcome == "expired"
    return reminded, expired


def _network_request_remind_or_expire(recipient: NetworkRequestRecipient, today: dt.date) -> str:
    """Expire one contact's request or queue their reminder, in one transaction; say which."""
    request = recipient.request
    with transaction.atomic():
        locked = NetworkRequestRecipient.objects.select_for_update().get(pk=recipient.pk)
        if (
            locked.answer
            or locked.expired_at is not None
            or locked.reminded_at != recipient.reminded_at
        ):
            return ""  # answered, expired or reminded meanwhile by a run alongside
        if request.expires_on < today:
            recipient.expired_at = timezone.now()
            recipient.save(update_fields=["expired_at", "updated_at"])
            audit.log(
                recipient,
                "network_request.expired",
                institution_id=recipient.institution_id,
                data={"request": request.public_id},
            )
            return "expired"
        halfway = request.created_at.date() + (request.expires_on - request.created_at.date()) / 2
        if recipient.reminded_at is not None or today < halfway:
            return ""
        if request_ended(recipient, today=today):
            return ""
        _send_request_mail(recipient, "exchange/mail/network_request_reminder")
        recipient.reminded_at = timezone.now()
        recipient.save(update_fields=["reminded_at", "updated_at"])
        audit.log(
            recipient,
            "network_request.reminded",
            institution_id=recipient.institution_id,
            data={"request": request.public_id},
        )
        return "reminded"


# --- employers' interest in ranked anonymised profiles -------------------------

INTEREST_TOKEN_SALT = "openings.employer_interest"  # noqa: S105 - a salt, not a secret


def interest_token(*, opening: Opening, case: Case) -> str:
    """An opaque pseudonym of a profile on the ranking of `opening`.

    A keyed hash (HMAC-SHA256 under the site's secret key) of the opening and
    the case: the same profile gets unrelated tokens on different openings,
    and nothing in a token (decoded or not) tells which case it is, so
    rankings cannot be linked across openings. Only the server, recomputing
    the token for each profile it may show, finds the case again.
    """
    message = f"{opening.public_id}:{case.public_id}"
    return salted_hmac(INTEREST_TOKEN_SALT, message, algorithm="sha256").hexdigest()


def case_from_interest_token(*, opening: Opening, token: str, cases: Iterable[Case]) -> Case | None:
    """The case among `cases` (those shown on the ranking) whose token for `opening` is `token`."""
    if not token or len(token) > 128:
        return None
    for case in cases:
        if constant_time_compare(interest_token(opening=opening, case=case), token):
            return case
    return None


def employer_interest_express(
    *, user: Any, opening: Opening, case: Case
) -> tuple[EmployerInterest, bool]:
    """Tell the case's officers that the employer is interested; return (record, created).

    The employer learns nothing about the partner; the officers talk to the
    partner and introduce them if the partner agrees.
    """
    permissions.require(user, "opening.edit", opening)
    employer = opening.institution
    if (
        case.anonymised_at is not None
        or case.status == CaseStatus.CLOSED
        or case.institution_id not in network_peer_ids({employer.pk})
        or not consent.covers(case=case, institution=employer)
    ):
        raise PermissionDenied("profile not shared with this employer")
    existing = EmployerInterest.objects.filter(opening=opening, case=case).first()
    if existing is not None:
        return existing, False
    from dualcareer.cases.selectors import officers_of

    officers = list(case.assigned_officers.filter(is_active=True)) or list(
        officers_of(institution_id=case.institution_id)
    )
    outbox = Outbox()
    with transaction.atomic():
        interest = EmployerInterest.objects.create(opening=opening, case=case, created_by=user)
        audit.log(
            opening,
            "opening.interest_expressed",
            actor=user,
            institution_id=employer.pk,
            data={"opening": opening.public_id, "case": case.public_id},
        )
        for officer in officers:
            outbox.add(
                to=officer.email,
                language=officer.language,
                template="exchange/mail/employer_interest",
                context={
                    "url": _url("exchange:case", case.public_id),
                    "employer": employer,
                    "opening": opening,
                    "case_reference": case.reference,
                },
            )
    outbox.send()
    return interest, True


# --- the partner's own actions on openings -----------------------------------


def _partner_case(user: Any) -> Case:
    """The partner's own current case; PermissionDenied for anyone else."""
    from dualcareer.cases.selectors import case_for_partner

    case = case_for_partner(user=user, log_view=False)
    if case is None:
        raise PermissionDenied("no case of one's own")
    require_case_access(user, "case.view_own", case)
    return case


def _require_visible(user: Any, opening: Opening) -> None:
    if not openings_visible(user=user).filter(pk=opening.pk).exists():
        raise ValidationError({"opening": _("This opening is not available (any more).")})


def _case_officers(case: Case) -> list[User]:
    """The case's active assigned officers, else every officer of its institution."""
    from dualcareer.cases.selectors import officers_of

    return list(case.assigned_officers.filter(is_active=True)) or list(
        officers_of(institution_id=case.institution_id)
    )


def partner_interest_express(*, user: Any, opening: Opening) -> tuple[PartnerInterest, bool]:
    """The partner asks to be introduced for `opening`; return (record, created).

    Idempotent: asking again returns the first request and tells nobody again.
    The case's officers are told by e-mail and see the request on the case.
    """
    case = _partner_case(user)
    existing = PartnerInterest.objects.filter(case=case, opening=opening).first()
    if existing is not None:
        return existing, False
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"opening": _("Your case is closed.")})
    _require_visible(user, opening)
    if Introduction.objects.filter(case=case, opening=opening, withdrawn_at__isnull=True).exists():
        raise ValidationError({"opening": _("You are already introduced for this opening.")})
    outbox = Outbox()
    with transaction.atomic():
        interest = PartnerInterest.objects.create(case=case, opening=opening, created_by=user)
        audit.log(
            interest,
            "opening.partner_interest",
            actor=user,
            institution_id=case.institution_id,
            data={"opening": opening.public_id, "case": case.public_id},
        )
        for officer in _case_officers(case):
            outbox.add(
                to=officer.email,
                language=officer.language,
                template="exchange/mail/partner_interest",
                context={
                    "url": _url("exchange:case", case.public_id),
                    "opening": opening,
                    "employer": opening.institution,
                    "case_reference": case.reference,
                },
                institution_id=case.institution_id,
            )
    outbox.send()
    return interest, True


def opening_save(*, user: Any, opening: Opening) -> tuple[SavedOpening, bool]:
    """Put `opening` on the partner's own list; return (record, created)."""
    case = _partner_case(user)
    existing = SavedOpening.objects.filter(case=case, opening=opening).first()
    if existing is not None:
        return existing, False
    _require_visible(user, opening)
    with transaction.atomic():
        saved = SavedOpening.objects.create(case=case, opening=opening)
        audit.log(
            case,
            "opening.saved",
            actor=user,
            institution_id=case.institution_id,
            data={"opening": opening.public_id},
        )
    return saved, True


def opening_unsave(*, user: Any, opening: Opening) -> bool:
    """Take `opening` off the partner's own list; return whether it was on it."""
    case = _partner_case(user)
    with transaction.atomic():
        deleted, _rows = SavedOpening.objects.filter(case=case, opening=opening).delete()
        if deleted:
            audit.log(
                case,
                "opening.unsaved",
                actor=user,
                institution_id=case.institution_id,
                data={"opening": opening.public_id},
            )
    return bool(deleted)
