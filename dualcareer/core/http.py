"""The client's address, the one place that decides which proxy header to believe.

Without trusted proxies (`DJANGO_TRUSTED_PROXY_COUNT=0`, the default) the
address is the connection's (`REMOTE_ADDR`): any `X-Forwarded-For` is the
client's own text and is ignored. Behind N trusted reverse proxies the
client is the address the outermost proxy saw: the N-th entry from the
right of `X-Forwarded-For` (each proxy appends the address it received the
request from; the last proxy is `REMOTE_ADDR` itself). Entries further left
were written by the client and are never used. Used by the login lockout
(django-axes, `AXES_CLIENT_IP_CALLABLE`) and the application rate limit.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


def trusted_proxy_count() -> int:
    """How many reverse proxies in front of the application add X-Forwarded-For."""
    return max(int(getattr(settings, "TRUSTED_PROXY_COUNT", 0)), 0)


def client_ip(request: HttpRequest) -> str:
    """Return the client's IP address as seen by the outermost trusted proxy."""
    remote = str(request.META.get("REMOTE_ADDR", "") or "")
    count = trusted_proxy_count()
    if count == 0:
        return remote
    # ipware counts the proxies listed in the header; the nearest proxy is
    # REMOTE_ADDR and not listed, hence count - 1. Not strict: garbage a
    # client puts on the left is skipped, the right end stays in place.
    address, _routable = get_client_ip(
        request,
        proxy_order="left-most",
        proxy_count=count - 1,
        request_header_order=[FORWARDED_HEADER],
        strict=False,
    )
    return address or remote
