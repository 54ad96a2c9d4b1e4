"""The matching engine in the browser: the partner's openings with reasons, the
employer's anonymised candidates; both pages pass the accessibility check."""

import re

from e2e.conftest import axe_check, login

# The first ranking in a server process loads the embedding model (several seconds).
ENGINE_TIMEOUT_MS = 120_000


def test_partner_sees_matching_openings_with_reasons(page) -> None:
    login(page, "partner@example.org")  # prefers English
    page.get_by_role("link", name="Openings that match your profile").click()
    page.wait_for_url("**/en/openings/matches/", timeout=ENGINE_TIMEOUT_MS)
    assert page.get_by_role("heading", level=1).inner_text() == "Openings that match your profile"
    results = page.locator("main article, main li.card, main .card")
    assert results.count() >= 3
    text = page.locator("main").inner_text()
    # Reasons are addressed to the partner, in English, with the couple's geography.
    assert "your desired position" in text
    assert "min from your home area" in text
    assert "you could both live in" in text
    axe_check(page)


def test_employer_sees_anonymised_candidates_for_an_opening(page) -> None:
    login(page, "personal.mpi@example.org")
    page.goto("/openings/mine/")
    # The demo opening (other tests add openings of their own to this employer).
    demo_opening = re.compile(r"^Passende Profile.*Bioinformatikerin oder Bioinformatiker")
    page.get_by_role("link", name=demo_opening).click()
    page.wait_for_url("**/matches/", timeout=ENGINE_TIMEOUT_MS)
    main = page.locator("main").inner_text()
    assert "Profil 1" in main
    assert "Übereinstimmung" in main
    # Anonymised: no name or contact of the demo partner, nothing about the household.
    for secret in ("Alex", "Demo", "partner@example.org", "wohnen"):
        assert secret not in main, secret
    assert "im Profil" in main or "Wunschposition" in main
    axe_check(page)
