"""Network and membership: apply, approve, find the new member; accessibility of the pages."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from e2e.conftest import Mailbox, axe_check, login

COORDINATOR = "koordination@example.org"


def wait_for_markers(page) -> None:
    """Wait until map.js has placed the markers (it sets data-markers)."""
    page.locator('#member-map[data-markers]:not([data-markers="0"])').wait_for(state="attached")


def fill_application(page, name: str, email: str) -> None:
    page.get_by_label("Dem Netzwerk beitreten").check()
    page.locator("#id_organisation_name").fill(name)
    page.locator("#id_sector").select_option("company")
    page.locator("#id_street").fill("Beispielweg 3")
    page.locator("#id_postcode").fill("44137")
    page.locator("#id_city").fill("Dortmund")
    page.locator("#id_offers_dual_career_service").check()
    page.get_by_role("checkbox", name="Englisch", exact=True).check()
    page.locator("#id_contact_name").fill("Robin Beispiel")
    page.locator("#id_contact_email").fill(email)
    page.locator("#id_contact_language").select_option("en")
    page.get_by_label(re.compile("^Wir erklären")).check()
    page.get_by_label(re.compile("^Ich bin einverstanden")).check()


def test_apply_approve_and_find_the_new_member(page, new_page, mailbox) -> None:
    suffix = uuid.uuid4().hex[:6]
    name = f"E2E Technik {suffix} GmbH"
    email = f"robin.{suffix}@example.org"

    # An organisation applies online.
    applicant = new_page()
    applicant.goto("/network/networks/dcn-ruhr/apply/")
    axe_check(applicant)
    fill_application(applicant, name, email)
    applicant.get_by_role("button", name="Antrag senden").click()
    applicant.wait_for_url("**/apply/thanks/")
    assert "Your application" in str(mailbox.last_to(email)["Subject"])

    # The coordinator sees it on the dashboard and approves it.
    login(page, COORDINATOR)
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    page.get_by_role("button", name="Antrag annehmen").click()
    page.wait_for_url("**/network/applications/")
    assert name in page.locator(".messages").inner_text()

    # The contact person receives an English e-mail with a link to set a password.
    welcome = mailbox.last_to(email, subject="Welcome")
    link = next(url for url in Mailbox.links(welcome) if "/reset/" in url)
    applicant.goto(link)
    applicant.locator("#id_new_password1").fill("E2e-new-member-pass-42")
    applicant.locator("#id_new_password2").fill("E2e-new-member-pass-42")
    applicant.get_by_role("button", name="Save password").click()
    applicant.wait_for_url("**/reset/done/")

    # The new member is in the public directory and on the map.
    visitor = new_page()
    visitor.goto("/network/members/?q=" + suffix)
    expect(visitor.get_by_role("link", name=name)).to_be_visible()
    visitor.goto("/network/members/map/?city=Dortmund")
    map_element = visitor.locator("#member-map")
    wait_for_markers(visitor)
    assert visitor.locator(f'.leaflet-marker-icon[alt="{name}"]').count() == 1
    assert int(map_element.get_attribute("data-markers")) >= 2
    expect(visitor.locator(".map-list").get_by_role("link", name=name)).to_be_visible()


def test_bad_input_gets_clear_messages(page) -> None:
    page.goto("/network/networks/dcn-ruhr/apply/")
    page.locator("#id_organisation_name").fill("<script>alert(1)</script>")
    page.locator("#id_postcode").fill("00000")
    page.get_by_role("button", name="Antrag senden").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    body = page.locator("main").inner_text()
    assert "ohne HTML-Tags" in body
    assert "Diese Postleitzahl gibt es in Deutschland nicht." in body
    assert "Bitte bestätigen Sie die Erklärung." in body
    axe_check(page)


def test_map_markers_are_reachable_by_keyboard(page) -> None:
    page.goto("/en/network/members/map/")
    wait_for_markers(page)
    marker = page.locator(".leaflet-marker-icon").first
    marker.focus()
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.get_by_role("link").first.get_attribute("href").startswith("/en/network/members/")


@pytest.mark.parametrize(
    "path",
    [
        "/network/members/",
        "/en/network/members/?sector=university",
        "/network/members/map/",
        "/en/network/members/map/",
        "/network/members/rub/",
        "/network/networks/dcn-ruhr/",
        "/network/networks/dcn-ruhr/statement/",
        "/en/network/networks/dcn-ruhr/statement/",
        "/network/networks/dcn-ruhr/statement/print/",
    ],
)
def test_public_network_pages_pass_axe(page, path) -> None:
    page.goto(path)
    if "/map/" in path:
        wait_for_markers(page)
    axe_check(page)


def test_the_statement_lists_its_signatories(page) -> None:
    page.goto("/network/networks/dcn-ruhr/statement/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Gemeinsame Erklärung")
    signatories = page.locator("table").first.locator("tbody tr")
    assert signatories.count() >= 20
    expect(page.get_by_role("link", name="Ruhr-Universität Bochum").first).to_be_visible()


def test_coordinator_pages_pass_axe(page) -> None:
    login(page, COORDINATOR)
    page.goto("/network/applications/")
    axe_check(page)
    page.locator("main table").first.get_by_role("link").first.click()
    axe_check(page)
    page.goto("/network/members/rub/edit/")
    axe_check(page)
