"""Personal data stays out of logs and error reports."""

import datetime as dt
import io
import logging
import runpy
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import RequestFactory, SimpleTestCase, TestCase
from django.urls import URLResolver, get_resolver, reverse
from django.utils.module_loading import import_string

from dualcareer.core.logging import (
    NoPersonalDataFilter,
    PersonalDataExceptionReporterFilter,
    mask_text,
    mask_tokens,
)


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


TOKEN = "Zm9vYmFy:1uAbCd:Q2xY8kLmNoPqRsTuVwXyZ0123456789"


class MaskTokensTests(SimpleTestCase):
    def test_tokens_of_every_secret_link_are_masked(self) -> None:
        for path in (
            f"/cases/invitation/{TOKEN}/",
            f"/en/cases/invitation/{TOKEN}/",
            f"/openings/requests/answer/{TOKEN}/",
            f"/network/applications/reply/{TOKEN}/",
            f"/openings/searches/unsubscribe/{TOKEN}/",
            "/accounts/reset/MQ/cbx3k2-0123456789abcdef0123456789abcdef/",
        ):
            with self.subTest(path=path):
                masked = mask_text(f"Not Found: {path}")
                self.assertIn("<token>", masked)
                self.assertNotIn(TOKEN, masked)
                self.assertNotIn("0123456789abcdef", masked)

    def test_a_lowercase_token_after_a_secret_route_is_masked_too(self) -> None:
        self.assertEqual(
            mask_tokens("/cases/invitation/abcdefghijklmnopqrstuvwxyz/"),
            "/cases/invitation/<token>/",
        )

    def test_the_reset_form_and_done_pages_keep_their_names(self) -> None:
        self.assertEqual(
            mask_tokens("/accounts/reset/MQ/set-password/"),
            "/accounts/reset/<token>/set-password/",
        )
        self.assertEqual(mask_tokens("/accounts/reset/done/"), "/accounts/reset/done/")

    def test_ordinary_paths_with_uuids_and_slugs_stay_readable(self) -> None:
        for path in (
            "/cases/6f1d3c5e-2a8b-4c1e-9d0f-5b7a3e2c1d4f/",
            "/network/members/universitaet-duisburg-essen-2024/users/",
            "/api/introductions/6f1d3c5e-2a8b-4c1e-9d0f-5b7a3e2c1d4f/answer/",
            "/static/site/app.3f2a1b4c5d6e.css",
        ):
            with self.subTest(path=path):
                self.assertEqual(mask_tokens(path), path)

    def test_every_url_pattern_with_a_token_is_covered(self) -> None:
        """A new route with a secret in its path fails here until mask_tokens covers it."""
        routes = list(_token_routes(get_resolver().url_patterns))
        self.assertGreaterEqual(len(routes), 5)
        for name, params in routes:
            kwargs = {param: f"sEcReT{index}{TOKEN[:12]}" for index, param in enumerate(params)}
            path = reverse(name, kwargs=kwargs)
            with self.subTest(route=name):
                masked = mask_tokens(path)
                for value in kwargs.values():
                    self.assertNotIn(value, masked)


def _token_routes(patterns, namespace=""):
    """(URL name, converter names) of every route taking a token-like parameter."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _token_routes(pattern.url_patterns, inner)
            continue
        converters = getattr(pattern.pattern, "converters", {})
        secret = [name for name in converters if "token" in name or name == "uidb64"]
        if secret and pattern.name:
            yield f"{namespace}{pattern.name}", list(converters)


class LogRecordMaskingTests(SimpleTestCase):
    def record(self, msg: str, *args: object, exc_info=None) -> logging.LogRecord:
        return logging.LogRecord("x", logging.ERROR, __file__, 1, msg, args, exc_info)

    def test_e_mail_addresses_in_exception_texts_and_tracebacks_are_masked(self) -> None:
        try:
            raise ValidationError("“erika@example.org” is not a valid UUID.")
        except ValidationError:
            record = self.record("Internal Server Error: %s", "/openings/", exc_info=sys.exc_info())
        NoPersonalDataFilter().filter(record)
        text = logging.Formatter().format(record)
        self.assertNotIn("erika@example.org", text)
        self.assertIn("<email>", text)
        self.assertIn("Traceback", text)

    def test_stack_traces_are_masked(self) -> None:
        record = self.record("x")
        record.stack_info = f'File "x.py", in view of /cases/invitation/{TOKEN}/'
        NoPersonalDataFilter().filter(record)
        self.assertNotIn(TOKEN, record.stack_info)


class LoggingConfigurationTests(SimpleTestCase):
    def test_every_configured_handler_masks_personal_data(self) -> None:
        config: dict[str, Any] = settings.LOGGING
        for name, handler in config["handlers"].items():
            with self.subTest(handler=name):
                self.assertIn("no_personal_data", handler.get("filters", []))

    def test_every_configured_logger_writes_through_configured_handlers_only(self) -> None:
        config: dict[str, Any] = settings.LOGGING
        loggers = {"root": config["root"], **config["loggers"]}
        for name, logger in loggers.items():
            with self.subTest(logger=name):
                self.assertLessEqual(set(logger["handlers"]), set(config["handlers"]))
        self.assertIn("django.server", config["loggers"])


class RequestLogTests(TestCase):
    """What the configured handlers write, not only what the filter returns."""

    def capture(self, logger_name: str) -> io.StringIO:
        stream = io.StringIO()
        handlers = logging.getLogger(logger_name).handlers
        self.assertTrue(handlers)
        for handler in handlers:
            self.assertTrue(any(isinstance(f, NoPersonalDataFilter) for f in handler.filters))
            assert isinstance(handler, logging.StreamHandler)
            previous = handler.setStream(stream)
            self.addCleanup(handler.setStream, previous)
        return stream

    def test_a_404_on_a_token_link_is_logged_without_the_token(self) -> None:
        stream = self.capture("django.request")
        response = self.client.get(f"/cases/invitation/{TOKEN}/")
        self.assertIn(response.status_code, (404, 410))
        text = stream.getvalue()
        self.assertIn("/cases/invitation/<token>/", text)
        self.assertNotIn(TOKEN, text)

    def test_the_development_servers_request_log_is_masked(self) -> None:
        stream = self.capture("django.server")
        logging.getLogger("django.server").info(
            '"%s" %s %s', f"GET /openings/requests/answer/{TOKEN}/ HTTP/1.1", 200, 10
        )
        self.assertNotIn(TOKEN, stream.getvalue())

    def test_a_malformed_id_from_a_form_is_logged_without_what_was_typed(self) -> None:
        stream = self.capture("django.request")
        self.client.force_login(self.make_partner())
        response = self.client.post(
            reverse("exchange:my_introductions"), {"introduction": "erika@example.org"}
        )
        self.assertIn(response.status_code, (400, 404))
        self.assertNotIn("erika@example.org", stream.getvalue())

    def make_partner(self):
        from dualcareer.accounts.models import User

        return User.objects.create_user(
            "partner@example.org", "x-long-password-1", kind=User.Kind.PARTNER
        )


class GunicornAccessLogTests(SimpleTestCase):
    def conf(self) -> dict:
        return runpy.run_path(str(Path(settings.BASE_DIR) / "gunicorn.conf.py"))

    def logger(self, stream: io.StringIO):
        from gunicorn.config import Config

        conf = self.conf()
        self.assertEqual(conf["logger_class"], "dualcareer.core.accesslog.AccessLogger")
        cfg = Config()
        cfg.set("accesslog", "-")
        cfg.set("access_log_format", conf["access_log_format"])
        logger = import_string(conf["logger_class"])(cfg)
        handler = logging.StreamHandler(stream)
        logger.access_log.addHandler(handler)
        self.addCleanup(logger.access_log.removeHandler, handler)
        return logger

    def test_the_access_log_line_masks_the_token(self) -> None:
        stream = io.StringIO()
        logger = self.logger(stream)
        path = f"/cases/invitation/{TOKEN}/"
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"{path}?next=erika@example.org",
            "PATH_INFO": path,
            "QUERY_STRING": "next=erika@example.org",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_REFERER": f"https://dualcareer.example.org{path}",
        }
        response = SimpleNamespace(status="404 Not Found", sent=120, headers=[])
        logger.access(response, SimpleNamespace(headers=[]), environ, dt.timedelta(seconds=0))
        line = stream.getvalue()
        self.assertIn('"GET /cases/invitation/<token>/"', line)
        self.assertNotIn(TOKEN, line)
        atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, dt.timedelta(0))
        for key in ("r", "U", "f", "q"):
            self.assertNotIn(TOKEN, atoms[key])
            self.assertNotIn("erika@example.org", atoms[key])
