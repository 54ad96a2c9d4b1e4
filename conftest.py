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
    # Jobs run at once (e-mail as it was sent before the outbox); tests of the
    # queue itself switch to the database backend with `dualcareer.testing.jobs`.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    from django.test.signals import setting_changed

    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
