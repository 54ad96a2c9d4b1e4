"""An employer contact registers a job feed served by a local server, the worker runs it,
the openings appear, and the run's report is shown; axe on every page."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from dualcareer.openings.tests.feed_server import FeedServer
from e2e.conftest import axe_check, login

EMPLOYER = "personal.mpi@example.org"


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    yield server
    server.stop()


def _posting(title: str, **extra: Any) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "description": "<p>Wir suchen Verstärkung.</p><ul><li>Labor</li><li>Auswertung</li></ul>",
        "validThrough": "2099-12-31",
        "employmentType": "Vollzeit",
        "hiringOrganization": {"name": "Max-Planck-Institut für molekulare Physiologie"},
        "jobLocation": {"address": {"postalCode": "44227", "addressLocality": "Dortmund"}},
        **extra,
    }


def test_register_a_feed_run_it_see_the_openings_and_the_report(page, feed_server) -> None:
    tag = uuid.uuid4().hex[:6]
    first, second = f"Laborleitung {tag}", f"Bioinformatik {tag}"
    abroad = f"Postdoc Maastricht {tag}"
    blocks = "".join(
        f'<script type="application/ld+json">{json.dumps(p)}</script>'
        for p in (
            _posting(first),
            _posting(second),
            _posting(
                abroad,
                jobLocation={
                    "address": {"addressLocality": "Maastricht", "addressCountry": "Nederland"}
                },
            ),
        )
    )
    feed_server.set("/karriere", f"<!DOCTYPE html><html><head>{blocks}</head><body></body></html>")
    url = feed_server.url("/karriere")

    login(page, EMPLOYER)
    page.goto("/openings/feeds/")
    axe_check(page)
    page.get_by_label("Adresse des Feeds").fill(url)
    page.get_by_label("Art des Feeds").select_option("page")
    page.get_by_label("Sichtbarkeit seiner Stellenangebote").select_option("network")
    page.get_by_role("button", name="Feed eintragen").click()
    page.wait_for_url("**/openings/feeds/")
    expect(page.get_by_text("Der Feed wurde eingetragen")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=url)
    assert row.count() == 1
    axe_check(page)

    # The worker runs the feed in the background: the page shows it once read.
    deadline = time.monotonic() + 60
    while "gelesen am" not in row.inner_text():
        assert time.monotonic() < deadline, row.inner_text()
        time.sleep(0.5)
        page.reload()
        row = page.get_by_role("row").filter(has_text=url)

    row.get_by_role("link", name="Bericht des letzten Abrufs").click()
    page.wait_for_url("**/openings/import/*/")
    expect(page.get_by_role("heading", name="Importbericht")).to_be_visible()
    assert page.locator('[data-field="created"]').inner_text() == "3"
    report = page.locator("table").inner_text()
    # Recognised without an identifier: by page, title, employer and place.
    assert report.count("Seite, Titel, Arbeitgeber und Ort") == 3
    axe_check(page)

    page.goto("/openings/mine/")
    for title in (first, second, abroad):
        expect(page.get_by_role("link", name=title, exact=True)).to_be_visible()
    page.get_by_role("link", name=abroad, exact=True).click()
    expect(page.get_by_text("Maastricht").first).to_be_visible()
    axe_check(page)
