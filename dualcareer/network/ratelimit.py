"""A small cache-based rate limit for public forms; the address is kept only as a hash."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from dualcareer.core.http import client_ip


def allow(request: HttpRequest, *, scope: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt in `scope`; return False once `limit` attempts fall in the window.

    The client is identified by `core.http.client_ip`: behind the configured
    number of trusted proxies, never by what the client wrote into
    X-Forwarded-For itself.
    """
    keyed = f"{settings.SECRET_KEY}:{client_ip(request)}"
    digest = hashlib.sha256(keyed.encode()).hexdigest()[:32]
    key = f"ratelimit:{scope}:{digest}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
