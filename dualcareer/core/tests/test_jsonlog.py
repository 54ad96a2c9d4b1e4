"""LOG_FORMAT=json: one JSON object per line, without personal data."""

from __future__ import annotations

import json
import logging

from django.test import SimpleTestCase

from dualcareer.core.jsonlog import JsonFormatter
from dualcareer.core.logging import NoPersonalDataFilter


def _record(message: str, *args: object, exc: bool = False) -> logging.LogRecord:
    exc_info = None
    if exc:
        try:
            raise ValueError("bad address erika@example.org")
        except ValueError:
            import sys

            exc_info = sys.exc_info()
    return logging.LogRecord("django.request", logging.ERROR, __file__, 1, message, args, exc_info)


class JsonFormatterTest(SimpleTestCase):
    def _format(self, record: logging.LogRecord) -> dict[str, object]:
        NoPersonalDataFilter().filter(record)
        line = JsonFormatter().format(record)
        self.assertNotIn("\n", line)  # one line per record
        return dict(json.loads(line))

    def test_a_record_is_one_json_object(self):
        entry = self._format(_record("Not Found: %s", "/cases/"))
        self.assertEqual(entry["level"], "ERROR")
        self.assertEqual(entry["logger"], "django.request")
        self.assertEqual(entry["message"], "Not Found: /cases/")
        self.assertTrue(str(entry["time"]).endswith("+00:00"))

    def test_addresses_queries_and_tokens_are_masked(self):
        entry = self._format(
            _record("GET /accounts/reset/MQ/c3n8a5-0f1e2d3c4b5a69788796a5b4c3d2e1f0/?q=erika@x.org")
        )
        self.assertNotIn("erika", json.dumps(entry))
        self.assertNotIn("c3n8a5", json.dumps(entry))

    def test_the_traceback_is_masked_too(self):
        entry = self._format(_record("failed", exc=True))
        self.assertEqual(entry["exception"], "ValueError")
        self.assertIn("ValueError", str(entry["traceback"]))
        self.assertNotIn("erika@example.org", json.dumps(entry))
