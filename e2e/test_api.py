"""API tokens and webhooks in the browser: create a token (shown once), use it, revoke it;
register a webhook; the Swagger UI loads without CSP errors; axe on each page."""

import re

from playwright.sync_api import expect

from e2e.conftest import axe_check, login

OFFICER = "dcs.bochum@example.org"


def test_token_create_use_revoke_and_webhook(page) -> None:
    csp_errors: list[str] = []
    page.on(
        "console",
        lambda message: csp_errors.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    login(page, OFFICER)
    page.get_by_role("link", name="API-Tokens").click()
    page.wait_for_url("**/integrations/tokens/")
    expect(page.get_by_role("heading", name="API-Tokens", level=1)).to_be_visible()
    axe_check(page)

    # A form error first (no scope chosen), then a token with one scope.
    page.get_by_label("Name").fill("Personalsystem")
    page.get_by_role("button", name="Token erstellen").click()
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label(re.compile("openings:read")).check()
    page.get_by_role("button", name="Token erstellen").click()
    token = page.get_by_label(re.compile("Token „Personalsystem“")).input_value()
    assert token.startswith("dct_")
    axe_check(page)

    # The token works from outside the browser session, within its scope only.
    api = page.context.request
    headers = {"Authorization": f"Bearer {token}"}
    listed = api.get("/api/v1/openings/", headers=headers)
    assert listed.status == 200
    assert set(listed.json()) == {"count", "count_capped", "next", "previous", "results"}
    refused = api.get("/api/v1/cases/", headers=headers)
    assert refused.status == 403
    assert refused.json()["missing_scope"] == "cases:read"

    # Shown once: reloading shows only its beginning.
    page.goto("/integrations/tokens/")
    assert token not in page.content()
    page.get_by_role("button", name="Personalsystem widerrufen").click()
    assert "widerrufen" in page.locator(".messages").inner_text()
    assert api.get("/api/v1/openings/", headers=headers).status in (401, 403)

    # A webhook: a private address is refused, a public one registered, its secret shown once.
    page.goto("/integrations/webhooks/")
    axe_check(page)
    page.get_by_label("Empfänger-URL").fill("http://127.0.0.1/hook")
    page.get_by_label("Stelle veröffentlicht").check()
    page.get_by_role("button", name="Webhook einrichten").click()
    expect(page.locator("#error-summary")).to_be_visible()
    axe_check(page)
    page.get_by_label("Empfänger-URL").fill("https://93.184.216.34/hook")
    page.get_by_label("Stelle veröffentlicht").check()
    page.get_by_role("button", name="Webhook einrichten").click()
    assert len(page.locator("#secret-value").input_value()) == 64
    axe_check(page)
    page.get_by_role("link", name=re.compile("Zustellungen")).first.click()
    expect(page.get_by_role("heading", name="Webhook-Zustellungen")).to_be_visible()
    axe_check(page)

    # The API documentation: Swagger UI from the site's own files.
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .information-container")
    expect(page.get_by_text("/api/v1/openings/").first).to_be_visible()
    assert csp_errors == []
