"""Browser-test harness: the real server on a real database, driven by Chromium.

One server per test session: gunicorn serving `config.wsgi` with production
settings (DEBUG off, static files through WhiteNoise after collectstatic) on
a fresh database with the demo data — a SQLite file, or, when DATABASE_URL
points at PostgreSQL, a database of its own created for the session and
dropped afterwards. E-mail goes to files in a temporary folder that tests
read with the `mailbox` fixture.

The browser is Debian's Chromium (CHROMIUM_PATH), driven by Playwright's
Python API; Playwright's own browser download is never used. axe-core comes
from the npm registry (e2e/node_modules, installed by `make e2e`).
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "demo-dualcareer-2026"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    for item in items:
        item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_database(base_url: str) -> tuple[str, Callable[[], None]]:
    """Create a fresh database next to DATABASE_URL's; return its URL and a cleanup."""
    import psycopg

    parsed = urlparse(base_url)
    name = f"e2e_{uuid.uuid4().hex[:10]}"
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return parsed._replace(path=f"/{name}").geturl(), drop


def start_gunicorn(
    env: dict[str, str], port: int, log: Any, *, workers: int = 2, threads: int = 4
) -> subprocess.Popen[bytes]:
    """Start gunicorn serving `config.wsgi` on 127.0.0.1:`port`, logging to `log`."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            "120",
            "--access-logfile",
            "-",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_until_answering(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    """Wait until `url` answers (2xx, 3xx); fail with the server's log if it exits or is slow."""
    # Generous: on a busy machine the first gunicorn worker takes long to import.
    deadline = time.monotonic() + float(os.environ.get("E2E_START_SECONDS", "180"))
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310
                return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("e2e server did not start:\n" + log_path.read_text()) from None
            time.sleep(0.3)


@dataclass
class Server:
    url: str
    env: dict[str, str]
    mail_dir: Path

    def manage(self, *args: str) -> str:
        """Run a management command against the server's database; return its output."""
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
        return result.stdout


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    tmp = Path(tempfile.mkdtemp(prefix="dualcareer-e2e-"))
    mail_dir = tmp / "mail"
    mail_dir.mkdir()
    cleanup: Callable[[], None] = lambda: None  # noqa: E731
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.startswith(("postgres://", "postgresql://")):
        database_url, cleanup = _postgres_database(database_url)
    else:
        database_url = f"sqlite:///{tmp / 'e2e.sqlite3'}"
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "e2e-" + uuid.uuid4().hex * 2,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_SECURE_COOKIES": "false",
        "DJANGO_HSTS_SECONDS": "0",
        # The feed test serves its feed from a local server (127.0.0.1): tests only.
        "OPENINGS_IMPORT_ALLOW_PRIVATE_HOSTS": "true",
        "DATABASE_URL": database_url,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "EMAIL_URL": "filemail://",
        "EMAIL_FILE_PATH": str(mail_dir),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "AXES_FAILURE_LIMIT": "50",
    }
    server = Server(url=f"http://127.0.0.1:{port}", env=env, mail_dir=mail_dir)
    server.manage("migrate", "--noinput", "-v0")
    server.manage("collectstatic", "--noinput", "-v0")
    server.manage("demo_load", "--allow-production")
    log = (tmp / "server.log").open("w")
    process = start_gunicorn(env, port, log)
    # The background worker sends the queued e-mails (and runs imports), as in production.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_answering(server.url + "/", process, tmp / "server.log")
        yield server
    finally:
        worker.terminate()
        process.terminate()
        try:
            process.wait(timeout=10)
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            worker.kill()
        log.close()
        errors = [
            line
            for line in (tmp / "server.log").read_text().splitlines()
            if '" 500 ' in line or "Internal Server Error" in line
        ]
        cleanup()
        shutil.rmtree(tmp, ignore_errors=True)
        assert not errors, "the server answered with errors:\n" + "\n".join(errors)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.fail(f"Chromium not found at {executable}; set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(base_url=server.url, locale="de-DE")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: Any) -> Any:
    return context.new_page()


@pytest.fixture
def new_page(browser: Any, server: Server) -> Iterator[Callable[[], Any]]:
    """Open a page in a browser context of its own (a second person)."""
    contexts: list[Any] = []

    def make() -> Any:
        ctx = browser.new_context(base_url=server.url, locale="de-DE")
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


# The demo staff's authenticator secret (dualcareer/accounts/demo.py): the
# coordinator and officers give a code after the password, as in production.
DEMO_TOTP_SECRET = "DEMODUALCAREERTWOFACTORSECRETXYZ"
# How long a login may wait for the dashboard after the second factor.
LOGIN_SECONDS = 60
_last_totp_step: dict[str, int] = {}


def totp_code(email_address: str, secret: str = DEMO_TOTP_SECRET) -> str:
    """Return a code not used before for this account (waits for the next step if needed)."""
    import base64

    from django_otp.oath import TOTP

    totp = TOTP(base64.b32decode(secret), step=30, digits=6)
    # A code is accepted once, and the server takes the next step's code too (clock drift):
    # the same account again within 30 s uses the next step, and waits only after that.
    step = max(int(time.time()) // 30, _last_totp_step.get(email_address, -1) + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(0.5)
    totp.time = step * 30 + 1
    _last_totp_step[email_address] = step
    return f"{totp.token():06d}"


def login(page: Any, email_address: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the real login form (and the second factor) and wait for the dashboard."""
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email_address)
    page.get_by_label("Passwort").fill(password)
    page.locator("main").get_by_role("button", name="Anmelden").click()
    page.wait_for_url(re.compile(r"/(dashboard|accounts/two-factor/verify)/"))
    if "/two-factor/" in page.url:
        page.get_by_label("Code").fill(totp_code(email_address))
        page.locator("main form button[type=submit]").first.click()
        try:
            # The session's first dashboard can take longer than a click's 15 s: gunicorn's
            # workers and the background worker (linking the demo's titles) start together on
            # the machine's cores.
            page.wait_for_url("**/dashboard/", timeout=LOGIN_SECONDS * 1000)
        except Exception as error:
            shown = page.locator("main").inner_text(timeout=5_000)[:500]
            raise AssertionError(
                f"login of {email_address} stopped at {page.url}: {shown}"
            ) from error


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the page; return violations of `impacts`."""
    if not AXE_JS.exists():
        pytest.fail("axe-core missing: run `npm ci --prefix e2e` (make e2e does)")
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
            resultTypes: ['violations'],
        })"""
    )
    return [v for v in result["violations"] if v["impact"] in impacts]


def axe_check(page: Any) -> None:
    """Fail with a readable list when the page has serious or critical violations."""
    violations = axe_violations(page)
    details = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']} @ "
        + ", ".join(str(node["target"]) for node in v["nodes"][:3])
        for v in violations
    )
    assert not violations, f"accessibility violations on {page.url}:\n{details}"


class Mailbox:
    """The e-mails the server wrote to its mail folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def messages(self) -> list[EmailMessage]:
        found = []
        for path in sorted(self.folder.glob("*.log"), key=lambda p: p.stat().st_mtime):
            raw = path.read_bytes()
            # The file backend separates messages by a line of 79 dashes.
            for chunk in raw.split(b"\n" + b"-" * 79 + b"\n"):
                if chunk.strip():
                    found.append(
                        email.message_from_bytes(chunk.strip() + b"\n", policy=email.policy.default)
                    )
        return found

    def last_to(
        self, address: str, timeout: float = 10.0, subject: str = "", text: str = ""
    ) -> EmailMessage:
        """Return the newest message to `address` (with `subject`, `text` in it), waiting for it.

        E-mail goes out through the outbox and the worker, so a message may
        arrive a moment after the page that queued it.
        """
        deadline = time.monotonic() + timeout
        while True:
            matching = [
                m
                for m in self.messages()
                if address in str(m.get("To", ""))
                and subject in str(m.get("Subject", ""))
                and text in self.body(m)
            ]
            if matching:
                return matching[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no e-mail to {address}")
            time.sleep(0.2)

    @staticmethod
    def body(message: EmailMessage) -> str:
        part = message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @staticmethod
    def links(message: EmailMessage) -> list[str]:
        return [w for w in Mailbox.body(message).split() if w.startswith("http")]


@pytest.fixture
def mailbox(server: Server) -> Mailbox:
    return Mailbox(server.mail_dir)
