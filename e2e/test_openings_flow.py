"""An employer posts an opening; an officer introduces a partner; the employer answers;
the answer shows on the case. Plus the public list, filters and the JobPosting markup."""

from __future__ import annotations

import json
import uuid

from playwright.sync_api import expect

from e2e.conftest import axe_check, login

EMPLOYER = "personal.mpi@example.org"
OFFICER = "dcs.bochum@example.org"
# The demo case of Ruhr-Universität Bochum whose partner consented to academic members.
CASE_NAMESPACE = uuid.UUID("6f1d3c5e-2a8b-4c1e-9d0f-5b7a3e2c1d4f")
CASE_ID = uuid.uuid5(CASE_NAMESPACE, "rub-physics")


def test_employer_posts_officer_introduces_employer_answers_answer_on_case(
    page, new_page, mailbox
) -> None:
    title = f"Massenspektrometrie-Spezialistin oder -Spezialist {uuid.uuid4().hex[:6]}"

    # 1. The employer contact of MPI Dortmund posts an opening.
    login(page, EMPLOYER)
    page.goto("/openings/new/")
    axe_check(page)
    page.locator("#id_title_de").fill(title)
    page.locator("#id_description_de").fill("Betrieb unserer Massenspektrometer, Datenanalyse.")
    page.locator("#id_occupation_field").select_option("research")
    page.locator("#id_contract_type").select_option("fixed_term")
    page.locator("#id_places-0-postcode").fill("44227")
    page.get_by_role("checkbox", name="Englisch").check()
    page.get_by_role("button", name="Stellenangebot speichern").click()
    page.wait_for_url("**/openings/*/")
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    expect(page.get_by_text("Das Stellenangebot wurde gespeichert.")).to_be_visible()
    opening_url = page.url
    axe_check(page)

    # 2. The officer of Ruhr-Universität Bochum introduces the partner of a case.
    officer = new_page()
    login(officer, OFFICER)
    officer.goto(f"/openings/cases/{CASE_ID}/")
    axe_check(officer)
    officer.get_by_role("link", name="Einem Arbeitgeber vorstellen").click()
    option = officer.locator("#id_opening option", has_text=title)
    officer.locator("#id_opening").select_option(option.get_attribute("value"))
    officer.locator("#id_message").fill(
        "Promovierte Bioinformatik, viel Erfahrung mit Massenspektrometrie."
    )
    officer.locator("#id_selection_notice").check()
    axe_check(officer)
    officer.get_by_role("button", name="Vorstellen").click()
    officer.wait_for_url(f"**/openings/cases/{CASE_ID}/")
    expect(officer.get_by_text("wurde dem Arbeitgeber vorgestellt")).to_be_visible()
    row = officer.get_by_role("row").filter(has_text=title)
    assert "Wartet auf die Antwort des Arbeitgebers" in row.inner_text()

    # 3. The employer gets an e-mail (no name in it), opens the anonymised profile, answers.
    message = mailbox.last_to(EMPLOYER, text=title)
    body = mailbox.body(message)
    assert title in body
    assert "Alex" not in body
    link = next(url for url in mailbox.links(message) if "/openings/introductions/" in url)
    page.goto(link)
    expect(page.get_by_role("heading", name="Anonymisiertes Profil")).to_be_visible()
    main_text = page.locator("main").inner_text()
    assert "Bioinformatics and data science" in main_text
    for identifying in ("Alex", "partner@example.org", "Samira"):
        assert identifying not in main_text
    assert "Ihr eigenes Auswahlverfahren entscheidet" in main_text
    axe_check(page)
    page.get_by_label("Zum Vorstellungsgespräch eingeladen").check()
    page.get_by_label("Begründung oder Hinweis").fill("Gespräch am 3. März")
    page.get_by_role("button", name="Antwort senden").click()
    expect(
        page.get_by_text("Vielen Dank: Ihre Antwort ist gespeichert", exact=False)
    ).to_be_visible()

    # 4. The answer shows on the case, and the officer was told by e-mail.
    officer.reload()
    row = officer.get_by_role("row").filter(has_text=title)
    assert "Zum Vorstellungsgespräch eingeladen" in row.inner_text()
    assert "Gespräch am 3. März" in row.inner_text()
    assert "/openings/cases/" in " ".join(
        mailbox.links(mailbox.last_to(OFFICER, text="/openings/cases/"))
    )

    # The network-only opening is not visible to the public.
    anonymous = new_page()
    response = anonymous.goto(opening_url)
    assert response is not None and response.status == 404


def test_public_list_filters_and_jobposting_markup(page) -> None:
    page.goto("/openings/")
    axe_check(page)
    page.get_by_label("Berufsfeld").select_option("it")
    page.get_by_role("button", name="Stellenangebote anzeigen").click()
    cards = page.locator(".card h3")
    assert cards.count() >= 1
    assert "IT-Systemadministrator" in " ".join(cards.all_inner_texts())
    cards.filter(has_text="IT-Systemadministrator").get_by_role("link").click()
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "{}")
    assert data["@type"] == "JobPosting"
    assert data["hiringOrganization"]["name"] == "Ruhr-Universität Bochum"
    axe_check(page)
    page.goto("/en/openings/?q=lecturer")
    assert (
        "Lecturer" not in page.locator("main").inner_text()
    )  # network-only: hidden from the public
