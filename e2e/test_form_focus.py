"""Forms for keyboard and screen-reader users (WCAG 3.3.1, 2.4.3, 4.1.3): a form sent back
with errors says so in the title and focuses an error summary whose links lead to the fields;
after a successful post the status message takes focus. In German and English.

With E2E_SCREENSHOTS=1 the error summary is saved to docs/screenshots/.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from e2e.conftest import ROOT, axe_check, login

SHOTS = ROOT / "docs" / "screenshots"


def active_id(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement && document.activeElement.id"))


def screenshot(page: Any, name: str) -> None:
    if os.environ.get("E2E_SCREENSHOTS") == "1":
        SHOTS.mkdir(parents=True, exist_ok=True)
        path: Path = SHOTS / name
        page.screenshot(path=str(path), full_page=False)


def test_a_failed_login_focuses_the_error_summary_in_both_languages(page) -> None:
    for path, prefix, button in (
        ("/en/accounts/login/", "Error: ", "Log in"),
        ("/accounts/login/", "Fehler: ", "Anmelden"),
    ):
        page.goto(path)
        page.locator("main").get_by_role("button", name=button).click()
        page.wait_for_load_state()
        assert page.title().startswith(prefix), page.title()
        assert active_id(page) == "error-summary"
        summary = page.locator("#error-summary")
        assert summary.get_attribute("role") == "alert"
        links = summary.get_by_role("link")
        assert links.count() >= 1
        axe_check(page)
        if prefix == "Error: ":
            screenshot(page, "error-summary-en.png")
        links.first.click()
        # The link focuses its field (not only scrolls to it).
        assert active_id(page).startswith("id_")


def test_after_a_successful_post_the_status_message_has_focus(page) -> None:
    login(page, "partner@example.org")  # prefers English
    page.goto("/en/cases/my/profile/")
    page.get_by_role("button", name="Save the profile").click()
    page.wait_for_load_state()
    status = page.locator("#status-message")
    expect(status).to_be_visible()
    assert "saved" in status.inner_text()
    assert active_id(page) == "status-message"
    axe_check(page)
