"""The employer's journey (issue 11): from posting an opening to learning the partner's
name. The officer introduces a partner, the employer asks for the name, the partner
confirms the reveal (following the e-mail link), the employer and the officer are told,
and the employer's dashboard shows the name. Each page with axe and at 375 px."""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import expect

from e2e.conftest import Mailbox, axe_check
from e2e.test_journey_partner import (
    EMPLOYER,
    OFFICER,
    WIDE,
    accept_invitation,
    assert_reflows,
    fill_profile,
    grant,
    open_case_and_invite,
    path_of,
    post_opening,
    screenshot,
)


def test_employer_posts_and_learns_the_name_after_the_partner_confirms(
    page, new_page, mailbox: Mailbox
) -> None:
    tag = uuid.uuid4().hex[:8]
    title = f"Laborleitung Proteomik {tag}"

    # A partner with a profile and consent for universities and research institutes.
    officer = page
    officer.set_viewport_size(WIDE)
    case_url, partner_email = open_case_and_invite(officer, mailbox, tag=tag, first_name="Sasha")
    case_id = case_url.rstrip("/").rsplit("/", 1)[1]
    partner = new_page()
    partner.set_viewport_size(WIDE)
    accept_invitation(partner, mailbox, partner_email)
    fill_profile(partner, f"Proteomics {tag}")
    partner.goto("/en/cases/my/consent/")
    grant(partner, "Share my profile with member universities and research institutes")

    # 1. The employer contact of MPI Dortmund posts an opening.
    employer = new_page()
    employer.set_viewport_size(WIDE)
    opening_path = post_opening(employer, title)
    expect(employer.get_by_role("heading", level=1, name=title)).to_be_visible()
    opening_id = opening_path.rstrip("/").rsplit("/", 1)[1]
    assert_reflows(employer)
    employer.goto("/en/openings/new/")
    assert_reflows(employer)

    # 2. The officer introduces the partner for it.
    officer.goto(f"/en/openings/cases/{case_id}/introduce/?opening={opening_id}")
    officer.locator("#id_selection_notice").check()
    officer.get_by_role("button", name="Introduce", exact=True).click()
    officer.wait_for_url(re.compile(r"/en/openings/cases/[0-9a-f-]{36}/$"))

    # 3. The employer follows the e-mail link and asks for the name.
    message = mailbox.last_to(EMPLOYER, text=title)
    link = next(url for url in Mailbox.links(message) if "/openings/introductions/" in url)
    introduction_id = link.rstrip("/").rsplit("/", 1)[1]
    employer.goto(path_of(link))
    main = employer.locator("main").inner_text()
    assert f"Traveller{tag}" not in main and partner_email not in main
    assert_reflows(employer)
    employer.locator("form:has(input[name=action][value=reveal]) button").click()
    employer.wait_for_load_state()
    expect(employer.locator("[role=status]").first).to_be_visible()

    # 4. The partner is asked by e-mail (in English), confirms on the confirmation page.
    asked = mailbox.last_to(partner_email, subject="An employer would like to learn your name")
    assert "Kind regards" in Mailbox.body(asked)
    link = next(url for url in Mailbox.links(asked) if "/reveal/" in url)
    assert f"/en/openings/introductions/{introduction_id}/reveal/" in link
    partner.goto(link)
    expect(partner.get_by_role("heading", level=1, name="Reveal your name?")).to_be_visible()
    assert partner_email in partner.locator("main").inner_text()
    screenshot(partner, "partner-reveal-confirmation-en")
    assert_reflows(partner)
    partner.get_by_role("button", name="Yes, reveal my name to this employer").click()
    partner.wait_for_url("**/en/openings/introductions/mine/")
    expect(partner.get_by_text("will be e-mailed shortly")).to_be_visible()
    assert_reflows(partner)

    # 5. The employer and the officer are told by e-mail.
    told = mailbox.last_to(EMPLOYER, text=introduction_id)
    assert f"Traveller{tag}" not in Mailbox.body(told)  # the name is on the page, not in e-mail
    mailbox.last_to(OFFICER, text=case_id)

    # 6. The employer's dashboard shows the name and contact for this introduction.
    employer.goto("/en/dashboard/")
    panel = employer.locator("main").inner_text()
    assert f"Sasha Traveller{tag}" in panel
    assert partner_email in panel
    screenshot(employer, "employer-dashboard-revealed-en")
    assert_reflows(employer)
    employer.get_by_role("link", name=f"Sasha Traveller{tag}").click()
    assert partner_email in employer.locator("main").inner_text()
    axe_check(employer)
