"""Idle timeout for staff who see partner data.

Officers and coordinators (the roles in `STAFF_IDLE_TIMEOUT_ROLES`) and
administrators are logged out after `STAFF_IDLE_TIMEOUT_MINUTES` (30)
without a request: a browser left open in an office must not keep a
partner's case on screen. The next page then is the login page, with a
message saying why, and the page they wanted as `next`. Partners and
employer contacts keep the 8-hour session (`SESSION_COOKIE_AGE`). 0 switches
the timeout off.

The last activity is kept in the session, rewritten at most once a minute
(not a database write per request). Whether the user is such staff is
decided once per session, at login (`on_login`): the roles come from `IDLE_TIMEOUT_ROLES_CALLABLE`
(the accounts app's `user_roles`; core does not import the apps above it).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

LAST_ACTIVITY_KEY = "_idle_last_activity"
APPLIES_KEY = "_idle_applies"
WRITE_EVERY_SECONDS = 60


def timeout_seconds() -> int:
    return int(getattr(settings, "STAFF_IDLE_TIMEOUT_MINUTES", 30)) * 60


def applies_to(user: Any) -> bool:
    """Whether `user` is staff who sees partner data (idle timeout applies)."""
    if user.is_staff or user.is_superuser:
        return True
    roles_of = import_string(settings.IDLE_TIMEOUT_ROLES_CALLABLE)
    return bool(set(roles_of(user)) & set(settings.STAFF_IDLE_TIMEOUT_ROLES))


def on_login(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """`user_logged_in`: decide once, at login, whether the timeout applies; start the clock.

    Done here rather than on the first page so that pages cost the same
    queries whether or not they are the first of the session.
    """
    session = getattr(request, "session", None)
    if session is None:
        return
    session[APPLIES_KEY] = applies_to(user)
    session[LAST_ACTIVITY_KEY] = int(time.time())


class StaffIdleTimeoutMiddleware:
    """Log out idle officers, coordinators and administrators (after MessageMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = timeout_seconds()
        user = getattr(request, "user", None)
        if limit <= 0 or user is None or not user.is_authenticated:
            return self.get_response(request)
        session = request.session
        applies = session.get(APPLIES_KEY)
        if applies is None:
            applies = applies_to(user)
            session[APPLIES_KEY] = applies
        if not applies:
            return self.get_response(request)
        now = int(time.time())
        last = session.get(LAST_ACTIVITY_KEY)
        if isinstance(last, int) and now - last > limit:
            logout(request)
            messages.info(
                request,
                _(
                    "You were logged out after %(minutes)d minutes without activity, "
                    "to protect the partners' data. Please log in again."
                )
                % {"minutes": limit // 60},
            )
            if request.path_info.startswith("/api/"):
                return self.get_response(request)  # continues as anonymous: 401/403
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            target = reverse(settings.LOGIN_URL)
            return HttpResponseRedirect(f"{target}?{query}" if query else target)
        if not isinstance(last, int) or now - last >= WRITE_EVERY_SECONDS:
            session[LAST_ACTIVITY_KEY] = now
        return self.get_response(request)
