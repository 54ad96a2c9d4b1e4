"""Writes about applications to join a network or to sign its statement."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.core import audit
from dualcareer.core.mail import send_safely
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


def _check_duplicate(network: Network, data: ApplicationInput, key: str) -> None:
    """Refuse a second application of the same organisation, or one that is already in."""
    open_applications = Application.objects.filter(
        network=network, status__in=Application.OPEN_STATUSES
    )
    if open_applications.filter(name_key=key).exists():
        raise ValidationError(
            {"organisation_name": _("An application of this organisation is already in progress.")}
        )
    if open_applications.filter(contact_email__iexact=data.contact_email).exists():
        raise ValidationError(
            {"contact_email": _("An application with this e-mail address is already in progress.")}
        )
    existing = _existing_institution(key)
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


def _existing_institution(key: str) -> Institution | None:
    for institution in Institution.objects.only("id", "name", "name_en"):
        if key in {name_key(institution.name), name_key(institution.name_en or "")}:
            return institution
    return None


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


def application_submit(*, network: Network, data: ApplicationInput) -> Application:
    """Store an organisation's application and tell the applicant and the coordinators."""
    _validate(data)
    if data.kind == Application.Kind.SIGN and current_version(network) is None:
        raise ValidationError({"kind": _("This network has not published a joint statement.")})
    key = name_key(data.organisation_name)
    with transaction.atomic():
        Network.objects.select_for_update().get(pk=network.pk)
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
        application.save(update_fields=["status", "updated_at"])
        audit.log(application, "application.info_requested", actor=actor, data={})
        url = absolute_url(
            "network:application_reply",
            language=application.contact_language,
            token=application.reply_token,
        )
        transaction.on_commit(
            lambda: _notify_applicant(
                application, "network/mail/application_question", question=question, url=url
            )
        )
    return message


def application_answer(*, application: Application, answer: str) -> ApplicationMessage:
    """Store the applicant's answer (reached by the secret link) and tell the coordinators."""
    if application.status != Application.Status.INFO_REQUESTED:
        raise ValidationError(_("There is no open question about this application."))
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("This field is required.")})
    if len(answer) > MAX_MESSAGE:
        raise ValidationError({"answer": _("The text is too long.")})
    check_plain_fields({"answer": answer})
    with transaction.atomic():
        message = ApplicationMessage.objects.create(
            application=application, author_kind=ApplicationMessage.Author.APPLICANT, text=answer
        )
        application.status = Application.Status.SUBMITTED
        application.save(update_fields=["status", "updated_at"])
        audit.log(application, "application.answered", data={})
        transaction.on_commit(
            lambda: _notify_coordinators(application, "network/mail/application_answered")
        )
    return message


def application_approve(*, application: Application, actor: User) -> Institution:
    """Approve: create (or reuse) the institution, its contact and the contact's account.

    A join makes the institution a member (and a signatory of the current
    statement, if there is one); a signature only signs the statement.
    """
    require_coordinator(actor, "application.decide", application.network)
    network = application.network
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        _require_open(application)
        institution = _existing_institution(application.name_key)
        created_institution = institution is None
        if institution is None:
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
                description_de=application.description
                if application.contact_language == "de"
                else "",
                description_en=application.description
                if application.contact_language == "en"
                else "",
                offers_dual_career_service=application.offers_dual_career_service,
                offers_family_service=application.offers_family_service,
                service_provision=application.service_provision,
                counselling_languages=application.counselling_languages,
            )
            audit.log(institution, "institution.created", actor=actor, data={})
        if not institution.contacts.filter(email__iexact=application.contact_email).exists():
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
        user, new_account = _contact_account(application)
        if not InstitutionRole.objects.filter(
            user=user, institution=institution, role=Role.OFFICER
        ).exists():
            role = InstitutionRole.objects.create(
                user=user, institution=institution, role=Role.OFFICER
            )
            audit.log(
                role,
                "role.granted",
                actor=actor,
                data={"role": Role.OFFICER, "user_id": user.pk, "new_account": new_account},
            )
        version = current_version(network)
        is_member = network.memberships.filter(institution=institution, left_on__isnull=True)
        if application.kind == Application.Kind.JOIN and not is_member.exists():
            membership = NetworkMembership.objects.create(
                network=network, institution=institution, joined_on=timezone.localdate()
            )
            audit.log(
                membership, "membership.started", actor=actor, data={"network_id": network.pk}
            )
        already_signed = (
            version is not None
            and Signature.objects.filter(version=version, institution=institution).exists()
        )
        if version is not None and not already_signed:
            _sign(version=version, institution=institution, actor=actor)
        application.status = Application.Status.APPROVED
        application.institution = institution
        application.decided_by = actor
        application.decided_at = timezone.now()
        application.save()
        audit.log(
            application,
            "application.approved",
            actor=actor,
            data={
                "institution_id": institution.pk,
                "new_institution": created_institution,
                "kind": application.kind,
            },
        )
        link = set_password_url(user) if new_account else ""
        page = absolute_url(
            "network:institution_detail",
            language=application.contact_language,
            slug=institution.slug,
        )
        transaction.on_commit(
            lambda: _notify_applicant(
                application,
                "network/mail/application_approved",
                set_password_url=link,
                institution_url=page,
            )
        )
    return institution


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
        application.save()
        audit.log(application, "application.declined", actor=actor, data={})
        transaction.on_commit(
            lambda: _notify_applicant(application, "network/mail/application_declined")
        )
    return application
