"""What every view of API v1 shares: authentication, token scopes, rate limits, paging.

- Authentication: the session (the browser, with CSRF) or a Bearer token.
  HTTP Basic is served on the deprecated unversioned paths only (`/api/...`):
  it costs a full password hash per request.
- Scopes: a view names its `resource`; a token request needs
  `<resource>:read` for GET/HEAD/OPTIONS and `<resource>:write` otherwise,
  or gets 403 naming the missing scope (`missing_scope`).
- Rate limits: per token (per user for the session), API_RATE_LIMIT
  (default 600 requests a minute); over it, 429 with Retry-After.
- Query strings: a NUL byte anywhere answers 400 naming the parameter.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from dualcareer.api.authentication import (
    BearerTokenAuthentication,
    BrowserSessionAuthentication,
    LockoutBasicAuthentication,
)
from dualcareer.api.models import ApiToken
from dualcareer.api.scopes import scope_for

V1_AUTHENTICATION: list[type[BaseAuthentication]] = [
    BrowserSessionAuthentication,
    BearerTokenAuthentication,
]
# The unversioned paths keep HTTP Basic for existing clients (deprecated).
LEGACY_AUTHENTICATION: list[type[BaseAuthentication]] = [
    BrowserSessionAuthentication,
    BearerTokenAuthentication,
    LockoutBasicAuthentication,
]


class MissingScope(exceptions.PermissionDenied):
    def __init__(self, scope: str) -> None:
        super().__init__(
            {
                "detail": _("This token lacks the scope %(scope)s.") % {"scope": scope},
                "missing_scope": scope,
            }
        )


class TokenScope(BasePermission):
    """A token request needs the scope of the view's resource and method."""

    def has_permission(self, request: Request, view: Any) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return True
        resource = getattr(view, "resource", "")
        needed = scope_for(resource, request.method or "GET")
        if not resource or needed not in token.scopes:
            raise MissingScope(needed)
        return True


class TokenRateThrottle(SimpleRateThrottle):
    """Requests per token (a session: per user), API_RATE_LIMIT, e.g. "600/min"."""

    scope = "api"

    def get_rate(self) -> str:
        return str(getattr(settings, "API_RATE_LIMIT", "600/min"))

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class NoNulQueryMixin:
    """400 naming the parameter for a NUL byte in the query string (never a 500)."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        for name, values in request.query_params.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                raise exceptions.ValidationError(
                    {name.replace("\x00", ""): [_("Null characters are not allowed.")]}
                )
        super().initial(request, *args, **kwargs)  # type: ignore[misc]


class ApiView(NoNulQueryMixin, APIView):
    """Base of every API v1 view; set `resource` (the scope's first part)."""

    resource = ""
    authentication_classes = V1_AUTHENTICATION
    permission_classes = [IsAuthenticated, TokenScope]
    throttle_classes = [TokenRateThrottle]
    pagination_class = Pagination

    def paginate(self, request: Request, queryset: Any, serializer_class: Any) -> Any:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)


class NotFoundView(NoNulQueryMixin, APIView):
    """Any other path under /api/v1/: a JSON 404 (not the site's HTML page), any method."""

    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes: list[Any] = []
    throttle_classes: list[Any] = []
    schema = None  # not an operation

    def _not_found(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response({"detail": _("Not found.")}, status=404)

    get = post = put = patch = delete = head = options = _not_found
