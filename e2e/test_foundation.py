"""Log in as each role, switch language, accessibility of the public pages."""

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import axe_check, login

DEMO_LOGINS = [
    ("koordination@example.org", "Von Ihnen koordinierte Netzwerke"),
    ("dcs.bochum@example.org", "Ihre Rollen"),
    ("dcs.dortmund@example.org", "Your roles"),  # prefers English
    ("personal.mpi@example.org", "Ihre Rollen"),
    ("partner@example.org", None),
]


@pytest.mark.parametrize(("email", "panel"), DEMO_LOGINS)
def test_each_demo_role_logs_in_and_reaches_its_dashboard(page, email, panel) -> None:
    login(page, email)
    expect(page.locator("h1").first).to_be_visible()
    if panel:
        expect(page.get_by_role("heading", name=panel)).to_be_visible()
    page.get_by_role("button", name="Abmelden").or_(
        page.get_by_role("button", name="Log out")
    ).click()
    page.wait_for_url("**/")
    assert (
        page.get_by_role("link", name="Anmelden")
        .or_(page.get_by_role("link", name="Log in"))
        .is_visible()
    )


def test_wrong_password_shows_a_message(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill("dcs.bochum@example.org")
    page.get_by_label("Passwort").fill("not-the-password")
    page.locator("main").get_by_role("button", name="Anmelden").click()
    # The error summary (role=alert) names the problem.
    assert "Die E-Mail-Adresse oder das Passwort" in page.get_by_role("alert").inner_text()


def test_language_switch_keeps_the_page_and_is_remembered(page, new_page) -> None:
    login(page, "dcs.bochum@example.org")
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_role("button", name="English").click()
    page.wait_for_url("**/en/dashboard/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("heading", name="Your roles")).to_be_visible()
    # A new login elsewhere continues in the remembered language.
    other = new_page()
    login(other, "dcs.bochum@example.org")  # password and second factor
    assert other.url.endswith("/en/dashboard/")
    # Switch back so other tests see the demo user as loaded.
    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_url(re.compile(r"^http://[^/]+/dashboard/$"))
    assert page.locator("html").get_attribute("lang") == "de"


def test_english_start_page(page) -> None:
    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Dual Career support in the network"


@pytest.mark.parametrize("path", ["/", "/en/", "/accounts/login/", "/en/accounts/login/"])
def test_public_pages_have_no_serious_accessibility_violations(page, path) -> None:
    page.goto(path)
    axe_check(page)


def test_skip_link_moves_focus_to_main(page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    # A same-document navigation: poll the address (no load event to wait for), don't race it.
    expect(page).to_have_url(re.compile(r"#main$"))
