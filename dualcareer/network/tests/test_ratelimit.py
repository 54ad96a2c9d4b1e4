"""The application rate limit counts each client by its real address."""

from django.core.cache import cache
from django.test import RequestFactory, SimpleTestCase, override_settings

from dualcareer.network.ratelimit import allow

PROXY = "10.0.0.1"


def request(remote: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/network/x/apply/", **extra)


def attempt(req) -> bool:
    return allow(req, scope="test.apply", limit=5, window_seconds=3600)


class RateLimitTests(SimpleTestCase):
    def setUp(self) -> None:
        cache.clear()

    @override_settings(
        TRUSTED_PROXY_COUNT=1, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    )
    def test_a_spoofed_leftmost_forwarded_address_does_not_evade_the_limit(self) -> None:
        results = [attempt(request(forwarded=f"192.0.2.{n}, 203.0.113.5")) for n in range(7)]
        self.assertEqual(results, [True] * 5 + [False] * 2)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_two_clients_behind_the_proxy_have_their_own_limits(self) -> None:
        for _ in range(5):
            self.assertTrue(attempt(request(forwarded="203.0.113.5")))
        self.assertFalse(attempt(request(forwarded="203.0.113.5")))
        self.assertTrue(attempt(request(forwarded="203.0.113.6")))

    @override_settings(
        TRUSTED_PROXY_COUNT=0, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
    )
    def test_without_trusted_proxies_the_header_cannot_change_the_client(self) -> None:
        results = [attempt(request("198.51.100.7", f"192.0.2.{n}")) for n in range(7)]
        self.assertEqual(results, [True] * 5 + [False] * 2)
