"""The public site: axe on the public pages in both languages; the coordinator edits a page in
German and English with a preview, a script is refused, the published text appears."""

import uuid

from playwright.sync_api import expect

from e2e.conftest import axe_check, login

COORDINATOR = "koordination@example.org"

PUBLIC_PAGES = [
    "/",
    "/info/what-is-dual-career/",
    "/info/dual-career-couples/",
    "/info/faq/",
    "/news/",
    "/stories/",
    "/contact/",
    "/privacy/",
    "/accessibility/",
    "/imprint/",
]


def test_public_pages_pass_axe_in_both_languages(page) -> None:
    for path in PUBLIC_PAGES:
        for prefix in ("", "/en"):
            response = page.goto(prefix + path)
            assert response is not None and response.status == 200, (prefix + path, response)
            assert page.locator("html").get_attribute("lang") == (prefix[1:] or "de"), (
                prefix + path,
                page.content()[:800],
            )
            assert page.get_by_role("heading", level=1).count() == 1, prefix + path
            axe_check(page)


def test_coordinator_edits_a_page_in_both_languages_with_preview(page) -> None:
    suffix = uuid.uuid4().hex[:6]
    login(page, COORDINATOR)
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
        "link", name="Öffentliche Website"
    ).click()
    page.wait_for_url("**/site-editor/")
    axe_check(page)
    page.get_by_role("link", name="Häufige Fragen").click()
    page.wait_for_url("**/site-editor/faq/")
    axe_check(page)

    german = page.get_by_label("Text (Deutsch)")
    english = page.get_by_label("Text (Englisch)")
    german.fill(german.input_value() + f"\n\n## Gibt es Sprechstunden {suffix}?\n\nJa, dienstags.")
    english.fill(
        english.input_value() + f"\n\n## Are there office hours {suffix}?\n\nYes, on Tuesdays."
    )

    # Preview: both languages rendered, nothing published yet.
    page.get_by_role("button", name="Vorschau").click()
    preview = page.get_by_role("region", name="Vorschau (noch nicht veröffentlicht)")
    # expect() waits for the answer to the click; is_visible() would look only once.
    expect(preview.get_by_role("heading", name=f"Gibt es Sprechstunden {suffix}?")).to_be_visible()
    expect(preview.get_by_role("heading", name=f"Are there office hours {suffix}?")).to_be_visible()
    axe_check(page)
    page.goto("/info/faq/")
    assert page.get_by_text(f"Gibt es Sprechstunden {suffix}?").count() == 0
    page.go_back()

    # A script is refused with a message naming the field.
    german = page.get_by_label("Text (Deutsch)")
    german.fill(german.input_value() + "\n\n<script>alert(1)</script>")
    page.get_by_role("button", name="Speichern und veröffentlichen").click()
    summary = page.get_by_role("alert")
    expect(summary.get_by_text("Skripte, Frames, Stilangaben und Formulare").first).to_be_visible()
    axe_check(page)

    # Remove it, save: published in both languages.
    german = page.get_by_label("Text (Deutsch)")
    german.fill(german.input_value().replace("<script>alert(1)</script>", ""))
    page.get_by_role("button", name="Speichern und veröffentlichen").click()
    page.wait_for_url("**/site-editor/faq/")
    expect(page.get_by_text("Als Version")).to_be_visible()

    page.goto("/info/faq/")
    expect(page.get_by_role("heading", name=f"Gibt es Sprechstunden {suffix}?")).to_be_visible()
    page.goto("/en/info/faq/")
    expect(page.get_by_role("heading", name=f"Are there office hours {suffix}?")).to_be_visible()
    axe_check(page)

    # The new version is listed beside the default text.
    page.goto("/site-editor/faq/versions/")
    assert page.get_by_role("table").locator("tbody tr").count() >= 2
    axe_check(page)
