"""Our deployment checks: a per-process cache, a proxy without trusted address header."""

from django.test import SimpleTestCase, override_settings

from dualcareer.core.checks import shared_cache_check, trusted_proxy_check


class SharedCacheCheckTests(SimpleTestCase):
    @override_settings(
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    )
    def test_local_memory_cache_is_reported(self) -> None:
        self.assertEqual([w.id for w in shared_cache_check(None)], ["dualcareer.W001"])

    @override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/1",
            }
        }
    )
    def test_shared_cache_passes(self) -> None:
        self.assertEqual(shared_cache_check(None), [])


class TrustedProxyCheckTests(SimpleTestCase):
    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=0)
    def test_a_proxy_without_a_trusted_count_is_reported(self) -> None:
        self.assertEqual([w.id for w in trusted_proxy_check(None)], ["dualcareer.W002"])

    @override_settings(BEHIND_PROXY=True, TRUSTED_PROXY_COUNT=1)
    def test_a_proxy_with_a_trusted_count_passes(self) -> None:
        self.assertEqual(trusted_proxy_check(None), [])

    @override_settings(BEHIND_PROXY=False, TRUSTED_PROXY_COUNT=0)
    def test_no_proxy_passes(self) -> None:
        self.assertEqual(trusted_proxy_check(None), [])
