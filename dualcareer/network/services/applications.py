"""Writes about applications to join a network or to sign its statement."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.core import audit
from dualcareer.core.mail import send_on_commit, send_safely
from dualcareer.network.models import (
    Application,
    ApplicationMessage,
    Contact,
    CounsellingLanguage,
    Institution,
    Network,
    NetworkMembership,
    Sector,
    ServiceProvision,
    Signature,
)
from dualcareer.network.selectors import institution_matching
from dualcareer.network.services._common import (
    absolute_url,
    coordinators_of,
    require_coordinator,
    set_password_url,
    unique_slug,
)
from dualcareer.network.services.statements import _sign, current_version
from dualcareer.network.validation import (
    check_plain_fields,
    name_key,
    plain_text_errors,
    validate_german_postcode,
)

MAX_DESCRIPTION = 2000
MAX_MESSAGE = 3000
# How long the applicant's link to answer a question works.
REPLY_LINK_VALIDITY = dt.timedelta(days=30)


@dataclass(frozen=True)
class ApplicationInput:
    """What an organisation enters in the online application."""

    kind: str
    organisation_name: str
    sector: str
    postcode: str
    city: str
    contact_name: str
    contact_email: str
    accepts_standards: bool
    street: str = ""
    website: str = ""
    description: str = ""
    offers_dual_career_service: bool = False
    offers_family_service: bool = False
    service_provision: str = ""
    counselling_languages: list[str] = field(default_factory=list)
    contact_position: str = ""
    contact_phone: str = ""
    contact_language: str = "de"
    message: str = ""


def _validate(data: ApplicationInput) -> None:
    errors = plain_text_errors(asdict(data))
    for name in ("organisation_name", "city", "contact_name", "contact_email"):
        if not getattr(data, name).strip() and name not in errors:
            errors[name] = _("This field is required.")
    if data.kind not in Application.Kind.values:
        errors["kind"] = _("Choose one of the options.")
    if data.sector not in Sector.values:
        errors["sector"] = _("Choose one of the options.")
    if data.service_provision and data.service_provision not in ServiceProvision.values:
        errors["service_provision"] = _("Choose one of the options.")
    if any(code not in CounsellingLanguage.values for code in data.counselling_languages):
        errors["counselling_languages"] = _("Choose one of the options.")
    if not data.accepts_standards:
        errors["accepts_standards"] = _(
            "Members follow the network's quality standards and ethical guidelines; "
            "please confirm this."
        )
    if len(data.description) > MAX_DESCRIPTION:
        errors["description"] = _("The text is too long.")
    if len(data.message) > MAX_MESSAGE:
        errors["message"] = _("The text is too long.")
    try:
        validate_german_postcode(data.postcode)
    except ValidationError as error:
        errors.setdefault("postcode", error.messages[0])
    if errors:
        raise ValidationError(errors)


def _open_application_of_address(network: Network, email: str) -> Application | None:
    """Return the open application to `network` with the contact address `email`, if any."""
    return (
        Application.objects.filter(network=network, status__in=Application.OPEN_STATUSES)
        .filter(contact_email__iexact=email.strip())
        .first()
    )


def _check_duplicate(network: Network, data: ApplicationInput, key: str) -> None:
    """Refuse a second application of the same organisation, or one that is already in.

    (A second application from the same address is handled before, without a
    message: see `application_submit`.)
    """
    open_applications = Application.objects.filter(
        network=network, status__in=Application.OPEN_STATUSES
    )
    if open_applications.filter(name_key=key).exists():
        raise ValidationError(
            {"organisation_name": _("An application of this organisation is already in progress.")}
        )
    existing = institution_matching(name_key=key)
    if existing is None:
        return
    is_member = network.memberships.current().filter(institution=existing).exists()
    version = current_version(network)
    has_signed = (
        version is not None
        and Signature.objects.filter(
            version=version, institution=existing, withdrawn_on__isnull=True
        ).exists()
    )
    if is_member or (data.kind == Application.Kind.SIGN and has_signed):
        raise ValidationError(
            {
                "organisation_name": _(
                    "This organisation is already a member or signatory of the network."
                )
            }
        )


def _notify_coordinators(application: Application, template: str) -> None:
    for user in coordinators_of(application.network):
        url = absolute_url(
            "network:application_detail", language=user.language, public_id=application.public_id
        )
        send_safely(
            to=user.email,
            language=user.language,
            template=template,
            context={"application": application, "url": url},
        )


def _notify_applicant(application: Application, template: str, **extra: object) -> None:
    send_safely(
        to=application.contact_email,
        language=application.contact_language,
        template=template,
        context={"application": application, **extra},
    )


def application_submit(*, network: Network, data: ApplicationInput) -> Application | None:
    """Store an organisation's application and tell the applicant and the coordinators.

    If the address already has an open application to `network`, nothing is
    stored and None is returned; the address's owner is told by e-mail. The
    caller answers as for a stored application, so that a visitor cannot
    learn which addresses have applied.
    """
    _validate(data)
    if data.kind == Application.Kind.SIGN and current_version(network) is None:
        raise ValidationError({"kind": _("This network has not published a joint statement.")})
    key = name_key(data.organisation_name)
    with transaction.atomic():
        Network.objects.select_for_update().get(pk=network.pk)
        pending = _open_application_of_address(network, data.contact_email)
        if pending is not None:
            audit.log(
                pending,
                "application.resubmission_refused",
                institution_id=network.coordinating_institution_id,
                data={"network_id": network.pk, "kind": data.kind},
            )
            transaction.on_commit(
                lambda: _notify_applicant(pending, "network/mail/application_pending")
            )
            return None
        _check_duplicate(network, data, key)
        values = asdict(data)
        values["contact_email"] = values["contact_email"].strip().lower()
        application = Application.objects.create(network=network, name_key=key, **values)
        audit.log(
            application,
            "application.submitted",
            institution_id=network.coordinating_institution_id,
            data={"network_id": network.pk, "kind": data.kind},
        )
        transaction.on_commit(lambda: _after_submit(application))
    return application


def _after_submit(application: Application) -> None:
    _notify_applicant(application, "network/mail/application_received")
    _notify_coordinators(application, "network/mail/application_new")


def _require_open(application: Application) -> None:
    if not application.is_open:
        raise ValidationError(_("This application has already been decided."))


def application_ask(*, application: Application, actor: User, question: str) -> ApplicationMessage:
    """Ask the applicant a question; the application waits for the answer."""
    require_coordinator(actor, "application.decide", application.network)
    _require_open(application)
    question = question.strip()
    if not question:
        raise ValidationError({"question": _("This field is required.")})
    if len(question) > MAX_MESSAGE:
        raise ValidationError({"question": _("The text is too long.")})
    check_plain_fields({"question": question})
    with transaction.atomic():
        message = ApplicationMessage.objects.create(
            application=application,
            author_kind=ApplicationMessage.Author.COORDINATOR,
            author=actor,
            text=question,
        )
        application.status = Application.Status.INFO_REQUESTED
        # A fresh link for each question; an earlier question's link stops working.
        valid_until = timezone.now() + REPLY_LINK_VALIDITY
        application.renew_reply_token(valid_until=valid_until)
        application.save(
            update_fields=["status", "reply_token", "reply_token_expires_at", "updated_at"]
        )
        audit.log(application, "application.info_requested", actor=actor, data={})
        url = absolute_url(
            "network:application_reply",
            language=application.contact_language,
            token=application.reply_token,
        )
        transaction.on_commit(
            lambda: _notify_applicant(
                application,
                "network/mail/application_question",
                question=question,
                url=url,
                valid_until=valid_until,
            )
        )
    return message


def application_answer(*, application: Application, answer: str) -> ApplicationMessage:
    """Store the applicant's answer (reached by the secret link) and tell the coordinators.

    The link serves once: the answer replaces the token, so the link stops
    working. An expired link is refused.
    """
    if not application.reply_link_is_valid:
        raise ValidationError(_("There is no open question about this application."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("This field is required.")})
    if len(answer) > MAX_MESSAGE:
        raise ValidationError({"answer": _("The text is too long.")})
    check_plain_fields({"answer": answer})
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if not locked.reply_link_is_valid or locked.reply_token != application.reply_token:
            raise ValidationError(_("There is no open question about this application."))
        message = ApplicationMessage.objects.create(
            application=locked, author_kind=ApplicationMessage.Author.APPLICANT, text=answer
        )
        locked.status = Application.Status.SUBMITTED
        locked.renew_reply_token()
        locked.save(update_fields=["status", "reply_token", "reply_token_expires_at", "updated_at"])
        audit.log(locked, "application.answered", data={})
        transaction.on_commit(
            lambda: _notify_coordinators(locked, "network/mail/application_answered")
        )
    return message


def application_approve(
    *,
    application: Application,
    actor: User,
    role: str,
    attach_to: Institution | None = None,
) -> Institution:
    """Approve: create the institution, its contact and (with `role`) the contact's account.

    A registered institution with the same name (say, a former member) is
    used only if the coordinator confirmed it after a warning (`attach_to`
    must be that institution); otherwise approving is refused. The contact
    person gets `role` ("" for none, then no account either), which must be
    one the start-up rule lets a coordinator give
    (`permissions.coordinator_may_grant`): the officer role only to an
    organisation with a Dual Career service, and at an existing institution
    no role while it has people who could give it or keeps partner data: its
    own officers decide (they are told by e-mail). Nobody gets a role through
    their own application.

    A join makes the institution a member (and a signatory of the current
    statement, if there is one); a signature only signs the statement.
    """
    require_coordinator(actor, "application.decide", application.network)
    if role and role not in permissions.ROLE_GRANTORS:
        raise ValidationError({"role": _("Choose one of the options.")})
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _require_open(application)
        institution = _confirmed_existing(application, attach_to)
        created_institution = institution is None
        organisation = institution if institution is not None else application
        if role and not permissions.coordinator_may_grant(
            institution, role, organisation=organisation
        ):
            raise ValidationError(
                {"role": _("This role cannot be given to the contact person here.")}
            )
        if role and application.contact_email.strip().lower() == actor.email.lower():
            raise ValidationError({"role": _("You cannot give yourself a role.")})
        if institution is None:
            institution = _create_institution(application, actor)
        _add_contact(institution, application)
        user, new_account = _grant_contact_role(application, institution, role, actor)
        _join_and_sign(application, institution, actor)
        application.status = Application.Status.APPROVED
        application.institution = institution
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.renew_reply_token()
        application.save()
        audit.log(
            application,
            "application.approved",
            actor=actor,
            data={
                "institution_id": institution.pk,
                "new_institution": created_institution,
                "kind": application.kind,
                "role": role or "none",
            },
        )
        link = set_password_url(user) if user is not None and new_account else ""
        page = absolute_url(
            "network:institution_detail",
            language=application.contact_language,
            slug=institution.slug,
        )
        approved = application
        transaction.on_commit(
            lambda: _notify_applicant(
                approved,
                "network/mail/application_approved",
                set_password_url=link,
                institution_url=page,
                has_role=bool(role),
            )
        )
        if not created_institution:
            _notify_institution_of_attachment(approved, institution)
    return institution


def _confirmed_existing(
    application: Application, attach_to: Institution | None
) -> Institution | None:
    """Return the registered institution to attach to; refuse one not confirmed."""
    existing = institution_matching(name_key=application.name_key)
    if existing is None:
        if attach_to is not None:
            raise ValidationError(
                {
                    "confirm_existing": _(
                        "No registered institution has this name any more. Please check again."
                    )
                }
            )
        return None
    if attach_to is None or attach_to.pk != existing.pk:
        raise ValidationError(
            {
                "confirm_existing": _(
                    "An institution with this name is already registered. Check that the "
                    "applicant belongs to it, then confirm attaching the application to it."
                )
            }
        )
    return Institution.objects.select_for_update().get(pk=existing.pk)


def _create_institution(application: Application, actor: User) -> Institution:
    place = validate_german_postcode(application.postcode)
    institution = Institution.objects.create(
        name=application.organisation_name,
        slug=unique_slug(application.organisation_name),
        sector=application.sector,
        street=application.street,
        postcode=application.postcode,
        city=application.city,
        latitude=place.latitude,
        longitude=place.longitude,
        website=application.website,
        description_de=application.description if application.contact_language == "de" else "",
        description_en=application.description if application.contact_language == "en" else "",
        offers_dual_career_service=application.offers_dual_career_service,
        offers_family_service=application.offers_family_service,
        service_provision=application.service_provision,
        counselling_languages=application.counselling_languages,
    )
    audit.log(institution, "institution.created", actor=actor, data={})
    return institution


def _add_contact(institution: Institution, application: Application) -> None:
    if institution.contacts.filter(email__iexact=application.contact_email).exists():
        return
    Contact.objects.create(
        institution=institution,
        name=application.contact_name,
        position=application.contact_position,
        email=application.contact_email,
        phone=application.contact_phone,
        is_dual_career_contact=not institution.contacts.filter(
            is_dual_career_contact=True
        ).exists(),
    )


def _grant_contact_role(
    application: Application, institution: Institution, role: str, actor: User
) -> tuple[User | None, bool]:
    """Give the contact person `role` (creating their account); return the account and if new."""
    if not role:
        return None, False
    user, new_account = _contact_account(application)
    if not InstitutionRole.objects.filter(user=user, institution=institution, role=role).exists():
        granted = InstitutionRole.objects.create(user=user, institution=institution, role=role)
        audit.log(
            granted,
            "role.granted",
            actor=actor,
            data={
                "role": role,
                "user_id": user.pk,
                "new_account": new_account,
                "by_coordinator": True,
            },
        )
    return user, new_account


def _join_and_sign(application: Application, institution: Institution, actor: User) -> None:
    network = application.network
    version = current_version(network)
    is_member = network.memberships.filter(institution=institution, left_on__isnull=True)
    if application.kind == Application.Kind.JOIN and not is_member.exists():
        membership = NetworkMembership.objects.create(
            network=network, institution=institution, joined_on=timezone.localdate()
        )
        audit.log(membership, "membership.started", actor=actor, data={"network_id": network.pk})
    already_signed = (
        version is not None
        and Signature.objects.filter(version=version, institution=institution).exists()
    )
    if version is not None and not already_signed:
        _sign(version=version, institution=institution, actor=actor)


def _notify_institution_of_attachment(application: Application, institution: Institution) -> None:
    """Tell an existing institution's officers and employer contacts of the attachment."""
    holders = (
        InstitutionRole.objects.filter(
            institution=institution,
            role__in=[Role.OFFICER, Role.EMPLOYER],
            user__is_active=True,
        )
        .select_related("user")
        .order_by("user_id")
    )
    recipients = {holder.user.pk: holder.user for holder in holders}
    for user in recipients.values():
        users_url = absolute_url(
            "network:institution_users", language=user.language, slug=institution.slug
        )
        send_on_commit(
            to=user.email,
            language=user.language,
            template="network/mail/application_attached",
            context={"application": application, "institution": institution, "url": users_url},
        )


def _contact_account(application: Application) -> tuple[User, bool]:
    user = User.objects.filter(email__iexact=application.contact_email).first()
    if user is not None:
        if user.is_partner:
            raise ValidationError(
                _("The contact's e-mail address belongs to a partner's account; ask for another.")
            )
        return user, False
    first, _sep, last = application.contact_name.strip().rpartition(" ")
    user = User(
        email=application.contact_email.lower(),
        first_name=first or last,
        last_name=last if first else "",
        language=application.contact_language,
    )
    user.set_unusable_password()
    user.save()
    return user, True


def application_decline(*, application: Application, actor: User, reason: str) -> Application:
    """Decline with a reason that the applicant receives by e-mail."""
    require_coordinator(actor, "application.decide", application.network)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please give a reason; the applicant receives it.")})
    if len(reason) > MAX_MESSAGE:
        raise ValidationError({"reason": _("The text is too long.")})
    check_plain_fields({"reason": reason})
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _require_open(application)
        application.status = Application.Status.DECLINED
        application.decision_reason = reason
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.renew_reply_token()
        application.save()
        audit.log(application, "application.declined", actor=actor, data={})
        transaction.on_commit(
            lambda: _notify_applicant(application, "network/mail/application_declined")
        )
    return application
