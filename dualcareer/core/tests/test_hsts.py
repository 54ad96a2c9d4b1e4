"""HSTS is sent in production; its `preload` directive only on request."""

from django.conf import settings
from django.test import TestCase


class HstsTests(TestCase):
    def test_preload_is_off_unless_configured(self) -> None:
        self.assertFalse(settings.SECURE_HSTS_PRELOAD)
        response = self.client.get("/", secure=True)
        header = response.headers["Strict-Transport-Security"]
        self.assertIn("max-age=", header)
        self.assertNotIn("preload", header)
