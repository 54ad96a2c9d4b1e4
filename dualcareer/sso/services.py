"""Writes of single sign-on: providers configured by the coordinator, logins through them."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dualcareer.accounts import permissions
from dualcareer.accounts.models import InstitutionRole, Role, User
from dualcareer.core import audit
from dualcareer.network.models import Institution
from dualcareer.openings.fetching import resolves_to_public
from dualcareer.sso import saml
from dualcareer.sso.models import ExternalIdentity, IdentityProvider, SamlRequest, SeenAssertion
from dualcareer.sso.saml import Claims

PROVIDER_FIELDS = (
    "slug",
    "label",
    "protocol",
    "is_active",
    "metadata_xml",
    "attr_principal",
    "attr_email",
    "attr_given_name",
    "attr_surname",
    "attr_affiliation",
    "issuer",
    "client_id",
    "client_secret",
    "scopes",
    "email_domains",
    "create_users",
    "link_by_email",
    "employer_affiliations",
    "mfa_enforced_by_idp",
)
SAML_REQUEST_MAX_AGE = dt.timedelta(minutes=10)

# The audit pages' names of this app's actions (added to core.audit_labels).
AUDIT_LABELS = {
    "sso.provider_created": gettext_lazy("Identity provider added"),
    "sso.provider_changed": gettext_lazy("Identity provider changed"),
    "sso.login": gettext_lazy("Logged in through the institution"),
    "sso.login_refused": gettext_lazy("Login through the institution refused"),
    "sso.user_created": gettext_lazy("Account created at the first login through the institution"),
    "sso.account_linked": gettext_lazy("Account linked to the institution's login"),
    "sso.role_granted": gettext_lazy("Role given by a rule of the identity provider"),
}


class LoginRefused(Exception):
    """A login through a provider that is refused; the message is a short code (audit log)."""


def _issuer_is_private(issuer: str) -> bool:
    """Whether the issuer's host is, or resolves to, a private or local address.

    A name that does not resolve (yet) is not refused here: the login then
    reports the provider unreachable. The connection itself is checked again
    at every login (`oidc._session`), whatever the name resolves to then.
    """
    host = urlsplit(issuer).hostname
    if not host:
        return False  # not a URL: the form's own check names that
    return resolves_to_public(host, 443) is False


def _check(provider: IdentityProvider) -> None:
    errors: dict[str, str] = {}
    if provider.protocol == IdentityProvider.Protocol.SAML:
        if not provider.metadata_xml.strip():
            errors["metadata_xml"] = _("Paste the identity provider's metadata.")
        else:
            try:
                provider.entity_id = saml.metadata_entity_id(provider.metadata_xml)
            except ValueError:
                errors["metadata_xml"] = _(
                    "This is not the SAML metadata of one identity provider "
                    "(an EntityDescriptor with an IDPSSODescriptor)."
                )
        if not provider.attr_principal.strip():
            errors["attr_principal"] = _("Name the attribute that identifies a person.")
    else:
        provider.entity_id = ""
        if not provider.issuer:
            errors["issuer"] = _("Enter the issuer URL of the provider.")
        elif not settings.SSO_ALLOW_PRIVATE_HOSTS and _issuer_is_private(provider.issuer):
            errors["issuer"] = _(
                "This address points to a private or local network, which the server "
                "does not call. Enter the provider's public address (or ask the "
                "operator to allow private providers: SSO_ALLOW_PRIVATE_HOSTS)."
            )
        if not provider.client_id:
            errors["client_id"] = _("Enter the client ID.")
        if "openid" not in provider.scopes.split():
            errors["scopes"] = _("The scopes must include openid.")
    if not provider.domain_list():
        errors["email_domains"] = _("Enter at least one e-mail domain.")
    if errors:
        raise ValidationError(errors)


def provider_save(
    *,
    actor: User,
    institution: Institution,
    values: dict[str, Any],
    provider: IdentityProvider | None = None,
) -> IdentityProvider:
    """Create or change `institution`'s identity provider (coordinators only); audited."""
    permissions.require(actor, "sso.manage", institution)
    created = provider is None
    if provider is None:
        provider = IdentityProvider(institution=institution)
    elif provider.institution_id != institution.pk:
        raise ValidationError(_("This provider belongs to another institution."))
    if not values.get("client_secret") and not created:
        values = {**values, "client_secret": provider.client_secret}  # blank keeps the secret
    changed = sorted(
        name for name in PROVIDER_FIELDS if getattr(provider, name) != values.get(name)
    )
    for name in PROVIDER_FIELDS:
        if name in values:
            setattr(provider, name, values[name])
    _check(provider)
    try:
        with transaction.atomic():
            provider.save()
            audit.log(
                provider,
                "sso.provider_created" if created else "sso.provider_changed",
                actor=actor,
                institution_id=institution.pk,
                data={"protocol": provider.protocol, "fields": changed},
            )
    except IntegrityError as error:
        raise ValidationError(
            {"slug": _("This short name or IdP entity ID is in use by another provider.")}
        ) from error
    return provider


def saml_request_record(*, provider: IdentityProvider, request_id: str, next_url: str) -> None:
    """Remember a login request sent to a SAML provider (its answer is accepted once)."""
    SamlRequest.objects.filter(created__lt=timezone.now() - SAML_REQUEST_MAX_AGE).delete()
    SamlRequest.objects.create(provider=provider, request_id=request_id, next_url=next_url)


def saml_answer_consume(*, saml_response: str) -> tuple[User, IdentityProvider, str]:
    """Check a SAML answer and log its person in; return the user, the provider and where to go.

    Raises LoginRefused (with an audit entry) for any refused answer.
    """
    request_id = _in_response_to(saml_response)
    with transaction.atomic():
        pending = (
            SamlRequest.objects.select_for_update()
            .select_related("provider")
            .filter(
                request_id=request_id,
                consumed__isnull=True,
                created__gte=timezone.now() - SAML_REQUEST_MAX_AGE,
                provider__is_active=True,
            )
            .first()
        )
        if pending is not None:
            pending.consumed = timezone.now()
            pending.save(update_fields=["consumed"])
    if pending is None:
        _refused(None, "unknown_request")
        raise LoginRefused("unknown_request")
    provider = pending.provider
    try:
        claims, assertion_id, not_after = saml.response_parse(
            provider, saml_response, request_id=request_id
        )
    except saml.SamlError as error:
        _refused(provider, str(error))
        raise LoginRefused(str(error)) from error
    try:
        with transaction.atomic():
            SeenAssertion.objects.filter(not_on_or_after__lt=timezone.now()).delete()
            SeenAssertion.objects.create(assertion_id=assertion_id, not_on_or_after=not_after)
    except IntegrityError as error:
        _refused(provider, "replayed")
        raise LoginRefused("replayed") from error
    user = login_complete(provider=provider, claims=claims)
    return user, provider, pending.next_url


def _in_response_to(saml_response: str) -> str:
    """Return the InResponseTo of a posted answer (not yet trusted: only to find the request)."""
    import base64

    from defusedxml import ElementTree

    try:
        root = ElementTree.fromstring(base64.b64decode(saml_response, validate=False))
    except Exception as error:  # not base64, not XML, or XML with entities: all refused
        _refused(None, "not_saml")
        raise LoginRefused("not_saml") from error
    return str(root.get("InResponseTo", ""))[:100]


def login_refused_record(*, provider: IdentityProvider, reason: str) -> None:
    """Write the audit entry of a login the provider's answer did not allow."""
    _refused(provider, reason)


def _refused(provider: IdentityProvider | None, reason: str) -> None:
    with transaction.atomic():
        audit.log(
            provider,
            "sso.login_refused",
            institution_id=provider.institution_id if provider else None,
            data={"reason": reason.lower()[:64]},
        )


def login_complete(*, provider: IdentityProvider, claims: Claims) -> User:
    """Return the account for the person the provider vouched for (linked or created).

    Linking to an existing account by e-mail address only when the provider
    is set to do so, the address was verified by the provider and lies in
    its domains; never for partners' accounts or administrators.
    """
    if not provider.is_active:
        _refused(provider, "provider_inactive")
        raise LoginRefused("provider_inactive")
    domain = claims.email.rpartition("@")[2]
    if not claims.email or domain not in provider.domain_list():
        _refused(provider, "email_domain")
        raise LoginRefused("email_domain")
    try:
        return _login_complete(provider, claims)
    except LoginRefused as error:
        _refused(provider, str(error))
        raise


def _login_complete(provider: IdentityProvider, claims: Claims) -> User:
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_related("user")
            .filter(provider=provider, subject=claims.subject)
            .first()
        )
        data = {"provider": provider.pk, "protocol": provider.protocol}
        if identity is not None:
            user = identity.user
        else:
            user, linked = _link_or_create(provider, claims)
            identity = ExternalIdentity.objects.create(
                provider=provider, subject=claims.subject, user=user
            )
            audit.log(
                user,
                "sso.account_linked" if linked else "sso.user_created",
                actor=user,
                institution_id=provider.institution_id,
                data=data,
            )
        if not user.is_active:
            raise LoginRefused("inactive")
        identity.last_login = timezone.now()
        identity.save(update_fields=["last_login"])
        audit.log(user, "sso.login", actor=user, institution_id=provider.institution_id, data=data)
    return user


def _link_or_create(provider: IdentityProvider, claims: Claims) -> tuple[User, bool]:
    """Return the existing account to link (True) or a new one (False), or refuse."""
    existing = User.objects.filter(email__iexact=claims.email).first()
    if existing is not None:
        if not (provider.link_by_email and claims.email_verified):
            raise LoginRefused("account_exists")
        if existing.is_partner or existing.is_superuser or existing.is_staff:
            raise LoginRefused("account_not_linkable")
        # The e-mail domains are typed by the coordinator and not proven to be the
        # institution's: never hand over an account with a role at another institution.
        if (
            InstitutionRole.objects.filter(user=existing)
            .exclude(institution_id=provider.institution_id)
            .exists()
        ):
            raise LoginRefused("account_not_linkable")
        return existing, True
    if not provider.create_users:
        raise LoginRefused("no_account")
    user = User.objects.create_user(
        email=claims.email,
        password=None,  # unusable: this account logs in through its institution
        first_name=claims.given_name[:150],
        last_name=claims.family_name[:150],
    )
    granted = set(claims.affiliations) & set(provider.employer_affiliation_list())
    if granted:
        InstitutionRole.objects.create(
            user=user, institution_id=provider.institution_id, role=Role.EMPLOYER
        )
        audit.log(
            user,
            "sso.role_granted",
            institution_id=provider.institution_id,
            data={"role": Role.EMPLOYER, "provider": provider.pk},
        )
    return user, False
