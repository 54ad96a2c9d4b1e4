"""Fetch a job page or feed from a URL for the import, safely.

- http(s) only, at most MAX_BYTES, a short timeout, at most 3 redirects;
- server-side request forgery: the address the connection actually goes to
  is checked (after DNS resolution, for every redirect), and private,
  loopback, link-local, reserved and multicast addresses are refused unless
  the setting OPENINGS_IMPORT_ALLOW_PRIVATE_HOSTS is true (development only).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 3


class FetchError(Exception):
    """The URL could not be fetched; the message is safe to show to the user."""


def _allowed(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if getattr(settings, "OPENINGS_IMPORT_ALLOW_PRIVATE_HOSTS", False):
        return True
    return ip.is_global and not ip.is_multicast


def _safe_create_connection(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None
) -> socket.socket:
    host, port = address
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(_("the host name could not be resolved")) from error
    last_error: OSError | None = None
    for family, socktype, proto, _canon, sockaddr in infos:
        if not _allowed(str(sockaddr[0])):
            raise FetchError(_("the address points to a private or local network"))
        sock = socket.socket(family, socktype, proto)
        sock.settimeout(timeout if isinstance(timeout, int | float) else TIMEOUT_SECONDS)
        try:
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise FetchError(_("the server could not be reached")) from last_error


def fetch_url(url: str) -> str:
    """Return the text at `url` (decoded as UTF-8), or raise FetchError."""
    for _attempt in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError(_("only http and https addresses can be imported"))
        if parts.username or parts.password:
            raise FetchError(_("addresses with credentials are not accepted"))
        try:
            literal = ipaddress.ip_address(parts.hostname)
        except ValueError:
            literal = None
        if literal is not None and not _allowed(str(literal)):
            raise FetchError(_("the address points to a private or local network"))
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
        connection._create_connection = _safe_create_connection  # type: ignore[attr-defined]
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "User-Agent": "dualcareer-openings-import/1",
                    "Accept": "application/ld+json, application/json, text/html;q=0.9",
                },
            )
            response = connection.getresponse()
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location") or ""
                connection.close()
                if not location:
                    raise FetchError(_("a redirect without a target"))
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchError(
                    _("the server answered with status %(status)s") % {"status": response.status}
                )
            body = response.read(MAX_BYTES + 1)
        except (OSError, http.client.HTTPException) as error:
            if isinstance(error, FetchError):
                raise
            raise FetchError(_("the server could not be reached")) from error
        finally:
            connection.close()
        if len(body) > MAX_BYTES:
            raise FetchError(
                _("the document is larger than %(mb)s MB") % {"mb": MAX_BYTES // (1024 * 1024)}
            )
        return body.decode("utf-8", errors="replace")
    raise FetchError(_("too many redirects"))
