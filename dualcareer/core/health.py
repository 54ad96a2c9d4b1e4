"""Liveness and readiness for load balancers and monitoring, and the page for a database outage.

- `/healthz` (liveness): the process answers. No database, no cache, no
  session: a failing dependency must not get healthy processes restarted.
- `/readyz` (readiness): the database answers, the cache stores and returns
  a value, the media storage accepts a file, and a background worker beat
  within `READINESS_WORKER_MAX_AGE_MINUTES` (0 switches that check off).
  503 with a JSON body naming the failing checks; the reason is the error's
  type only (never its text, which may quote data).

Both are served by `HealthCheckMiddleware`, the first middleware: before the
HTTPS redirect and the host check (a probe talks plain HTTP to 127.0.0.1),
without session or user. They also have URL patterns (`healthz`,
`readyz`) so that they can be reversed and are listed in the
authorisation matrix.

A database that is down or restarting must not produce a stack of 500
pages: `DatabaseUnavailableMiddleware` (view errors) and `server_error`
(errors in other middleware, `handler500`) answer 503 with a plain page
that needs no database and a `Retry-After` header.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import sys
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

HEALTH_PATHS = ("/healthz", "/readyz")
RETRY_AFTER_SECONDS = 30


def _worker_max_age() -> int:
    return int(getattr(settings, "READINESS_WORKER_MAX_AGE_MINUTES", 5))


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=10)
    try:
        if cache.get(key) != "1":
            raise RuntimeError("cache did not return the value stored")
    finally:
        cache.delete(key)


def check_media() -> None:
    name = default_storage.save(f"readyz/{uuid.uuid4().hex}.probe", ContentFile(b"ok"))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != b"ok":
                raise RuntimeError("media storage did not return the file written")
    finally:
        default_storage.delete(name)


def check_worker() -> None:
    from dualcareer.core.models import WorkerHeartbeat

    limit = timezone.now() - dt.timedelta(minutes=_worker_max_age())
    if not WorkerHeartbeat.objects.filter(beat_at__gte=limit).exists():
        raise RuntimeError("no worker heartbeat")


def readiness_checks() -> dict[str, Callable[[], None]]:
    checks: dict[str, Callable[[], None]] = {
        "database": check_database,
        "cache": check_cache,
        "media": check_media,
    }
    if _worker_max_age() > 0:
        checks["worker"] = check_worker
    return checks


def run_checks() -> dict[str, str]:
    """Run every readiness check: {name: "ok" or the error's type}."""
    results: dict[str, str] = {}
    for name, check in readiness_checks().items():
        if name == "worker" and results.get("database") != "ok":
            results[name] = "skipped"  # needs the database
            continue
        try:
            check()
        except Exception as error:
            results[name] = type(error).__name__
            logger.warning("readiness check %s failed: %s", name, type(error).__name__)
        else:
            results[name] = "ok"
    return results


def _method_not_allowed(request: HttpRequest) -> HttpResponse | None:
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse({"detail": "method not allowed"}, status=405)
        response["Allow"] = "GET, HEAD"
        return response
    return None


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process serves requests. Touches nothing else."""
    return _method_not_allowed(request) or JsonResponse({"status": "ok"})


@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: database, cache, media storage and worker heartbeat; 503 naming what fails."""
    refused = _method_not_allowed(request)
    if refused:
        return refused
    results = run_checks()
    failing = [name for name, result in results.items() if result != "ok"]
    if failing:
        response = JsonResponse(
            {"status": "unavailable", "failing": failing, "checks": results}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return JsonResponse({"status": "ok", "checks": results})


class HealthCheckMiddleware:
    """Answer /healthz and /readyz before any other middleware (HTTPS redirect, host, session)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info.rstrip("/")
        if path == "/healthz":
            return healthz(request)
        if path == "/readyz":
            return readyz(request)
        return self.get_response(request)


def is_database_unavailable(error: BaseException | None) -> bool:
    """A lost or refused database connection (not a bad query: that is a bug, a 500)."""
    return isinstance(error, (OperationalError, InterfaceError))


STORAGE_FULL_MESSAGE = _lazy(
    "The file could not be stored: the storage for uploaded files is full. Nothing was "
    "saved. Please try again later."
)


def is_storage_full(error: BaseException | None) -> bool:
    """The disk (or quota) for uploaded files is full."""
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def unavailable_response(
    request: HttpRequest | None = None, *, storage: bool = False
) -> HttpResponse:
    """The 503 page: a plain template without context processors (no database needed)."""
    html = loader.render_to_string("core/unavailable.html", {"storage": storage})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once by the caller (a warning naming the error's type): Django's own
    # "Service Unavailable" line would add a full traceback for every request.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class DatabaseUnavailableMiddleware:
    """A view that loses the database, or finds the upload disk full, answers the 503 page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if is_database_unavailable(exception):
            logger.warning("database unavailable: %s", type(exception).__name__)
            return unavailable_response(request)
        if is_storage_full(exception):
            # The view's transaction was rolled back; the upload services remove a
            # partly written file. Forms that know better say so at their field.
            logger.error("file storage full: %s", type(exception).__name__)
            return unavailable_response(request, storage=True)
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """`handler500`: the 503 page when the database is unavailable, else the site's 500 page.

    Errors raised in middleware (the session or the user loaded from a
    database that is down) do not reach `process_exception`; Django hands
    them to this handler, still inside the `except` block.
    """
    error = sys.exc_info()[1]
    if is_database_unavailable(error):
        logger.warning("database unavailable: %s", type(error).__name__)
        return unavailable_response(request)
    # The site's plain 500 page (no context processors: the database may be what failed).
    html = loader.render_to_string("500.html", {"request_path": request.path})
    return HttpResponse(html, status=500)
