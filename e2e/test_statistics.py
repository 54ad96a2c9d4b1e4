"""Statistics: the coordinator publishes figures, the public statistics page shows them with a
chart and a table, the officer's page sets the institution against the network; axe on each."""

from playwright.sync_api import expect

from e2e.conftest import axe_check, login

COORDINATOR = "koordination@example.org"
OFFICER = "dcs.bochum@example.org"


def test_public_and_officer_statistics(page, new_page) -> None:
    # The coordinator chooses what the public sees (the demo publishes some groups).
    login(page, COORDINATOR)
    page.goto("/statistics/publication/dcn-ruhr/")
    axe_check(page)
    page.get_by_label("Dauer bis zum Ergebnis").check()
    page.get_by_role("button", name="Auswahl speichern").click()
    page.wait_for_url("**/statistics/publication/dcn-ruhr/")
    assert "gewählten Zahlen" in page.locator(".messages").inner_text()

    # The public statistics page, for anybody, without logging in.
    public = new_page()
    public.goto("/statistics/public/dcn-ruhr/")
    assert public.get_by_role("heading", level=1).inner_text().startswith("Statistik des")
    assert public.locator("svg[role=img] title").count() >= 3
    expect(public.get_by_role("heading", name="Dauer bis zum Ergebnis")).to_be_visible()
    expect(public.get_by_role("table", name="Eröffnete Fälle pro Jahr")).to_be_visible()
    assert public.locator('a[href$="/download/cases_by_year.csv"]').count() == 1
    axe_check(public)
    # a period filter with an error is named in the error summary
    public.goto("/statistics/public/dcn-ruhr/?year_from=2026&year_to=2020")
    expect(public.locator("#error-summary")).to_be_visible()
    axe_check(public)
    public.goto("/en/statistics/public/dcn-ruhr/")
    expect(public.get_by_role("heading", name="Time to outcome")).to_be_visible()
    axe_check(public)

    # The officer: Bochum against the network, a line chart and its table.
    officer = new_page()
    login(officer, OFFICER)
    officer.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Statistik"
    ).click()
    officer.wait_for_url("**/statistics/")
    assert officer.locator("svg[role=img]").count() >= 6
    table = officer.get_by_role("table", name="Eröffnete Fälle pro Jahr")
    assert "Ruhr-Universität Bochum" in table.inner_text() or "RUB" in table.inner_text()
    axe_check(officer)
    with officer.expect_download() as download:
        officer.locator('a[href$="/download/cases_by_year.xlsx"]').click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with officer.expect_download() as report:
        officer.get_by_role("button", name="Jahresbericht herunterladen (PDF)").click()
    assert report.value.suggested_filename.endswith(".pdf")
