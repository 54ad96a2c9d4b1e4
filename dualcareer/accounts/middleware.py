"""Two-factor login: a session without its second factor reaches only the two-factor pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from dualcareer.accounts import permissions, twofactor

# The pages an unverified session may open (URL names); everything else waits.
ALLOWED_URL_NAMES = frozenset(
    {
        "accounts:twofactor_setup",
        "accounts:twofactor_verify",
        "accounts:logout",
        "language_switch",
    }
)


class TwoFactorMiddleware:
    """Send a logged-in user who needs a second factor to enrol or to enter a code first.

    Fails closed: it does not matter how the session was logged in (login
    page, admin login, single sign-on): until the session is verified the
    user sees nothing else. Static files are served before (WhiteNoise).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or twofactor.session_is_verified(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_URL_NAMES:
            return None
        enrolled = twofactor.is_enrolled(user)
        if not enrolled and not twofactor.is_required(user):
            return None
        if match is not None and match.namespaces[:1] in (["api"], ["api_v1"]):
            return JsonResponse(
                {"detail": _("Two-factor login required: log in on the website first.")},
                status=403,
            )
        target = "accounts:twofactor_verify" if enrolled else "accounts:twofactor_setup"
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(reverse(target) + (f"?{query}" if query else ""))


class PermissionMemoMiddleware:
    """During a request, the signed-in user's permission reads share one memo.

    `permissions.institution_ids_with` and `user_roles` are asked many times
    per page; with the memo they read the user's roles once (see
    `permissions`, "Per-request memo"). The memo ends with the request. Sits
    right after `AuthenticationMiddleware`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        permissions.memo_start(user)
        try:
            return self.get_response(request)
        finally:
            permissions.memo_end(user)
