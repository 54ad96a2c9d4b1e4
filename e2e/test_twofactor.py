"""Two-factor login in the browser: a new administrator must enrol, then logs in with a code
from the app and with a recovery code (once); the demo officer logs in with the demo key."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid

from playwright.sync_api import expect

from e2e.conftest import DEMO_PASSWORD, ROOT, axe_check, login, totp_code

OFFICER = "dcs.bochum@example.org"


def _create_admin(server) -> str:
    email = f"admin-{uuid.uuid4().hex[:8]}@example.org"
    subprocess.run(
        [sys.executable, "manage.py", "createsuperuser", "--noinput", "--email", email],
        cwd=ROOT,
        env={**server.env, "DJANGO_SUPERUSER_PASSWORD": DEMO_PASSWORD},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return email


def _password_step(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Anmelden").click()


def test_enrol_then_log_in_with_code_and_recovery_code(page, new_page, server) -> None:
    email = _create_admin(server)

    # The password alone leads to the enrolment, not to the dashboard.
    _password_step(page, email)
    page.wait_for_url(re.compile(r"/accounts/two-factor/\?next="))
    expect(page.get_by_role("heading", name="Zwei-Faktor-Anmeldung", level=1)).to_be_visible()
    page.goto("/dashboard/")
    page.wait_for_url(re.compile(r"/accounts/two-factor/"))
    axe_check(page)
    secret = page.locator("#twofactor-secret").inner_text().replace(" ", "")

    page.locator("#id_code").fill("000000")
    page.locator("main").get_by_role("button", name="Bestätigen").click()
    assert page.get_by_role("alert").is_visible()  # the error summary
    page.locator("#id_code").fill(totp_code(email, secret))
    page.locator("main").get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", name="Ihre Wiederherstellungscodes")).to_be_visible()
    axe_check(page)
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.get_by_role("link", name="Weiter", exact=True).click()
    page.wait_for_url("**/dashboard/")

    # Next login: password, then a code from the app.
    second = new_page()
    _password_step(second, email)
    second.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
    axe_check(second)
    second.locator("#id_code").fill(totp_code(email, secret))
    second.locator("main").get_by_role("button", name="Bestätigen").click()
    second.wait_for_url("**/dashboard/")

    # A recovery code works once.
    third = new_page()
    _password_step(third, email)
    third.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
    third.locator("#id_code").fill(codes[0])
    third.locator("main").get_by_role("button", name="Bestätigen").click()
    third.wait_for_url("**/dashboard/")
    fourth = new_page()
    _password_step(fourth, email)
    fourth.wait_for_url(re.compile(r"/accounts/two-factor/verify/"))
    fourth.locator("#id_code").fill(codes[0])
    fourth.locator("main").get_by_role("button", name="Bestätigen").click()
    expect(fourth.get_by_role("alert")).to_be_visible()
    assert "/accounts/two-factor/verify/" in fourth.url


def test_demo_officer_logs_in_with_the_published_demo_key(page) -> None:
    login(page, OFFICER)  # password, then the code of the demo key (e2e/conftest.py)
    assert page.url.endswith("/dashboard/")
