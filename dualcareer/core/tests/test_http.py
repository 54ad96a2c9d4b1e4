"""The client's address: the proxy's header only behind the configured trusted proxies."""

from django.test import RequestFactory, SimpleTestCase, override_settings

from dualcareer.core.http import client_ip

PROXY = "10.0.0.1"


def request(remote: str = PROXY, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


class ClientIpTests(SimpleTestCase):
    @override_settings(TRUSTED_PROXY_COUNT=0)
    def test_without_trusted_proxies_the_header_is_ignored(self) -> None:
        self.assertEqual(client_ip(request("198.51.100.7", "203.0.113.9")), "198.51.100.7")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_one_proxy_the_address_it_saw_is_the_client(self) -> None:
        self.assertEqual(client_ip(request(forwarded="203.0.113.5")), "203.0.113.5")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_entries_the_client_wrote_on_the_left_are_never_used(self) -> None:
        spoofed = request(forwarded="1.2.3.4, 203.0.113.5")
        self.assertEqual(client_ip(spoofed), "203.0.113.5")
        garbage = request(forwarded="alice@example.org, not-an-ip, 203.0.113.5")
        self.assertEqual(client_ip(garbage), "203.0.113.5")

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_behind_two_proxies_the_outer_proxys_view_counts(self) -> None:
        forwarded = request(forwarded="1.2.3.4, 203.0.113.5, 10.0.0.2")
        self.assertEqual(client_ip(forwarded), "203.0.113.5")

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_without_the_header_the_connection_address_is_used(self) -> None:
        self.assertEqual(client_ip(request("198.51.100.7")), "198.51.100.7")
        self.assertEqual(client_ip(request("198.51.100.7", "")), "198.51.100.7")
