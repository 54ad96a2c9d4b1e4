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
