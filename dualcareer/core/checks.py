"""Deployment checks of our own, run by `manage.py check --deploy`."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def shared_cache_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Warn when production uses a per-process cache (throttling would not be shared)."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith(("LocMemCache", "DummyCache")):
        return [
            Warning(
                "The cache is local to each server process, so login throttling and "
                "rate limits are counted per process.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
                id="dualcareer.W001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def trusted_proxy_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Warn when a reverse proxy is declared but no proxy is trusted for the client address."""
    if getattr(settings, "BEHIND_PROXY", False) and not getattr(settings, "TRUSTED_PROXY_COUNT", 0):
        return [
            Warning(
                "DJANGO_BEHIND_PROXY is true but DJANGO_TRUSTED_PROXY_COUNT is 0: every client "
                "has the proxy's address, so failed logins lock accounts for everyone and the "
                "rate limit counts all clients together.",
                hint="Set DJANGO_TRUSTED_PROXY_COUNT to the number of proxies that set "
                "X-Forwarded-For (usually 1).",
                id="dualcareer.W002",
            )
        ]
    return []
