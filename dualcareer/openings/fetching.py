"""Fetch a job page or feed from a URL for the import, safely.

- http(s) only, at most MAX_BYTES, a short timeout, at most 3 redirects;
- server-side request forgery: the address the connection actually goes to
  is checked (after DNS resolution, for every redirect), and private,
  loopback, link-local, reserved and multicast addresses are refused unless
  the setting OPENINGS_IMPORT_ALLOW_PRIVATE_HOSTS is true (development only).

IPv6 addresses that embed an IPv4 address are judged by that IPv4 address:
IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`, which DNS64 hands
out on IPv6-only hosts for public IPv4 sites) and 6to4 (`2002:aabb:ccdd::/48`).
So `64:ff9b::127.0.0.1` or `2002:0a00:0001::1` (10.0.0.1) are refused, and
`64:ff9b::93.184.216.34` is allowed. Refused whatever they embed: the
deprecated IPv4-compatible form (`::a.b.c.d`), IPv4-translated addresses
(`::ffff:0:a.b.c.d`), local-use NAT64 (`64:ff9b:1::/48`) and Teredo
(`2001::/32`, which tunnels to a host behind a NAT).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT_SECONDS = 10
MAX_REDIRECTS = 3


class FetchError(Exception):
    """The URL could not be fetched; the message is safe to show to the user."""


# IPv6 ranges that carry an IPv4 address in their last 32 bits: the packet
# ends up at that IPv4 address, so the IPv4 rules decide.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")  # RFC 6052, what DNS64 hands out
# Refused whatever they carry: deprecated or local-only translation ranges.
_REFUSED_V6 = (
    ipaddress.IPv6Network("::/96"),  # IPv4-compatible (::a.b.c.d), deprecated by RFC 4291
    ipaddress.IPv6Network("::ffff:0:0:0/96"),  # IPv4-translated (SIIT, RFC 2765)
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # local-use NAT64 (RFC 8215)
    ipaddress.IPv6Network("2001::/32"),  # Teredo: tunnels to a NAT-ed IPv4 host
)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv4-mapped, NAT64 or 6to4 address leads to, else None."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour  # 2002:aabb:ccdd::/48 -> aa.bb.cc.dd


def _global(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether the address is a public unicast address, embedded IPv4 included."""
    if isinstance(ip, ipaddress.IPv6Address):
        if any(ip in network for network in _REFUSED_V6):
            return False
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return _global(embedded)
    return ip.is_global and not ip.is_multicast


def is_public_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether the address is a public unicast address (the webhooks' check uses it too)."""
    return _global(ip)


def resolves_to_public(host: str, port: int) -> bool | None:
    """Whether every address `host` resolves to is public; None when it does not resolve.

    A look before a URL is saved (no setting applies); the connection itself
    must still check the address it goes to (DNS may answer differently then).
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    return all(_global(ipaddress.ip_address(str(info[4][0]).split("%")[0])) for info in infos)


def _allowed(address: str, port: int | None = None) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if getattr(settings, "OPENINGS_IMPORT_ALLOW_PRIVATE_HOSTS", False):
        return True
    # Tests only: a local HTTP server on 127.0.0.1 at these ports (the setting is
    # not read from the environment, so no deployment can set it).
    test_ports = getattr(settings, "OPENINGS_FETCH_TEST_LOOPBACK_PORTS", ())
    if test_ports and str(ip) == "127.0.0.1" and port in test_ports:
        return True
    return _global(ip)


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
        if not _allowed(str(sockaddr[0]), int(sockaddr[1])):
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


def check_url(url: str) -> None:
    """Raise FetchError unless `url` may be fetched: http(s), no credentials, a public host.

    A quick look before the import is queued (the name is resolved, nothing is
    downloaded), so a private or unknown address is a form error at once; the
    download checks every address again when it connects.
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(_("only http and https addresses can be imported"))
    if parts.username or parts.password:
        raise FetchError(_("addresses with credentials are not accepted"))
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchError(_("the host name could not be resolved")) from error
    if any(not _allowed(str(info[4][0]), int(info[4][1])) for info in infos):
        raise FetchError(_("the address points to a private or local network"))


_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass
class FetchResult:
    """One answer: `not_modified` (304, no body) or the body with its validators."""

    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    url: str = ""  # after redirects

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def text(self) -> str:
        """The body decoded by its declared or detected charset."""
        from dualcareer.openings.extraction import decode

        return decode(self.body, self.content_type)[0]


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    accept: str = "application/ld+json, application/json, text/html;q=0.9, */*;q=0.5",
    max_bytes: int | None = None,
) -> FetchResult:
    """GET `url` safely; a conditional request with `etag` / `last_modified`.

    Raise FetchError for a refused address, a failed connection, a status
    other than 200 and 304, or a body larger than `max_bytes` (MAX_BYTES).
    """
    limit = max_bytes or MAX_BYTES
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
        port = parts.port or _DEFAULT_PORTS[parts.scheme]
        if literal is not None and not _allowed(str(literal), port):
            raise FetchError(_("the address points to a private or local network"))
        connection_class = (
            http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        )
        connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
        connection._create_connection = _safe_create_connection  # type: ignore[attr-defined]
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        headers = {"User-Agent": "dualcareer-openings-import/1", "Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location") or ""
                connection.close()
                if not location:
                    raise FetchError(_("a redirect without a target"))
                url = urljoin(url, location)
                continue
            if response.status == 304:
                return FetchResult(
                    status=304,
                    etag=response.getheader("ETag") or etag,
                    last_modified=response.getheader("Last-Modified") or last_modified,
                    url=url,
                )
            if response.status != 200:
                raise FetchError(
                    _("the server answered with status %(status)s") % {"status": response.status}
                )
            body = response.read(limit + 1)
            result = FetchResult(
                status=200,
                body=body,
                content_type=response.getheader("Content-Type") or "",
                etag=(response.getheader("ETag") or "")[:200],
                last_modified=(response.getheader("Last-Modified") or "")[:100],
                url=url,
            )
        except (OSError, http.client.HTTPException) as error:
            if isinstance(error, FetchError):
                raise
            raise FetchError(_("the server could not be reached")) from error
        finally:
            connection.close()
        if len(body) > limit:
            raise FetchError(
                _("the document is larger than %(mb)s MB") % {"mb": limit // (1024 * 1024)}
            )
        return result
    raise FetchError(_("too many redirects"))


def fetch_url(url: str) -> str:
    """Return the text at `url` (decoded by its charset), or raise FetchError."""
    return fetch(url).text
