"""Inviting the partner: an e-mail with a one-time link to set a password.

Only a hash of the token is stored; the link expires after
INVITATION_DAYS. Accepting creates the partner's account (kind "partner")
and links it to the case as `partner_user`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dualcareer.accounts.models import User
from dualcareer.cases.models import Case, Invitation
from dualcareer.cases.partner_mail import signature_context
from dualcareer.cases.services import require_case_access
from dualcareer.core import audit
from dualcareer.core.mail import send_on_commit

INVITATION_DAYS = 14


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def partner_invite(*, case: Case, actor: Any, email: str, language: str = "de") -> Invitation:
    """Queue the partner's invitation to create their account; earlier open ones are revoked.

    Also the officers' "send again": a new token, a new e-mail, the old link void.
    """
    require_case_access(actor, "case.edit", case)
    email = email.strip().lower()
    if not email or "@" not in email:
        raise ValidationError({"email": _("Please enter the partner's e-mail address.")})
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Please choose German or English.")})
    if case.partner_user_id is not None:
        raise ValidationError({"email": _("The partner already has an account for this case.")})
    existing = User.objects.filter(email=email).first()
    if existing is not None and not existing.is_partner:
        raise ValidationError(
            {"email": _("This address belongs to a staff account; please use another one.")}
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        now = timezone.now()
        Invitation.objects.filter(
            case=case, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            case=case,
            email=email,
            token_hash=_hash(token),
            language=language,
            expires_at=now + dt.timedelta(days=INVITATION_DAYS),
            invited_by=actor,
        )
        profile = case.profile
        if not profile.email:
            profile.email = email
            profile.save(update_fields=["email", "updated_at"])
        audit.log(
            case,
            "case.partner_invited",
            actor=actor,
            data={"invitation": invitation.pk, "language": language},
        )
        with translation.override(language):
            path = reverse("cases:invitation", kwargs={"token": token})
        context = {
            "link": f"{settings.SITE_URL}{path}",
            "institution": case.institution.name_en
            if language == "en" and case.institution.name_en
            else case.institution.name,
            "days": INVITATION_DAYS,
            "first_name": profile.first_name,
            **signature_context(case=case, language=language),
        }
        send_on_commit(
            to=email,
            language=language,
            template="cases/mail/invitation",
            context=context,
            institution_id=case.institution_id,
            reply_to=context["reply_to"],
        )
    return invitation


def invitation_by_token(*, token: str) -> Invitation | None:
    """Return the usable invitation for `token`, or None (unknown, used, revoked or expired)."""
    if not token or len(token) > 100:
        return None
    invitation = Invitation.objects.filter(token_hash=_hash(token)).select_related("case").first()
    if invitation is None or not invitation.is_usable or invitation.case.anonymised_at:
        return None
    return invitation


def invitation_accept(
    *, token: str, password: str, user: Any = None, language: str | None = None
) -> User:
    """Accept an invitation: create the partner's account (or use the logged-in partner).

    Returns the partner's user. `password` is required for a new account and
    checked against the password validators.
    """
    invitation = invitation_by_token(token=token)
    if invitation is None:
        raise ValidationError(
            {"token": _("This invitation link is no longer valid. Please ask for a new one.")}
        )
    case = invitation.case
    with transaction.atomic():
        # Used up at most once, even by two requests at the same moment.
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(
                {"token": _("This invitation link is no longer valid. Please ask for a new one.")}
            )
        account = User.objects.filter(email=invitation.email).first()
        if account is not None:
            if not account.is_partner:
                raise PermissionDenied("staff account")
            if account.has_usable_password() and (user is None or user.pk != account.pk):
                raise ValidationError(
                    {"token": _("You already have an account. Please log in first.")}
                )
            if not account.has_usable_password():
                password_validation.validate_password(password, account)
                account.set_password(password)
                account.save(update_fields=["password"])
        else:
            profile = case.profile
            account = User(
                email=invitation.email,
                kind=User.Kind.PARTNER,
                first_name=profile.first_name,
                last_name=profile.last_name,
                language=language or invitation.language,
            )
            try:
                password_validation.validate_password(password, account)
            except ValidationError as error:
                raise ValidationError({"password1": error.messages}) from error
            account.set_password(password)
            account.save()
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at", "updated_at"])
        case.partner_user = account
        case.save(update_fields=["partner_user", "updated_at"])
        audit.log(
            case, "case.invitation_accepted", actor=account, data={"invitation": invitation.pk}
        )
    return account
