"""Trainings: register, join the waiting list, cancel so that the waiting person moves up and
takes the place, download a certificate; axe on the programme and the registration pages."""

from playwright.sync_api import expect

from e2e.conftest import axe_check, login

OFFICER = "dcs.bochum@example.org"
COLLEAGUE = "dcs2.bochum@example.org"
SMALL = "Kollegiale Fallberatung: interkulturelle Situationen"  # one place (demo data)
EVENING = "Netzwerkabend für Partnerinnen und Partner"  # public


def test_register_wait_cancel_move_up_and_certificate(page, new_page) -> None:
    # A visitor sees the public programme and the registration form of a public event.
    page.goto("/trainings/")
    axe_check(page)
    page.get_by_role("link", name=EVENING).click()
    expect(page.locator("#id_email")).to_be_visible()
    axe_check(page)
    page.get_by_role("button", name="Anmelden").click()  # empty: the errors are named
    assert page.locator(".field-errors").count() >= 2
    axe_check(page)

    # The officer takes the last place with one click.
    login(page, OFFICER)
    page.goto("/trainings/")
    page.get_by_role("link", name=SMALL).click()
    axe_check(page)
    page.get_by_role("button", name="Anmelden").click()
    assert "Sie sind angemeldet" in page.locator(".messages").inner_text()
    assert page.get_by_role(
        "link", name="https://meet.example.org/dcn-ruhr-fallberatung"
    ).is_visible()

    # The colleague finds it full and joins the waiting list.
    colleague = new_page()
    login(colleague, COLLEAGUE)
    colleague.goto("/trainings/")
    colleague.get_by_role("link", name=SMALL).click()
    colleague.get_by_role("button", name="Auf die Warteliste").click()
    assert "Warteliste" in colleague.locator(".messages").inner_text()

    # The officer cancels; the colleague is offered the place and takes it.
    page.goto("/trainings/mine/")
    axe_check(page)
    page.get_by_role("button", name=f"Absagen: {SMALL}").click()
    assert "abgesagt" in page.locator(".messages").inner_text()

    colleague.goto("/trainings/mine/")
    row = colleague.get_by_role("row").filter(has_text=SMALL)
    assert "Platz angeboten" in row.inner_text()
    row.get_by_role("link", name="Angebotenen Platz annehmen").click()
    axe_check(colleague)
    colleague.get_by_role("button", name="Platz annehmen").click()
    assert colleague.locator("#registration-status").inner_text() == "Angemeldet"

    # The officer attended a past training: the certificate downloads as PDF.
    page.goto("/trainings/mine/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Bescheinigung für Feedbackprozesse gestalten (PDF)").click()
    path = download_info.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"


MEETING = "Netzwerktreffen Herbst"  # past network meeting with a minutes PDF (demo data)
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
    b"trailer<</Size 3/Root 1 0 R>>\nstartxref\n96\n%%EOF\n"
)


def test_meeting_documents_upload_download_remove(page) -> None:
    # A member downloads the minutes of the past network meeting.
    login(page, OFFICER)
    page.goto("/trainings/?past=1")
    page.get_by_role("link", name=MEETING).click()
    axe_check(page)
    documents = page.get_by_role("list", name="Dokumente")
    with page.expect_download() as download_info:
        documents.get_by_role("link", name="Protokoll des Netzwerktreffens").click()
    with open(download_info.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # The coordinator adds slides (an empty form first: the errors are named), then removes them.
    page.context.clear_cookies()
    login(page, "koordination@example.org")
    page.goto("/trainings/?past=1")
    page.get_by_role("link", name=MEETING).click()
    page.get_by_role("link", name="Dokumente", exact=True).click()
    axe_check(page)
    page.get_by_role("button", name="Hochladen").click()
    assert page.locator(".field-errors").count() >= 2
    axe_check(page)
    page.get_by_label("Titel").fill("Folien zum Treffen")
    page.get_by_label("Datei").set_input_files(
        {"name": "folien.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
    )
    page.get_by_label("Sofort für die Mitglieder freigeben").check()
    page.get_by_role("button", name="Hochladen").click()
    assert "hinzugefügt" in page.locator(".messages").inner_text()
    expect(page.get_by_role("link", name="Folien zum Treffen")).to_be_visible()
    page.get_by_role("button", name="Folien zum Treffen entfernen").click()
    assert "entfernt" in page.locator(".messages").inner_text()
    assert page.get_by_role("link", name="Folien zum Treffen").count() == 0
