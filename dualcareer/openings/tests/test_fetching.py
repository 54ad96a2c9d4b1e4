import socket
from unittest import mock

from django.test import SimpleTestCase, override_settings
from django.utils import translation

from dualcareer.openings.fetching import FetchError, _allowed, fetch_url


class FetchUrlTests(SimpleTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_private_loopback_and_link_local_addresses_are_refused(self):
        for address in (
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "169.254.169.254",
            "::1",
            "fc00::1",
        ):
            self.assertFalse(_allowed(address), address)
        self.assertTrue(_allowed("93.184.216.34"))

    @override_settings(OPENINGS_IMPORT_ALLOW_PRIVATE_HOSTS=True)
    def test_development_setting_allows_local_addresses(self):
        self.assertTrue(_allowed("127.0.0.1"))

    def test_fetch_refuses_localhost_before_sending_anything(self):
        for url in ("http://127.0.0.1:8000/jobs.json", "http://localhost/", "http://[::1]/"):
            with self.assertRaises(FetchError) as raised:
                fetch_url(url)
            self.assertIn("private or local", str(raised.exception))

    def test_a_name_resolving_to_a_private_address_is_refused(self):
        fake = [(2, 1, 6, "", ("10.0.0.5", 80))]
        with mock.patch("socket.getaddrinfo", return_value=fake), self.assertRaises(FetchError):
            fetch_url("http://jobs.example.org/feed.json")

    def test_other_schemes_and_credentials_are_refused(self):
        for url in ("file:///etc/passwd", "ftp://example.org/x", "https://user:pw@example.org/"):
            with self.assertRaises(FetchError):
                fetch_url(url)


class EmbeddedIpv4Tests(SimpleTestCase):
    """IPv6 addresses that carry an IPv4 address are judged by the IPv4 address."""

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    PRIVATE_BEHIND_IPV6 = (
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::10.0.0.5",  # NAT64 of 10.0.0.5
        "64:ff9b::169.254.169.254",  # NAT64 of the cloud metadata address
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::ffff:192.168.1.1",
        "::127.0.0.1",  # IPv4-compatible (deprecated): refused whatever it embeds
        "::93.184.216.34",
        "::ffff:0:127.0.0.1",  # IPv4-translated: refused whatever it embeds
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:5::",  # 6to4 of 10.0.0.5
        "2002:a9fe:a9fe::1",  # 6to4 of 169.254.169.254
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo: refused wholesale
        "64:ff9b:1::a00:5",  # local-use NAT64: refused wholesale
    )

    def test_ipv6_forms_of_private_ipv4_addresses_are_refused(self):
        for address in self.PRIVATE_BEHIND_IPV6:
            with self.subTest(address=address):
                self.assertFalse(_allowed(address))

    def test_ipv6_forms_of_public_ipv4_addresses_are_allowed(self):
        for address in ("64:ff9b::93.184.216.34", "::ffff:93.184.216.34", "2002:5db8:d822::1"):
            with self.subTest(address=address):
                self.assertTrue(_allowed(address))
        self.assertTrue(_allowed("2606:2800:220:1:248:1893:25c8:1946"))

    def test_a_name_resolving_to_an_embedded_private_address_is_refused_before_connecting(self):
        for address in self.PRIVATE_BEHIND_IPV6:
            fake = [(socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, 80, 0, 0))]
            with (
                self.subTest(address=address),
                mock.patch("socket.getaddrinfo", return_value=fake),
                mock.patch("socket.socket") as opened,
                self.assertRaises(FetchError) as raised,
            ):
                fetch_url("http://jobs.example.org/feed.json")
            self.assertIn("private or local", str(raised.exception))
            opened.assert_not_called()

    def test_a_literal_embedded_private_address_in_the_url_is_refused(self):
        for url in (
            "http://[64:ff9b::7f00:1]/",
            "http://[::ffff:10.0.0.1]:8080/",
            "http://[2002:7f00:1::1]/",
        ):
            with (
                self.subTest(url=url),
                mock.patch("socket.socket") as opened,
                self.assertRaises(FetchError) as raised,
            ):
                fetch_url(url)
            self.assertIn("private or local", str(raised.exception))
            opened.assert_not_called()
