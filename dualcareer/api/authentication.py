"""HTTP Basic for machine clients, counted by the per-account login lockout.

DRF's `BasicAuthentication` calls `authenticate()` with the user model's
field name (`email=`) and DRF's request wrapper, so django-axes saw no user
name and could not mark the request: failed attempts were recorded for "no
user" at the address, locking the API for everyone there, and an account
locked on the login page could still be tried over the API. Here the
credentials go in as the login form sends them (`username=`, lower-cased
address) with Django's own request, so both paths share one lockout per
account and address.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import BasicScheme
from rest_framework import exceptions
from rest_framework.authentication import BasicAuthentication


class LockoutBasicAuthentication(BasicAuthentication):
    """HTTP Basic that goes through django-axes with the user name."""

    def authenticate_credentials(
        self, userid: str, password: str, request: Any = None
    ) -> tuple[Any, None]:
        django_request = getattr(request, "_request", request)
        user = authenticate(
            request=django_request, username=userid.strip().lower(), password=password
        )
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid username/password."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        return (user, None)


class LockoutBasicScheme(BasicScheme):
    """Document `LockoutBasicAuthentication` in the OpenAPI schema as HTTP Basic."""

    target_class = "dualcareer.api.authentication.LockoutBasicAuthentication"
    priority = 0
