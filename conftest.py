"""Test-wide settings: fast password hashing, e-mail kept in memory."""

from typing import Any


def pytest_configure(config: Any) -> None:
    from django.conf import settings

    # Set before any test data is created (setUpTestData runs before fixtures).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
