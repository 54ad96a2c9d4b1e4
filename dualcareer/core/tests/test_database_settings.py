"""The application's PostgreSQL sessions (config/settings.py)."""

from __future__ import annotations

import os
import unittest

from django.db import connection
from django.test import SimpleTestCase


@unittest.skipUnless(connection.vendor == "postgresql", "a PostgreSQL session setting")
class DatabaseSessionTests(SimpleTestCase):
    databases = {"default"}

    def test_pages_run_their_queries_without_parallel_workers(self) -> None:
        # Starting workers cost a city's capped count at 1,000,000 openings three times
        # its time (docs/performance.md); DATABASE_PARALLEL_WORKERS changes it (the
        # machine's environment may set it: then its value).
        expected = os.environ.get("DATABASE_PARALLEL_WORKERS", "0")
        with connection.cursor() as cursor:
            cursor.execute("SHOW max_parallel_workers_per_gather")
            self.assertEqual(cursor.fetchone()[0], expected)
