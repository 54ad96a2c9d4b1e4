"""The SAML 2.0 service provider (pysaml2; signatures checked by Debian's xmlsec1).

One service provider for the whole platform (one entry in the DFN-AAI):
its entity ID is the metadata URL, and its assertion consumer service
receives the answers of every institution's identity provider. Each
provider is trusted only through the metadata its coordinator pasted: the
assertion must be signed with the certificate in it, be addressed to this
service provider (audience), be fresh (NotOnOrAfter) and answer a request
this platform sent (InResponseTo, single use); an assertion is accepted
once (`SeenAssertion`).
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from dualcareer.sso.models import IdentityProvider

logger = logging.getLogger(__name__)

MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata"
# OIDs of the DFN-AAI attributes, for providers that send names in the uri format.
OIDS = {
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.6": "eduPersonPrincipalName",
    "urn:oid:0.9.2342.19200300.100.1.3": "mail",
    "urn:oid:2.5.4.42": "givenName",
    "urn:oid:2.5.4.4": "sn",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.1": "eduPersonAffiliation",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.9": "eduPersonScopedAffiliation",
}


class SamlError(Exception):
    """A SAML answer that is refused; the message is a short code for the audit log."""


@dataclass
class Claims:
    """What an identity provider said about the person (one protocol or the other)."""

    subject: str
    email: str
    email_verified: bool
    given_name: str = ""
    family_name: str = ""
    affiliations: list[str] = field(default_factory=list)


def sp_entity_id() -> str:
    return settings.SITE_URL + reverse("sso_endpoints:saml_metadata")


def acs_url() -> str:
    return settings.SITE_URL + reverse("sso_endpoints:saml_acs")


def xmlsec_binary() -> str:
    path = getattr(settings, "SSO_XMLSEC_BINARY", "") or shutil.which("xmlsec1")
    if not path:
        raise SamlError("xmlsec1_missing")
    return path


def metadata_entity_id(metadata_xml: str) -> str:
    """Return the entity ID of the identity provider described by `metadata_xml`.

    Raises ValueError when it is not metadata of exactly one SAML identity provider.
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(metadata_xml.strip().encode("utf-8"), parser)
    except etree.XMLSyntaxError as error:
        raise ValueError("not_xml") from error
    if root.tag != f"{{{MD_NS}}}EntityDescriptor":
        raise ValueError("not_entity_descriptor")
    if root.find(f"{{{MD_NS}}}IDPSSODescriptor") is None:
        raise ValueError("not_idp")
    entity_id = root.get("entityID", "")
    if not entity_id:
        raise ValueError("no_entity_id")
    return entity_id


def _config(provider: IdentityProvider | None) -> Any:
    from saml2 import BINDING_HTTP_POST
    from saml2.config import SPConfig

    conf: dict[str, Any] = {
        "entityid": sp_entity_id(),
        "xmlsec_binary": xmlsec_binary(),
        "allow_unknown_attributes": True,
        "accepted_time_diff": getattr(settings, "SSO_SAML_CLOCK_SKEW_SECONDS", 60),
        "service": {
            "sp": {
                "name": "dualcareer",
                "endpoints": {"assertion_consumer_service": [(acs_url(), BINDING_HTTP_POST)]},
                "allow_unsolicited": False,
                "want_assertions_signed": True,
                "want_response_signed": False,
                "authn_requests_signed": False,
                "name_id_format_allow_create": True,
            }
        },
    }
    if provider is not None:
        conf["metadata"] = {"inline": [provider.metadata_xml]}
    config = SPConfig()
    config.load(conf)
    return config


def sp_metadata() -> str:
    """Return this service provider's metadata (XML) for the federation or the IdP operator."""
    from saml2.metadata import entity_descriptor

    return str(entity_descriptor(_config(None)))


def authn_request(provider: IdentityProvider) -> tuple[str, str]:
    """Return the id of a new login request to `provider` and the URL to send the browser to."""
    from saml2 import BINDING_HTTP_REDIRECT
    from saml2.client import Saml2Client

    client = Saml2Client(config=_config(provider))
    request_id, info = client.prepare_for_authenticate(
        entityid=provider.entity_id, binding=BINDING_HTTP_REDIRECT
    )
    location = dict(info["headers"])["Location"]
    return str(request_id), str(location)


def _reason(error: Exception) -> str:
    """Return a short code for a refusal by pysaml2 (for the audit log, without any data)."""
    text = str(error)
    if "AudienceRestriction" in text:
        return "wrong_audience"
    if type(error).__name__ == "SignatureError":
        return "bad_signature"
    if "Condition" in text or type(error).__name__ in ("ResponseLifetimeExceed", "ToEarly"):
        return "not_valid_now"
    return type(error).__name__.lower()[:60]


def _values(ava: dict[str, list[str]], name: str) -> list[str]:
    wanted = {name.lower(), OIDS.get(name, name).lower()}
    for key, values in ava.items():
        if key.lower() in wanted or OIDS.get(key, "").lower() in wanted:
            return [str(v) for v in values]
    return []


def response_parse(
    provider: IdentityProvider, saml_response: str, *, request_id: str
) -> tuple[Claims, str, dt.datetime]:
    """Check a provider's answer (base64 as posted) to request `request_id`.

    Returns the claims, the assertion's id and the time it is valid until.
    Raises SamlError for anything that is not a valid, signed, fresh answer
    addressed to this service provider.
    """
    from saml2 import BINDING_HTTP_POST
    from saml2.client import Saml2Client

    client = Saml2Client(config=_config(provider))
    try:
        response = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={request_id: "/"}
        )
    except Exception as error:  # pysaml2 raises many kinds; every one is a refusal
        reason = _reason(error)
        logger.warning("SAML answer refused: %s", reason)
        raise SamlError(reason) from error
    if response is None or response.assertion is None:
        raise SamlError("no_assertion")
    if response.issuer() != provider.entity_id:
        raise SamlError("wrong_issuer")
    ava = response.ava or {}
    principal = _values(ava, provider.attr_principal)
    emails = _values(ava, provider.attr_email)
    subject = principal[0] if principal else ""
    if not subject:
        raise SamlError("no_principal")
    claims = Claims(
        subject=subject,
        email=(emails[0] if emails else "").strip().lower(),
        # a SAML provider of the institution releases the address it manages
        email_verified=bool(emails),
        given_name=(_values(ava, provider.attr_given_name) or [""])[0],
        family_name=(_values(ava, provider.attr_surname) or [""])[0],
        affiliations=[a.lower() for a in _values(ava, provider.attr_affiliation)],
    )
    not_after = timezone.now() + dt.timedelta(hours=1)
    conditions = response.assertion.conditions
    if conditions is not None and conditions.not_on_or_after:
        from saml2.time_util import str_to_time

        year, month, day, hour, minute, second = str_to_time(conditions.not_on_or_after)[:6]
        not_after = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    return claims, str(response.assertion.id), not_after
