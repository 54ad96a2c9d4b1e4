"""The "temporarily unavailable" page with the database down, in the browser.

A second gunicorn, with the session server's production settings and static
files but a database that cannot be reached (PostgreSQL: a port nothing
listens on; SQLite: a file in a folder that does not exist), serves the
real 503 page: no test-only switch in the application. The page must be
accessible (axe), in the reader's language, say when to come back
(`Retry-After`) and show no error details.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from e2e.conftest import Server, _free_port, axe_check, start_gunicorn, wait_until_answering


def _unreachable_database(server: Server, folder: Path) -> str:
    url = server.env["DATABASE_URL"]
    if url.startswith(("postgres://", "postgresql://")):
        # The same kind of database, on a port nothing listens on (a server that is down).
        return urlparse(url)._replace(netloc=f"postgres@127.0.0.1:{_free_port()}").geturl()
    return f"sqlite:///{folder / 'missing' / 'db.sqlite3'}"


@pytest.fixture(scope="module")
def down_server(server: Server) -> Iterator[str]:
    """The application with its database unreachable; yields its URL."""
    folder = Path(tempfile.mkdtemp(prefix="dualcareer-e2e-down-"))
    port = _free_port()
    env = {
        **server.env,
        "DATABASE_URL": _unreachable_database(server, folder),
        "SITE_URL": f"http://127.0.0.1:{port}",
    }
    log_path = folder / "server.log"
    log = log_path.open("w")
    process = start_gunicorn(env, port, log, workers=1, threads=1)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(url + "/healthz", process, log_path)  # liveness needs no database
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        text = log_path.read_text()
        # One warning line per request (the error's type), no 500, no traceback.
        assert '" 500 ' not in text and "Traceback" not in text, text
        shutil.rmtree(folder, ignore_errors=True)
        assert "database unavailable: OperationalError" in text, text


@pytest.fixture
def down_page(browser: Any, down_server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=down_server, locale="de-DE")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(
    ("path", "language", "heading", "text"),
    [
        ("/", "de", "Vorübergehend nicht erreichbar", "Bitte versuchen Sie es in einigen Minuten"),
        ("/en/", "en", "Temporarily unavailable", "Please try again in a few minutes"),
    ],
)
def test_the_database_down_page_is_accessible_in_the_readers_language(
    down_page: Any, path: str, language: str, heading: str, text: str
) -> None:
    stylesheets: list[int] = []
    down_page.on(
        "response",
        lambda r: stylesheets.append(r.status) if r.url.endswith(".css") else None,
    )
    response = down_page.goto(path)
    assert response is not None
    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    assert response.headers["cache-control"] == "no-store"
    assert down_page.locator("html").get_attribute("lang") == language
    expect(down_page.get_by_role("heading", level=1, name=heading)).to_be_visible()
    assert text in down_page.locator("main").inner_text()
    body = down_page.content()
    for detail in ("OperationalError", "Traceback", "sqlite", "connection"):
        assert detail not in body
    # The site's stylesheet comes without the database (static files), so axe
    # judges the page as readers see it (contrast included).
    assert stylesheets == [200]
    axe_check(down_page)


def test_a_signed_in_reader_with_a_session_cookie_gets_the_page_too(
    down_page: Any, down_server: str
) -> None:
    # The session is looked up in the database before any view: handler500's 503.
    down_page.context.add_cookies([{"name": "sessionid", "value": "x" * 32, "url": down_server}])
    response = down_page.goto("/en/dashboard/")
    assert response is not None
    assert response.status == 503
    assert response.headers["retry-after"] == "30"
    expect(
        down_page.get_by_role("heading", level=1, name="Temporarily unavailable")
    ).to_be_visible()
    axe_check(down_page)
