"""Cases in the browser: open, invite, partner self-service, consent, log, close; bad uploads."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

from playwright.sync_api import expect

from e2e.conftest import Mailbox, axe_check, login

OFFICER = "dcs.bochum@example.org"
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n96\n%%EOF\n"
)


def _open_case(page, recruited: str, partner_email: str) -> str:
    page.goto("/en/cases/new/")
    axe_check(page)
    page.get_by_label("Name of the recruited person").fill(recruited)
    page.get_by_label("Position").fill("W3 professorship for physics")
    page.get_by_label("Partner's first name").fill("Jordan")
    page.get_by_label("Partner's last name").fill("Example")
    page.get_by_label("Partner's e-mail address").fill(partner_email)
    page.get_by_role("button", name="Open the case").click()
    page.wait_for_url(re.compile(r"/en/cases/[0-9a-f-]{36}/$"))
    return page.url


def test_officer_and_partner_work_a_case_from_opening_to_closing(
    page, new_page, mailbox: Mailbox
) -> None:
    tag = uuid.uuid4().hex[:8]
    partner_email = f"jordan.{tag}@example.org"
    recruited = f"Prof. Dr. E2E {tag}"

    # The officer opens the case and invites the partner.
    login(page, OFFICER)
    case_url = _open_case(page, recruited, partner_email)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Case ")
    axe_check(page)
    page.get_by_role("link", name="Invite the partner").click()
    page.get_by_label("Language of the invitation").select_option("en")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url(case_url)
    assert page.get_by_text(
        "The invitation is queued and will be e-mailed in a moment."
    ).is_visible()

    # The partner follows the link from the e-mail and sets a password.
    message = mailbox.last_to(partner_email, text="/cases/invitation/")
    link = next(url for url in Mailbox.links(message) if "/cases/invitation/" in url)
    partner = new_page()
    partner.goto(link)
    axe_check(partner)
    partner.get_by_label(re.compile(r"^Password:?$")).fill("a-sturdy-passphrase-2026")
    partner.get_by_label("Repeat the password").fill("a-sturdy-passphrase-2026")
    partner.get_by_role("button", name="Create my account").click()
    partner.wait_for_url("**/en/cases/my/profile/")

    # The partner completes the profile in English.
    partner.get_by_label("Highest degree").select_option("doctorate")
    partner.get_by_label("Professional field").fill("Environmental engineering")
    partner.get_by_label("Skills").fill("Hydrology, GIS, project management")
    partner.get_by_label("Desired positions").fill("Project engineer, research associate")
    partner.get_by_label("Working time").select_option("full_time")
    partner.get_by_label(re.compile(r"^Language 1:?$")).select_option("en")
    partner.get_by_label("Level of language 1 (CEFR)").select_option("native")
    partner.get_by_label(re.compile(r"^Language 2:?$")).select_option("de")
    partner.get_by_label("Level of language 2 (CEFR)").select_option("B1")
    partner.get_by_label("Company").check()
    partner.get_by_label("Places where you can work").fill("Bochum, Essen")
    axe_check(partner)
    partner.get_by_role("button", name="Save the profile").click()
    partner.wait_for_url("**/en/cases/my/")
    expect(partner.get_by_text("The profile was saved.")).to_be_visible()
    expect(partner.get_by_text("First contact").first).to_be_visible()
    axe_check(partner)

    # ... and grants consent to share with member employers.
    partner.get_by_role("link", name="My consent").click()
    axe_check(partner)
    section = partner.locator(
        "section",
        has=partner.get_by_role(
            "heading", name="Share my profile with member employers of other sectors"
        ),
    )
    section.get_by_label("Valid for").select_option("6")
    section.get_by_role("button", name=re.compile("^Grant")).click()
    expect(partner.get_by_text("Consent granted")).to_be_visible()
    expect(section.get_by_text("Granted").first).to_be_visible()

    # The officer sees it, logs an activity and closes the case with an outcome.
    page.goto(case_url)
    expect(page.get_by_text("Environmental engineering")).to_be_visible()
    page.get_by_role("link", name="Log an activity").click()
    page.get_by_label("Kind of activity").select_option("cv_review")
    page.get_by_label("Duration in minutes").fill("45")
    page.get_by_label("Internal note").fill(f"CV reviewed {tag}")
    axe_check(page)
    page.get_by_role("button", name="Log the activity").click()
    page.wait_for_url(case_url)
    expect(page.get_by_text(f"CV reviewed {tag}")).to_be_visible()
    page.get_by_role("link", name="Close the case").click()
    page.get_by_label("Job found through the network").check()
    axe_check(page)
    page.get_by_role("button", name="Close the case").click()
    page.wait_for_url(case_url)
    expect(page.get_by_text("Outcome: Job found through the network")).to_be_visible()

    # The partner sees the status but never the internal note.
    partner.goto("/en/cases/my/")
    expect(partner.get_by_text("Closed: Job found through the network")).to_be_visible()
    assert f"CV reviewed {tag}" not in partner.content()


def test_bad_uploads_are_refused_and_a_failed_form_leaves_no_case(
    page, new_page, mailbox: Mailbox, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:8]
    partner_email = f"upload.{tag}@example.org"
    login(page, OFFICER)

    # A failed form stores nothing.
    page.goto("/en/cases/new/")
    page.get_by_label("Partner's e-mail address").fill("not an address")
    page.get_by_role("button", name="Open the case").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.url.endswith("/en/cases/new/")
    page.goto("/en/cases/")
    assert "not an address" not in page.content()

    case_url = _open_case(page, f"Prof. Upload {tag}", partner_email)
    page.get_by_role("link", name="Invite the partner").click()
    page.get_by_label("Language of the invitation").select_option("en")
    page.get_by_role("button", name="Send the invitation").click()
    page.wait_for_url(case_url)
    link = next(
        url
        for url in Mailbox.links(mailbox.last_to(partner_email, text="/cases/invitation/"))
        if "/cases/invitation/" in url
    )
    partner = new_page()
    partner.goto(link)
    partner.get_by_label(re.compile(r"^Password:?$")).fill("another-sturdy-phrase-7")
    partner.get_by_label("Repeat the password").fill("another-sturdy-phrase-7")
    partner.get_by_role("button", name="Create my account").click()
    partner.wait_for_url("**/en/cases/my/profile/")

    def fill_minimum() -> None:
        partner.get_by_label("Highest degree").select_option("master")
        partner.get_by_label("Professional field").fill("Accounting")
        partner.get_by_label("Skills").fill("IFRS")
        partner.get_by_label("Desired positions").fill("Controller")
        partner.get_by_label("Working time").select_option("part_time")
        partner.get_by_label(re.compile(r"^Language 1:?$")).select_option("en")
        partner.get_by_label("Level of language 1 (CEFR)").select_option("C2")

    exe = tmp_path / "cv.pdf"
    exe.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4000)
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    huge = tmp_path / "huge.pdf"
    with huge.open("wb") as handle:
        handle.write(MINIMAL_PDF)
        handle.seek(50 * 1024 * 1024)
        handle.write(b"\n%%EOF\n")
    for path, message in (
        (exe, "Only PDF and Word (DOCX) documents are accepted"),
        (empty, "The submitted file is empty"),
        (huge, "The file is too large"),
    ):
        fill_minimum()
        partner.get_by_label("CV (PDF or DOCX)").set_input_files(str(path))
        partner.get_by_role("button", name="Save the profile").click()
        # Named in the error summary (a link to the field) and at the field itself.
        expect(partner.get_by_role("link", name=re.compile(re.escape(message)))).to_be_visible()
        assert partner.locator("p").filter(has_text=message).is_visible(), message
        assert partner.url.endswith("/en/cases/my/profile/")
    axe_check(partner)

    # A real PDF is accepted.
    good = tmp_path / "my-cv.pdf"
    good.write_bytes(MINIMAL_PDF)
    fill_minimum()
    partner.get_by_label("CV (PDF or DOCX)").set_input_files(str(good))
    partner.get_by_role("button", name="Save the profile").click()
    partner.wait_for_url("**/en/cases/my/")
    page.goto(case_url)
    expect(page.get_by_role("link", name="Download the CV")).to_be_visible()
