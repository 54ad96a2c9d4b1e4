"""Personal data stays out of logs and error reports."""

import logging

from django.test import RequestFactory, SimpleTestCase

from dualcareer.core.logging import NoPersonalDataFilter, PersonalDataExceptionReporterFilter


class LoggingFilterTests(SimpleTestCase):
    def record(self, msg: str, *args: object) -> logging.LogRecord:
        return logging.LogRecord("x", logging.WARNING, __file__, 1, msg, args, None)

    def test_email_addresses_are_masked(self) -> None:
        record = self.record("login failed for %s", "erika.mustermann@example.org")
        NoPersonalDataFilter().filter(record)
        self.assertEqual(record.getMessage(), "login failed for <email>")

    def test_query_strings_are_dropped(self) -> None:
        record = self.record('"GET /openings/?q=Anna+Schmidt HTTP/1.1" 200')
        NoPersonalDataFilter().filter(record)
        self.assertNotIn("Schmidt", record.getMessage())

    def test_plain_messages_are_unchanged(self) -> None:
        record = self.record("server started on port %d", 8000)
        NoPersonalDataFilter().filter(record)
        self.assertEqual(record.getMessage(), "server started on port 8000")

    def test_error_reports_never_contain_post_values(self) -> None:
        request = RequestFactory().post("/cases/", {"note": "pregnant, moving in May"})
        params = PersonalDataExceptionReporterFilter().get_post_parameters(request)
        self.assertNotIn("pregnant", str(params))
        self.assertIn("note", params)
