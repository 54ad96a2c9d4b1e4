"""Bearer tokens (API v1) and HTTP Basic (the deprecated unversioned paths).

Bearer: `Authorization: Bearer dct_...`, a token the user created on their
account page (`dualcareer.api.tokens`); it carries scopes and an expiry.

HTTP Basic for machine clients, counted by the per-account login lockout.

DRF's `BasicAuthentication` calls `authenticate()` with the user model's
field name (`email=`) and DRF's request wrapper, so django-axes saw no user
name and could not mark the request: failed attempts were recorded for "no
user" at the address, locking the API for everyone there, and an account
locked on the login page could still be tried over the API. Here the
credentials go in as the login form sends them (`username=`, lower-cased
address) with Django's own request, so both paths share one lockout per
account and address.

HTTP Basic is a password alone: it is refused (401, `token_required`) to
everyone who logs in with a second factor (officers and coordinators, see
`dualcareer.accounts.twofactor`, and anyone who enrolled of their own
accord). They create a token on their account page after a full two-factor
login and send that instead.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import BasicScheme, SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    BasicAuthentication,
    SessionAuthentication,
    get_authorization_header,
)

from dualcareer.accounts import twofactor
from dualcareer.api.tokens import token_authenticate


class TokenRequired(exceptions.APIException):
    """401 for a password-only login (HTTP Basic) of a user who needs a second factor.

    Not an `AuthenticationFailed`: DRF would turn that into a 403 when the
    view's first authenticator (the session) names no challenge.
    """

    status_code = 401
    default_code = "token_required"
    default_detail = _(
        "HTTP Basic is not accepted for accounts with two-factor login: "
        "create an API token on your account page and send it as "
        "'Authorization: Bearer <token>'."
    )
    auth_header = 'Bearer realm="api"'

    def __init__(self) -> None:
        # The body names the reason for machine clients: {"detail": ..., "code": ...}.
        super().__init__({"detail": self.default_detail, "code": self.default_code})


class LockoutBasicAuthentication(BasicAuthentication):
    """HTTP Basic that goes through django-axes with the user name."""

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        # A NUL byte cannot reach the database (PostgreSQL refuses it): no such account.
        if "\x00" in userid or "\x00" in password:
            raise exceptions.AuthenticationFailed(_("Invalid username/password."))
        django_request = getattr(request, "_request", request)
        user = authenticate(
            request=django_request, username=userid.strip().lower(), password=password
        )
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid username/password."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        # Checked after the password so that guesses still count for the lockout.
        if twofactor.is_required(user) or twofactor.is_enrolled(user):
            raise TokenRequired()
        return (user, None)


class LockoutBasicScheme(BasicScheme):
    """Document `LockoutBasicAuthentication` in the OpenAPI schema as HTTP Basic."""

    target_class = "dualcareer.api.authentication.LockoutBasicAuthentication"
    priority = 0


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`: the token's user, with the token as `request.auth`."""

    keyword = "Bearer"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from error
        token = token_authenticate(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        return (token.user, token)

    def authenticate_header(self, request: Any) -> str:
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Document `BearerTokenAuthentication` in the OpenAPI schema."""

    target_class = "dualcareer.api.authentication.BearerTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token (Account > API tokens); scopes apply.",
        }


class BrowserSessionAuthentication(SessionAuthentication):
    """The session, unless the request names a token: then the token alone decides.

    A client holding both (a browser's cookie and a token, as a script in a
    logged-in browser) must not escape the token's scopes through the session.
    """

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        if get_authorization_header(request).split()[:1] == [b"Bearer"]:
            return None
        return super().authenticate(request)


class BrowserSessionScheme(SessionScheme):
    """Document `BrowserSessionAuthentication` in the OpenAPI schema as the session cookie."""

    target_class = "dualcareer.api.authentication.BrowserSessionAuthentication"
    priority = 0
