"""An OpenID Connect client (authorization code flow with PKCE), one per institution.

A small client on `joserfc` rather than a library that keeps one provider
in the settings: every institution brings its own issuer, client and keys.
The provider's endpoints and keys come from its discovery document; the ID
token must be signed with one of its keys (RS256/ES256/PS256; never "none"
or a shared-secret algorithm), issued by the configured issuer, addressed
to our client, unexpired and carry the nonce of this login.

Every call to the provider goes through `requests-hardened`: the host name
is resolved once, the address must be public (not private, loopback,
link-local, multicast or a translation range) and the connection goes to
exactly that address, so neither the issuer a coordinator enters nor the
endpoints its discovery document names can reach the internal network.
SSO_ALLOW_PRIVATE_HOSTS lifts the check for providers on a campus network.
Redirects are not followed.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.urls import reverse
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from requests_hardened import Config, HTTPSession
from requests_hardened.ip_filter import InvalidIPAddress

from dualcareer.sso.models import IdentityProvider
from dualcareer.sso.saml import Claims

ALGORITHMS = ["RS256", "ES256", "PS256"]
TIMEOUT_SECONDS = 10


class OidcError(Exception):
    """An answer of the provider that is refused; the message is a short code."""


@dataclass
class Pending:
    """What the browser's session keeps between the redirect and the callback."""

    provider_id: int
    state: str
    nonce: str
    verifier: str
    next_url: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def redirect_uri() -> str:
    return settings.SITE_URL + reverse("sso_endpoints:oidc_callback")


def _session() -> requests.Session:
    """A session whose connections go only to public addresses (unless allowed by the setting)."""
    return HTTPSession(
        Config(
            ip_filter_enable=not settings.SSO_ALLOW_PRIVATE_HOSTS,
            ip_filter_allow_loopback_ips=False,
            never_redirect=True,
            default_timeout=(TIMEOUT_SECONDS, TIMEOUT_SECONDS),
        )
    )


def _get_json(url: str) -> dict[str, Any]:
    try:
        with _session() as session:
            response = session.get(url, timeout=TIMEOUT_SECONDS, allow_redirects=False)
        response.raise_for_status()
        data = response.json()
    except InvalidIPAddress as error:
        raise OidcError("provider_private_address") from error
    except (requests.RequestException, ValueError) as error:
        raise OidcError("provider_unreachable") from error
    if not isinstance(data, dict):
        raise OidcError("provider_bad_answer")
    return data


def discovery(provider: IdentityProvider) -> dict[str, Any]:
    """Return the provider's discovery document (checked to name the configured issuer)."""
    issuer = provider.issuer.rstrip("/")
    document = _get_json(f"{issuer}/.well-known/openid-configuration")
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise OidcError("issuer_mismatch")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not str(document.get(key, "")).startswith(("https://", "http://")):
            raise OidcError("discovery_incomplete")
    return document


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def authorization_start(provider: IdentityProvider, *, next_url: str) -> tuple[Pending, str]:
    """Return the state to keep and the provider's authorisation URL to send the browser to."""
    document = discovery(provider)
    pending = Pending(
        provider_id=provider.pk,
        state=secrets.token_urlsafe(32),
        nonce=secrets.token_urlsafe(32),
        verifier=secrets.token_urlsafe(64),
        next_url=next_url,
    )
    query = urlencode(
        {
            "response_type": "code",
            "client_id": provider.client_id,
            "redirect_uri": redirect_uri(),
            "scope": provider.scopes,
            "state": pending.state,
            "nonce": pending.nonce,
            "code_challenge": _challenge(pending.verifier),
            "code_challenge_method": "S256",
        }
    )
    endpoint = str(document["authorization_endpoint"])
    return pending, f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def code_exchange(provider: IdentityProvider, *, code: str, pending: Pending) -> Claims:
    """Exchange the authorisation code for an ID token; return its checked claims."""
    document = discovery(provider)
    try:
        with _session() as session:
            response = session.post(
                str(document["token_endpoint"]),
                data={
                    "grant_type": "authorization_code",
                    "code": code,
                    "redirect_uri": redirect_uri(),
                    "code_verifier": pending.verifier,
                },
                auth=(provider.client_id, provider.client_secret),
                timeout=TIMEOUT_SECONDS,
                allow_redirects=False,
            )
        tokens = response.json()
    except InvalidIPAddress as error:
        raise OidcError("provider_private_address") from error
    except (requests.RequestException, ValueError) as error:
        raise OidcError("token_endpoint_unreachable") from error
    if response.status_code != 200 or not isinstance(tokens, dict) or "id_token" not in tokens:
        raise OidcError("token_refused")
    keys = _get_json(str(document["jwks_uri"]))
    return id_token_claims(provider, str(tokens["id_token"]), keys=keys, nonce=pending.nonce)


def id_token_claims(
    provider: IdentityProvider, id_token: str, *, keys: dict[str, Any], nonce: str
) -> Claims:
    """Verify an ID token's signature and claims; return what it says about the person."""
    try:
        key_set = KeySet.import_key_set(keys)  # type: ignore[arg-type]
        token = jwt.decode(id_token, key_set, algorithms=ALGORITHMS)
        jwt.JWTClaimsRegistry(
            leeway=60,
            iss={"essential": True, "value": provider.issuer.rstrip("/")},
            aud={"essential": True, "value": provider.client_id},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        ).validate(token.claims)
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise OidcError(f"id_token_{type(error).__name__.lower()}"[:60]) from error
    claims = token.claims
    return Claims(
        subject=str(claims["sub"]),
        email=str(claims.get("email", "")).strip().lower(),
        email_verified=claims.get("email_verified") is True,
        given_name=str(claims.get("given_name", "")),
        family_name=str(claims.get("family_name", "")),
        affiliations=[str(a).lower() for a in claims.get("eduperson_affiliation", []) or []],
    )
