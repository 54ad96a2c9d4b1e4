"""Our deployment check: a per-process cache is reported."""

from django.test import SimpleTestCase, override_settings

from dualcareer.core.checks import shared_cache_check


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
