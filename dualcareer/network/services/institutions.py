"""Writes about member institutions: profile, contacts, users, leaving a network."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, User
from dualcareer.core import audit
from dualcareer.core.mail import send_on_commit
from dualcareer.network.models import (
    Contact,
    CounsellingLanguage,
    Institution,
    NetworkMembership,
    ServiceProvision,
    Signature,
)
from dualcareer.network.services._common import (
    absolute_url,
    may_end_membership,
    set_password_url,
)
from dualcareer.network.validation import check_plain_fields, validate_german_postcode

PROFILE_FIELDS = (
    "name_en",
    "short_name",
    "street",
    "postcode",
    "city",
    "website",
    "description_de",
    "description_en",
    "offers_dual_career_service",
    "offers_family_service",
    "service_provision",
    "counselling_languages",
)


def _check_services(values: dict[str, Any]) -> None:
    provision = values.get("service_provision", "")
    if provision and provision not in ServiceProvision.values:
        raise ValidationError({"service_provision": _("Choose one of the options.")})
    languages = values.get("counselling_languages") or []
    if any(code not in CounsellingLanguage.values for code in languages):
        raise ValidationError({"counselling_languages": _("Choose one of the options.")})


def institution_profile_update(
    *, institution: Institution, actor: User, values: dict[str, Any]
) -> Institution:
    """Update the public profile and services of `institution`; return it."""
    permissions.require(actor, "institution.edit", institution)
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    check_plain_fields(values)
    _check_services(values)
    if values.get("postcode", institution.postcode):
        try:
            place = validate_german_postcode(values.get("postcode", institution.postcode))
        except ValidationError as error:
            raise ValidationError({"postcode": error.messages}) from error
    else:
        place = None
    with transaction.atomic():
        locked = Institution.objects.select_for_update().get(pk=institution.pk)
        changed = [field for field, value in values.items() if getattr(locked, field) != value]
        for field, value in values.items():
            setattr(locked, field, value)
        if "postcode" in changed:
            locked.latitude = place.latitude if place else None
            locked.longitude = place.longitude if place else None
        locked.full_clean()
        locked.save()
        if changed:
            audit.log(
                locked, "institution.profile_updated", actor=actor, data={"fields": sorted(changed)}
            )
    return locked


def contact_save(
    *, institution: Institution, actor: User, values: dict[str, Any], contact: Contact | None = None
) -> Contact:
    """Create a contact of `institution`, or update `contact`; return it.

    Marking a contact as the Dual Career contact unmarks the previous one:
    the directory shows one contact per institution.
    """
    permissions.require(actor, "institution.edit", institution)
    if contact is not None and contact.institution_id != institution.pk:
        raise ValueError("contact belongs to another institution")
    check_plain_fields(values)
    with transaction.atomic():
        target = contact or Contact(institution=institution)
        for field in ("name", "position", "email", "phone", "is_dual_career_contact"):
            if field in values:
                setattr(target, field, values[field])
        target.full_clean()
        if target.is_dual_career_contact:
            Contact.objects.filter(institution=institution, is_dual_career_contact=True).exclude(
                pk=target.pk
            ).update(is_dual_career_contact=False)
        created = target.pk is None
        target.save()
        audit.log(
            target,
            "contact.created" if created else "contact.updated",
            actor=actor,
            data={"dual_career_contact": target.is_dual_career_contact},
        )
    return target


def contact_delete(*, contact: Contact, actor: User) -> None:
    """Delete a contact person of an institution."""
    permissions.require(actor, "institution.edit", contact.institution)
    with transaction.atomic():
        audit.log(contact, "contact.deleted", actor=actor, data={"contact_id": contact.pk})
        contact.delete()


def institution_user_add(
    *,
    institution: Institution,
    actor: User,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    language: str,
) -> InstitutionRole:
    """Give a person a role at `institution`, creating their account if needed.

    Who may give which role is `permissions.may_grant_role` (the institution's
    own officers; a coordinator only for the first holder at a member without
    one and without partner data; nobody to themselves). A new account gets
    no password; the person receives a link to choose one. The institution's
    other holders of a granting role are told by e-mail, so a grant nobody
    expected is noticed.
    """
    if not permissions.may_manage_users(actor, institution):
        raise PermissionDenied("institution.manage_users")
    if role not in permissions.ROLE_GRANTORS:
        raise ValidationError({"role": _("Choose one of the options.")})
    check_plain_fields({"first_name": first_name, "last_name": last_name})
    email = email.strip().lower()
    if email == actor.email.lower():
        raise ValidationError({"email": _("You cannot give yourself a role.")})
    with transaction.atomic():
        # Serialise grants at one institution, so the start-up rule holds once.
        institution = Institution.objects.select_for_update().get(pk=institution.pk)
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and user.is_partner:
            raise ValidationError(
                {"email": _("This address belongs to a partner's account and cannot get a role.")}
            )
        if not permissions.may_grant_role(actor, institution, role, grantee=user):
            raise ValidationError({"role": _("You may not give this role at this institution.")})
        if (
            user is not None
            and InstitutionRole.objects.filter(
                user=user, institution=institution, role=role
            ).exists()
        ):
            raise ValidationError({"email": _("This person already has this role here.")})
        created = user is None
        if user is None:
            user = User(email=email, first_name=first_name, last_name=last_name, language=language)
            user.set_unusable_password()
            user.save()
        granted = InstitutionRole.objects.create(user=user, institution=institution, role=role)
        audit.log(
            granted,
            "role.granted",
            actor=actor,
            data={
                "role": role,
                "user_id": user.pk,
                "new_account": created,
                "by_coordinator": not _holds_granting_role(actor, institution, role),
            },
        )
        send_on_commit(
            to=user.email,
            language=user.language,
            template="network/mail/role_granted",
            context={
                "institution": institution,
                "role": granted,
                "set_password_url": set_password_url(user) if created else "",
            },
        )
        _notify_grantors(granted, actor=actor)
    return granted


def _holds_granting_role(user: User, institution: Institution, role: str) -> bool:
    return InstitutionRole.objects.filter(
        user=user, institution=institution, role__in=permissions.ROLE_GRANTORS[role]
    ).exists()


def _notify_grantors(granted: InstitutionRole, *, actor: User) -> None:
    """Tell the institution's other holders of a granting role of a new role (their language)."""
    holders = (
        InstitutionRole.objects.filter(
            institution_id=granted.institution_id,
            role__in=permissions.ROLE_GRANTORS[granted.role],
            user__is_active=True,
        )
        .exclude(user_id__in=[actor.pk, granted.user_id])
        .select_related("user")
    )
    recipients = {holder.user.pk: holder.user for holder in holders}
    for recipient in recipients.values():
        send_on_commit(
            to=recipient.email,
            language=recipient.language,
            template="network/mail/role_granted_notice",
            context={
                "institution": granted.institution,
                "role": granted,
                "grantee": granted.user,
                "actor": actor,
                "users_url": absolute_url(
                    "network:institution_users",
                    language=recipient.language,
                    slug=granted.institution.slug,
                ),
            },
        )


def institution_role_revoke(*, role: InstitutionRole, actor: User) -> None:
    """Take a role at an institution away from a user (the account stays).

    Who may is `permissions.may_revoke_role`: not one's own role.
    """
    if role.user_id == actor.pk:
        raise ValidationError(_("You cannot remove your own role."))
    if not permissions.may_revoke_role(actor, role):
        raise PermissionDenied("institution.manage_users")
    with transaction.atomic():
        audit.log(
            role,
            "role.revoked",
            actor=actor,
            data={"role": role.role, "user_id": role.user_id},
        )
        role.delete()


def membership_leave(
    *, membership: NetworkMembership, actor: User, left_on: Any = None
) -> NetworkMembership:
    """End a membership; the institution's signatures in that network are marked withdrawn.

    Nothing is deleted: the directory shows the institution as a former member
    with its dates, and the statement page shows its former signature.
    """
    if not may_end_membership(actor, membership):
        raise PermissionDenied("membership.leave")
    left_on = left_on or timezone.localdate()
    if membership.left_on is not None:
        raise ValidationError(_("This membership has already ended."))
    if left_on < membership.joined_on:
        raise ValidationError({"left_on": _("The end cannot be before the start.")})
    with transaction.atomic():
        membership.left_on = left_on
        membership.save(update_fields=["left_on", "updated_at"])
        withdrawn = Signature.objects.filter(
            institution_id=membership.institution_id,
            version__network_id=membership.network_id,
            withdrawn_on__isnull=True,
        ).update(withdrawn_on=left_on)
        audit.log(
            membership,
            "membership.ended",
            actor=actor,
            data={"network_id": membership.network_id, "signatures_withdrawn": withdrawn},
        )
    return membership
