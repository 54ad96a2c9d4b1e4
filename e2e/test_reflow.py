"""Reflow (WCAG 1.4.10): at 375 CSS px the pages with tables, long German compounds and
forms scroll only vertically, in German and English, and pass axe at that width.

The pages of issue 11: the case page (its process table), "my openings", the
member directory, the profile form and the matching cards.
"""

from __future__ import annotations

import re
from typing import Any

from e2e.conftest import axe_check, login

NARROW = {"width": 375, "height": 812}
# The first ranking in a server process loads the embedding model (several seconds).
ENGINE_TIMEOUT_MS = 120_000


def assert_no_horizontal_scrolling(page: Any) -> None:
    sizes = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth,
                   client: document.documentElement.clientWidth})"""
    )
    if sizes["scroll"] > sizes["client"]:
        culprits = page.evaluate(
            """() => Array.from(document.querySelectorAll('main *'))
                .filter(e => e.getBoundingClientRect().right
                             > document.documentElement.clientWidth + 1)
                .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' +
                                      (e.textContent || '').trim().slice(0, 40))"""
        )
        raise AssertionError(f"{page.url} scrolls horizontally: {sizes}; too wide: {culprits}")


def check(page: Any, path: str, *, timeout: int = 30_000) -> None:
    page.goto(path, timeout=timeout)
    assert_no_horizontal_scrolling(page)
    axe_check(page)


def narrow(page: Any) -> Any:
    page.set_viewport_size(NARROW)
    return page


def test_officer_pages_reflow_in_both_languages(page) -> None:
    login(narrow(page), "dcs.bochum@example.org")
    page.goto("/cases/")
    page.get_by_role("row", name=re.compile("Alex Demo")).get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/cases/[0-9a-f-]{36}/$"))
    case_path = re.sub(r"^https?://[^/]+", "", page.url)
    for prefix in ("", "/en"):
        check(page, f"{prefix}{case_path}")
        check(page, f"{prefix}{case_path}profile/")
        check(page, f"{prefix}/openings/mine/")
        check(page, f"{prefix}/network/members/")
        check(page, f"{prefix}/openings{case_path}matches/", timeout=ENGINE_TIMEOUT_MS)


def test_employer_openings_reflow_in_both_languages(page) -> None:
    login(narrow(page), "personal.mpi@example.org")
    for prefix in ("", "/en"):
        check(page, f"{prefix}/openings/mine/")


def test_partner_pages_reflow_in_both_languages(page) -> None:
    login(narrow(page), "partner@example.org")  # prefers English
    try:
        for language in ("en", "de"):
            prefix = "/en" if language == "en" else ""
            if language == "de":
                page.get_by_role("button", name="Deutsch").click()
                page.wait_for_load_state()
            check(page, f"{prefix}/cases/my/profile/")
            check(page, f"{prefix}/openings/matches/", timeout=ENGINE_TIMEOUT_MS)
            check(page, f"{prefix}/network/members/")
    finally:
        # Other tests expect the demo partner to prefer English.
        page.goto("/cases/my/")
        english = page.get_by_role("button", name="English")
        if english.count():
            english.click()
            page.wait_for_load_state()


def test_public_member_directory_reflows(page) -> None:
    narrow(page)
    for prefix in ("", "/en"):
        check(page, f"{prefix}/network/members/")
