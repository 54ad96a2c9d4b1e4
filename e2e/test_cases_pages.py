"""Accessibility of the other case pages, in German and English, with the demo data."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import axe_check, login

OFFICER_PAGES = ["/cases/", "/en/cases/", "/cases/process/", "/cases/rules/", "/dashboard/"]
PARTNER_PAGES = [
    "/en/cases/my/",
    "/en/cases/my/profile/",
    "/cases/my/consent/",
    "/en/cases/my/export/",
    "/cases/my/erase/",
    "/en/dashboard/",
]


def test_officer_pages_are_accessible(page) -> None:
    login(page, "dcs.bochum@example.org")
    for path in OFFICER_PAGES:
        page.goto(path)
        axe_check(page)
    # The demo case of the partner Alex Demo, and its data-protection pages.
    page.goto("/cases/")
    page.get_by_role("row", name=re.compile("Alex Demo")).get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    case_url = page.url
    expect(page.get_by_role("heading", name="Beratungsprotokoll")).to_be_visible()
    axe_check(page)
    for suffix in ("export/", "handover/", "edit/", "profile/"):
        page.goto(case_url + suffix)
        axe_check(page)


@pytest.mark.parametrize("path", PARTNER_PAGES)
def test_partner_pages_are_accessible(page, path) -> None:
    login(page, "partner@example.org")
    page.goto(path)
    axe_check(page)


def test_coordinator_sees_only_anonymised_counts(page) -> None:
    login(page, "koordination@example.org")
    expect(page.get_by_role("heading", name="Fälle im Netzwerk (anonymisiert)")).to_be_visible()
    assert "Alex Demo" not in page.content()
    axe_check(page)
    page.goto("/cases/")
    assert page.get_by_role("heading", level=1).inner_text() != "Fälle"
