"""Identity providers of member institutions (SAML 2.0, OpenID Connect) and their accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dualcareer.core.models import ChoiceLabelsModel, TimeStampedModel

# Attribute names of the DFN-AAI (friendly names; the OIDs are recognised as well).
DEFAULT_ATTRIBUTES = {
    "attr_principal": "eduPersonPrincipalName",
    "attr_email": "mail",
    "attr_given_name": "givenName",
    "attr_surname": "sn",
    "attr_affiliation": "eduPersonAffiliation",
}


class IdentityProvider(ChoiceLabelsModel, TimeStampedModel):
    """An institution's identity provider: its people log in with their institution's account."""

    class Protocol(models.TextChoices):
        SAML = "saml", _("SAML 2.0 (e.g. Shibboleth, DFN-AAI)")
        OIDC = "oidc", _("OpenID Connect")

    institution = models.ForeignKey(
        "network.Institution", on_delete=models.CASCADE, related_name="identity_providers"
    )
    slug = models.SlugField(
        _("short name in the address"),
        max_length=60,
        unique=True,
        help_text=_("Part of the login address, e.g. rub for /sso/rub/login/."),
    )
    label = models.CharField(
        _("name on the login button"),
        max_length=120,
        help_text=_("For example: Ruhr-Universität Bochum (university account)."),
    )
    protocol = models.CharField(_("protocol"), max_length=8, choices=Protocol.choices)
    is_active = models.BooleanField(_("offered on the login page"), default=False)

    # SAML 2.0
    metadata_xml = models.TextField(
        _("IdP metadata (XML)"),
        blank=True,
        help_text=_(
            "The identity provider's SAML metadata, pasted as XML. Its signing "
            "certificate is what every login is checked against."
        ),
    )
    entity_id = models.CharField(_("IdP entity ID"), max_length=255, blank=True)
    attr_principal = models.CharField(
        _("attribute: unique person identifier"),
        max_length=120,
        default=DEFAULT_ATTRIBUTES["attr_principal"],
    )
    attr_email = models.CharField(
        _("attribute: e-mail address"), max_length=120, default=DEFAULT_ATTRIBUTES["attr_email"]
    )
    attr_given_name = models.CharField(
        _("attribute: first name"), max_length=120, default=DEFAULT_ATTRIBUTES["attr_given_name"]
    )
    attr_surname = models.CharField(
        _("attribute: last name"), max_length=120, default=DEFAULT_ATTRIBUTES["attr_surname"]
    )
    attr_affiliation = models.CharField(
        _("attribute: affiliation"),
        max_length=120,
        default=DEFAULT_ATTRIBUTES["attr_affiliation"],
    )

    # OpenID Connect
    issuer = models.URLField(_("issuer"), blank=True)
    client_id = models.CharField(_("client ID"), max_length=255, blank=True)
    client_secret = models.CharField(_("client secret"), max_length=255, blank=True)
    scopes = models.CharField(_("scopes"), max_length=255, default="openid email profile")

    # Who gets in, and with what
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=255,
        help_text=_(
            "Comma-separated, e.g. rub.de, ruhr-uni-bochum.de. Only addresses in "
            "these domains may log in through this provider."
        ),
    )
    create_users = models.BooleanField(
        _("create an account at the first login"),
        default=True,
        help_text=_(
            "New accounts have no role until an officer or contact of the institution gives one."
        ),
    )
    link_by_email = models.BooleanField(
        _("link to an existing account with the same e-mail address"),
        default=False,
        help_text=_(
            "Only if the provider verifies e-mail addresses: whoever controls the address "
            "at the provider then controls the platform account."
        ),
    )
    employer_affiliations = models.CharField(
        _("affiliations that make a new user an employer contact"),
        max_length=255,
        blank=True,
        help_text=_(
            "Comma-separated values of the affiliation attribute, e.g. staff. "
            "Empty: no role. The officer role is never given this way."
        ),
    )
    mfa_enforced_by_idp = models.BooleanField(
        _("the provider enforces multi-factor login"),
        default=False,
        help_text=_(
            "Then a login through this provider counts as two-factor login and no "
            "second code is asked here. Only tick it if the provider requires a second "
            "factor for every login of these accounts."
        ),
    )

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["entity_id"],
                condition=~models.Q(entity_id=""),
                name="unique_sso_saml_entity_id",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def domain_list(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.split(",") if d.strip()]

    def employer_affiliation_list(self) -> list[str]:
        return [a.strip().lower() for a in self.employer_affiliations.split(",") if a.strip()]


class ExternalIdentity(models.Model):
    """An account at an identity provider (its stable identifier) linked to a user here."""

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="identities"
    )
    subject = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    created = models.DateTimeField(auto_now_add=True)
    last_login = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="unique_sso_subject")
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}:{self.pk}"


class SamlRequest(models.Model):
    """A login request sent to a SAML provider; its answer is accepted once, while fresh.

    Kept in the database, not the session: the provider posts the answer
    from its own site, and a SameSite=Lax session cookie is not sent then.
    """

    request_id = models.CharField(max_length=100, unique=True)
    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE)
    next_url = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    consumed = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.request_id


class SeenAssertion(models.Model):
    """A SAML assertion already used for a login: the same one is refused (replay)."""

    assertion_id = models.CharField(max_length=100, unique=True)
    not_on_or_after = models.DateTimeField()

    def __str__(self) -> str:
        return self.assertion_id
