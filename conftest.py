"""Test-wide settings: fast password hashing, e-mail kept in memory; each test starts in German."""

from typing import Any

import pytest


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
    # The matching index file of this test run only (never shared with another run).
    import atexit
    import shutil
    import tempfile

    settings.MATCHING_INDEX_DIR = tempfile.mkdtemp(prefix="dualcareer-test-index-")
    atexit.register(shutil.rmtree, settings.MATCHING_INDEX_DIR, ignore_errors=True)
    # force_login stands in for the second factor too (two-factor login stays required).
    from dualcareer.testing import twofactor

    twofactor.install()
    from django.test.signals import setting_changed

    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Every test starts in the default language (German).

    A test client request to an /en/ page leaves English active in the thread
    (LocaleMiddleware activates, nothing deactivates), so a later test's
    `reverse()` would build /en/ URLs: tests would depend on their order.
    """
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    """Every test starts with an empty cache (and empty per-process matching caches).

    The cache (local memory in tests) holds counters of the login throttling
    and the rate limits by client address (all tests are 127.0.0.1): without
    this, whether a test is throttled would depend on the tests before it.
    """
    from django.core.cache import caches

    from dualcareer.openings.matchmaking import clear_process_caches

    for cache in caches.all(initialized_only=True):
        cache.clear()
    # The engine's views of openings and profiles are keyed by id and change time: on
    # SQLite a rolled-back test's ids are given again, and a frozen clock repeats the time.
    clear_process_caches()
    yield
