"""The partner's journey in English (issue 11): from the invitation e-mail to "introduce me"
and the timeline, following the links in the e-mails, each page checked with axe and at
375 px for horizontal scrolling.

With DC_SCREENSHOTS=1 the test saves PNG screenshots of the partner's pages in
docs/screenshots/ (`DC_SCREENSHOTS=1 make e2e ARGS=...`).
"""

from __future__ import annotations

import os
import re
import uuid
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from e2e.conftest import Mailbox, axe_check, login

OFFICER = "dcs.bochum@example.org"
EMPLOYER = "personal.mpi@example.org"
NARROW = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 900}
# The first ranking in a server process loads the embedding model (several seconds).
ENGINE_TIMEOUT_MS = 120_000
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PASSWORD = "a-sturdy-passphrase-2026"


def assert_reflows(page: Any) -> None:
    """At 375 CSS px the page scrolls only vertically (WCAG 1.4.10), and passes axe."""
    size = page.viewport_size
    page.set_viewport_size(NARROW)
    sizes = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth,
                   client: document.documentElement.clientWidth})"""
    )
    if sizes["scroll"] > sizes["client"]:
        culprits = page.evaluate(
            """() => Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right
                             > document.documentElement.clientWidth + 1)
                .slice(0, 6).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' +
                                      (e.textContent || '').trim().slice(0, 40))"""
        )
        raise AssertionError(f"{page.url} scrolls horizontally: {sizes}; too wide: {culprits}")
    axe_check(page)
    page.set_viewport_size(size or WIDE)


def screenshot(page: Any, name: str) -> None:
    """Save a PNG of the page's top (with DC_SCREENSHOTS set), kept below 300 KB."""
    if not os.environ.get("DC_SCREENSHOTS"):
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if path.stat().st_size > 300_000:
        page.screenshot(path=str(path))


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def open_case_and_invite(
    page: Any, mailbox: Mailbox, *, tag: str, first_name: str
) -> tuple[str, str]:
    """The officer opens a case and invites the partner in English; return (case URL, e-mail)."""
    partner_email = f"{first_name.lower()}.{tag}@example.org"
    login(page, OFFICER)
    page.goto("/en/cases/new/")
    page.get_by_label("Name of the recruited person").fill(f"Prof. Dr. Journey {tag}")
    page.get_by_label("Partner's first name").fill(first_name)
    page.get_by_label("Partner's last name").fill(f"Traveller{tag}")
    page.get_by_label("Partner's e-mail address").fill(partner_email)
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url(re.compile(r"/en/cases/[0-9a-f-]{36}/$"))
    case_url = page.url
    page.get_by_role("link", name="Invite the partner").click()
    page.get_by_label("Language of the invitation").select_option("en")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url(case_url)
    return case_url, partner_email


def accept_invitation(partner: Any, mailbox: Mailbox, partner_email: str) -> None:
    """The partner follows the link in the invitation e-mail and sets a password."""
    message = mailbox.last_to(partner_email, text="/cases/invitation/")
    body = Mailbox.body(message)
    # Signed by the officer (name and e-mail), replies go to the officer.
    assert "Kind regards" in body
    assert OFFICER in body
    assert "Your Dual Career Service\n" not in body
    assert OFFICER in str(message.get("Reply-To", ""))
    link = next(url for url in Mailbox.links(message) if "/cases/invitation/" in url)
    assert "/en/cases/invitation/" in link
    partner.goto(link)
    axe_check(partner)
    partner.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    partner.get_by_label("Repeat the password").fill(PASSWORD)
    partner.get_by_role("button", name="Create my account").click()
    partner.wait_for_url("**/en/cases/my/profile/")


def post_opening(employer: Any, title: str) -> str:
    """The employer contact of MPI Dortmund posts a published opening; return its path."""
    login(employer, EMPLOYER)
    employer.goto("/en/openings/new/")
    employer.locator("#id_title_de").fill(title)
    employer.locator("#id_description_de").fill("Leitung des Proteomik-Labors, Datenanalyse.")
    employer.locator("#id_occupation_field").select_option("research")
    employer.locator("#id_contract_type").select_option("fixed_term")
    employer.locator("#id_places-0-postcode").fill("44227")
    employer.locator("main form button[type=submit]").last.click()
    employer.wait_for_url(re.compile(r"/en/openings/[0-9a-f-]{36}/$"))
    return path_of(employer.url).removeprefix("/en")


def fill_profile(partner: Any, field: str) -> None:
    """The partner fills the professional profile in English and saves it."""
    expect(partner.get_by_text("Employers see this text word for word").first).to_be_visible()
    partner.get_by_label("Highest degree").select_option("doctorate")
    partner.get_by_label("Professional field").fill(field)
    partner.get_by_label("Skills").fill("Mass spectrometry, data analysis, Python, teaching")
    partner.get_by_label("Desired positions").fill("Research associate, lab manager")
    partner.get_by_label("Working time").select_option("full_time")
    partner.get_by_label(re.compile(r"^Language 1:?$")).select_option("en")
    partner.get_by_label("Level of language 1 (CEFR)").select_option("native")
    partner.get_by_label(re.compile(r"^Language 2:?$")).select_option("de")
    partner.get_by_label("Level of language 2 (CEFR)").select_option("B1")
    partner.get_by_label("Places where you can work").fill("Dortmund, Bochum")
    partner.get_by_role("button", name="Save the profile").click()
    partner.wait_for_url("**/en/cases/my/")


def grant(partner: Any, scope_label: str) -> None:
    """Grant one scope on the consent page (for 12 months)."""
    section = partner.locator(
        "section.consent-row", has=partner.get_by_role("heading", name=scope_label)
    )
    section.get_by_role("button", name=re.compile("^Grant")).click()
    expect(partner.get_by_text("A receipt will be e-mailed to you shortly")).to_be_visible()


def test_partner_from_invitation_to_introduce_me_and_the_timeline(
    page, new_page, mailbox: Mailbox
) -> None:
    tag = uuid.uuid4().hex[:8]
    page.set_viewport_size(WIDE)
    case_url, partner_email = open_case_and_invite(page, mailbox, tag=tag, first_name="Robin")
    case_id = case_url.rstrip("/").rsplit("/", 1)[1]

    # 1. From the invitation e-mail to the profile, with the employers' preview.
    partner = new_page()
    partner.set_viewport_size(WIDE)
    accept_invitation(partner, mailbox, partner_email)
    assert_reflows(partner)
    fill_profile(partner, f"Biochemistry {tag}")
    partner.goto("/en/cases/my/profile/")
    preview = partner.locator("aside.employer-preview")
    expect(preview.get_by_role("heading", name="What employers see")).to_be_visible()
    assert f"Biochemistry {tag}" in preview.inner_text()
    assert f"Traveller{tag}" not in preview.inner_text()
    screenshot(partner, "partner-profile-preview-en")
    assert_reflows(partner)

    # 2. My case names the officer with contact data.
    partner.goto("/en/cases/my/")
    contact = partner.locator(
        "section", has=partner.get_by_role("heading", name="Your contact person")
    )
    assert OFFICER in contact.inner_text()
    assert_reflows(partner)

    # 3. Consent: which institutions each scope covers, a receipt by e-mail, its link.
    partner.goto("/en/cases/my/consent/")
    expect(partner.get_by_text(re.compile(r"Covers today \d+ institutions?")).first).to_be_visible()
    expect(partner.get_by_role("heading", name="What an employer sees")).to_be_visible()
    for scope in (
        "Share my profile within the institution that supports me",
        "Share my profile with member universities and research institutes",
        "Share my profile with member employers of other sectors",
    ):
        grant(partner, scope)
    screenshot(partner, "partner-consent-en")
    assert_reflows(partner)
    receipt = mailbox.last_to(partner_email, subject="Receipt: you granted your consent")
    assert OFFICER in str(receipt.get("Reply-To", ""))
    link = next(url for url in Mailbox.links(receipt) if "/cases/my/consent/" in url)
    assert "/en/cases/my/consent/" in link
    partner.goto(link)
    expect(partner.get_by_role("heading", level=1, name="My consent")).to_be_visible()

    # 4. The matching openings offer "Save to my list" and "I'm interested — please
    # introduce me"; the partner saves one there, and asks for an introduction on the
    # page of an opening of the Max Planck Institute (an employer with a contact person).
    employer = new_page()
    title = f"Proteomics scientist {tag}"
    opening_path = post_opening(employer, title)
    partner.goto("/en/openings/matches/", timeout=ENGINE_TIMEOUT_MS)
    card = partner.locator(
        "li.card", has=partner.get_by_role("button", name=re.compile("^I.m interested"))
    ).first
    saved_title = card.get_by_role("heading", level=2).inner_text().strip()
    with partner.expect_navigation(timeout=ENGINE_TIMEOUT_MS):
        card.get_by_role("button", name=re.compile("^Save to my list")).click()
    expect(partner.get_by_text("The opening was saved on your list.")).to_be_visible()
    assert_reflows(partner)
    partner.goto(f"/en{opening_path}")
    with partner.expect_navigation():
        partner.get_by_role("button", name=re.compile("^I.m interested")).click()
    expect(partner.get_by_text("will get in touch with you about an introduction")).to_be_visible()
    expect(partner.get_by_text("knows that you are interested")).to_be_visible()
    assert_reflows(partner)
    partner.goto("/en/openings/saved/")
    expect(partner.get_by_role("heading", name=saved_title)).to_be_visible()
    assert_reflows(partner)

    # 5. The officer is told by e-mail, sees it on the case and introduces the partner.
    told = mailbox.last_to(OFFICER, text=case_id)
    assert title in Mailbox.body(told)
    page.goto(path_of(case_url))
    asks = page.locator(
        "section", has=page.get_by_role("heading", name="The partner asks to be introduced")
    )
    assert title in asks.inner_text()
    asks.get_by_role("link", name="Introduce for this opening").first.click()
    page.locator("#id_selection_notice").check()
    page.get_by_role("button", name="Introduce", exact=True).click()
    page.wait_for_url(re.compile(r"/openings/cases/[0-9a-f-]{36}/$"), timeout=60_000)

    # 6. The partner is told in English, follows the link and sees the timeline.
    introduced = mailbox.last_to(partner_email, subject="You were introduced to")
    assert "Kind regards" in Mailbox.body(introduced)
    link = next(url for url in Mailbox.links(introduced) if "/cases/my/" in url)
    assert "/en/cases/my/" in link
    partner.goto(link)
    timeline = partner.locator(
        "section", has=partner.get_by_role("heading", name="What happened so far")
    )
    text = timeline.inner_text()
    assert "You were introduced to" in text
    assert "You asked to be introduced for" in text
    assert "You granted your consent" in text
    screenshot(partner, "partner-my-case-timeline-en")
    assert_reflows(partner)
    partner.goto("/en/openings/introductions/mine/")
    assert title in partner.locator("main").inner_text()
    assert_reflows(partner)

    # 7. The readable export in English (and its PDF).
    partner.goto("/en/cases/my/export/")
    main = partner.locator("main").inner_text()
    assert "First name" in main and "first_name" not in main and "cases/cv/" not in main
    screenshot(partner, "partner-export-en")
    assert_reflows(partner)
    with partner.expect_download() as download:
        partner.get_by_role("link", name="Download as PDF").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
