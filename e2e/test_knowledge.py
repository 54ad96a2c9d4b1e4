"""Knowledge and quality: publish an article with a PDF, find it by a word inside the PDF,
submit the self-assessment, see the benchmark; axe on each page."""

import time
import uuid

from playwright.sync_api import expect

from dualcareer.knowledge.tests.documents import make_pdf
from e2e.conftest import axe_check, login

OFFICER = "dcs.bochum@example.org"


def test_publish_find_assess_and_compare(page, tmp_path) -> None:
    suffix = uuid.uuid4().hex[:6]
    title = f"Willkommenstage für Partnerinnen {suffix}"
    pdf = tmp_path / "konzept.pdf"
    pdf.write_bytes(make_pdf("Kooperationsvereinbarungen mit den Handwerkskammern", suffix))

    login(page, OFFICER)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Wissen"
    ).click()
    page.wait_for_url("**/knowledge/")
    axe_check(page)

    # Publish an article with a PDF.
    page.get_by_role("link", name="Beitrag schreiben").click()
    axe_check(page)
    page.locator("#id_title").fill(title)
    page.locator("#id_body").fill(
        "Wir laden neu berufene Professorinnen und ihre Partner zu Willkommenstagen ein."
    )
    page.get_by_label("Regionale Netzwerke und Kooperationen").check()
    page.locator("#id_documents").set_input_files(str(pdf))
    page.get_by_role("button", name="Veröffentlichen").click()
    page.wait_for_url("**/knowledge/articles/*/")
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    expect(page.get_by_role("link", name="konzept.pdf")).to_be_visible()
    axe_check(page)

    # Find it by an inflected word that is only inside the PDF (read by the worker).
    found = False
    for _attempt in range(40):
        page.goto("/knowledge/?q=Handwerkskammer+Kooperationsvereinbarung")
        if page.get_by_role("link", name=title).count():
            found = True
            break
        time.sleep(0.5)
    assert found, "the PDF's text did not become searchable"
    axe_check(page)

    # The standards.
    page.goto("/knowledge/standards/dcn-ruhr/")
    expect(page.get_by_role("heading", name="Ethische Leitlinien", exact=True)).to_be_visible()
    axe_check(page)

    # Submit this year's self-assessment.
    page.goto("/knowledge/self-assessment/")
    axe_check(page)
    page.get_by_role("link", name="Ruhr-Universität Bochum in Dual Career Netzwerk Ruhr").click()
    ratings = page.locator("select[name^=rating_]")
    assert ratings.count() >= 10
    for index in range(ratings.count()):
        ratings.nth(index).select_option("met" if index % 4 else "partly")
    axe_check(page)
    page.get_by_role("button", name="Einreichen").click()
    page.wait_for_url("**/knowledge/self-assessment/*/")
    assert "eingereicht" in page.locator(".messages").inner_text()
    axe_check(page)

    # The benchmark: three members have submitted, the own position is marked.
    page.goto("/knowledge/benchmark/dcn-ruhr/")
    assert page.locator("svg[role=img]").count() >= 10
    expect(page.get_by_text("(Ihre)").first).to_be_visible()
    axe_check(page)

    # The discussions.
    page.goto("/knowledge/discussions/")
    axe_check(page)
    page.get_by_role("link", name="Sonderbehandlung oder Gleichbehandlung?").click()
    axe_check(page)
