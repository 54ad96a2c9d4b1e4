"""English that stays English: every role's pages, in both languages, show no raw codes and no
text of the other language.

The demo network is loaded (its cases, profiles, consents, openings: data as a
real network has it), then each demo user's pages are walked from the
dashboard, following the links of the page (same language, GET, HTML only, up
to `MAX_PAGES` per role). On every page the visible text (with `aria-label`,
`title`, `placeholder` and `alt`) must not contain

- a raw code: an audit action ("case.opened"), a choice value with an
  underscore ("further_education"), a language with its level in codes
  ("en (native)", "de (A2)"), a consent scope's code where its label belongs;
- two landmarks of the same role with the same name (or none), which
  screen-reader users cannot tell apart;
- German marker words on an English page, English marker words on a German
  page, outside elements marked with that language (`lang="de"`: user
  content, see `site/templatetags/usercontent.py`). Names of institutions,
  networks and people are proper nouns and removed first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from io import StringIO
from urllib.parse import urljoin, urlsplit

import lxml.html
from django.core.management import call_command
from django.db import models as django_models
from django.test import TestCase, override_settings
from django.urls import Resolver404, resolve
from django.utils.translation import get_language_from_path

from dualcareer.accounts.models import User
from dualcareer.network.models import Institution, Network
from dualcareer.openings.models import OpeningPlace

MAX_PAGES = 30
ROLES = [
    "partner@example.org",
    "dcs.bochum@example.org",
    "personal.mpi@example.org",
    "koordination@example.org",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words and interface words that one language has and the other does
# not use (whole words, case-sensitive).
GERMAN_MARKERS = _words(
    "und der die das nicht für mit oder bitte keine kein Sie Ihre Ihr Ihnen wurde werden "
    "ist sind Fall Fälle Stelle Stellen Einwilligung Zustimmung Übersicht Anmelden Abmelden "
    "Zurück Speichern Suche Hochschule Sprache Sprachen Muttersprache"
)
ENGLISH_MARKERS = _words(
    "the The and your Your please Please with not for you You is are has have this This "
    "of own institution Institution employers Employers native Native level Save Search "
    "Back Log out"
)
# A language code with a level, as the profile stores it.
RAW_LANGUAGE_LEVEL = re.compile(
    r"\b(?:de|en|fr|es|it|nl|pl|tr|ar|ru|uk|zh|other)\s*\(\s*(?:native|[ABC][12])\s*\)"
)
IGNORED_TAGS = {"script", "style", "textarea", "template"}
PAGES_PER_ROUTE = 1  # walk many kinds of page rather than many openings
ATTRIBUTES = ("aria-label", "title", "placeholder", "alt")


def _underscore_choice_codes() -> set[str]:
    """Every choice value with an underscore in the platform's models (e.g. "did_not_come")."""
    from django.apps import apps

    codes: set[str] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("dualcareer."):
            continue
        for field in model._meta.get_fields():
            if isinstance(field, django_models.Field) and field.choices:
                for value, _label in field.flatchoices:
                    if isinstance(value, str) and "_" in value:
                        codes.add(value)
    return codes


LANDMARK_TAGS = {"nav": "navigation", "aside": "complementary", "main": "main"}
NAMED_LANDMARK_TAGS = {"section": "region", "form": "form"}


def duplicate_landmarks(html: str) -> list[str]:
    """Landmarks of the same role that screen-reader users cannot tell apart by name."""
    root = lxml.html.document_fromstring(html)
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    seen: dict[tuple[str, str], int] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = element.get("aria-label", "")
        if not name and element.get("aria-labelledby"):
            name = " ".join(
                by_id[ref].text_content()
                for ref in element.get("aria-labelledby", "").split()
                if ref in by_id
            )
        name = " ".join(name.split())
        role = element.get("role") or LANDMARK_TAGS.get(element.tag)
        if not role and element.tag in NAMED_LANDMARK_TAGS and name:
            role = NAMED_LANDMARK_TAGS[element.tag]
        if role in {"navigation", "complementary", "region", "form", "search", "main"}:
            seen[(role, name)] = seen.get((role, name), 0) + 1
    return [
        f"{count} landmarks {role} named {name!r}"
        for (role, name), count in seen.items()
        if count > 1
    ]


def visible_text(html: str, page_language: str) -> str:
    """The text a reader sees or hears, without parts marked with another language."""
    root = lxml.html.document_fromstring(html)
    parts: list[str] = []

    def walk(element: lxml.html.HtmlElement) -> None:
        if not isinstance(element.tag, str) or element.tag in IGNORED_TAGS:
            return
        lang = element.get("lang")
        if lang is not None and lang.split("-")[0] != page_language:
            return
        if element.get("hidden") is not None:
            return
        parts.extend(element.get(name, "") for name in ATTRIBUTES)
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    return " ".join(" ".join(parts).split())


@override_settings(DEBUG=True)
class PageLanguageTests(TestCase):
    maxDiff = None
    proper_nouns: list[str]
    audit_codes: set[str]
    choice_codes: set[str]

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("demo_load", stdout=StringIO())
        names = [*Institution.objects.values_list("name", flat=True)]
        names += [*Institution.objects.values_list("short_name", flat=True)]
        names += [*Network.objects.values_list("name", flat=True)]
        names += [*Institution.objects.values_list("city", flat=True)]
        names += [*OpeningPlace.objects.values_list("city", flat=True)]
        for first, last in User.objects.values_list("first_name", "last_name"):
            names += [f"{first} {last}", first, last]
        # Longest first, so that a name is removed before a part of it.
        cls.proper_nouns = sorted({n for n in names if n and len(n) > 2}, key=len, reverse=True)
        from dualcareer.core.models import AuditEntry

        cls.audit_codes = set(AuditEntry.objects.values_list("action", flat=True))
        cls.choice_codes = _underscore_choice_codes()

    def pages(self, email: str, language: str) -> Iterator[tuple[str, str]]:
        """(url, html) of the user's pages in `language`, walked from the dashboard."""
        user = User.objects.get(email=email)
        user.language = language
        user.save(update_fields=["language"])
        self.client.force_login(user)
        prefix = "/en" if language == "en" else ""
        queue = [f"{prefix}/dashboard/"]
        seen = set(queue)
        per_route: dict[str, int] = {}
        while queue:
            url = queue.pop(0)
            response = self.client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode()
            yield url, html
            for href in lxml.html.document_fromstring(html).xpath("//a/@href"):
                parts = urlsplit(urljoin(url, href))
                path = parts.path
                if parts.netloc or not path.startswith("/") or path in seen:
                    continue
                if (get_language_from_path(path) or "de") != language:
                    continue
                if any(skip in path for skip in ("/admin/", "/logout", "/export", "/download")):
                    continue
                try:
                    route = resolve(path).route
                except Resolver404:
                    continue
                if per_route.get(route, 0) >= PAGES_PER_ROUTE or len(seen) >= MAX_PAGES:
                    continue
                per_route[route] = per_route.get(route, 0) + 1
                seen.add(path)
                queue.append(path)

    def problems(self, html: str, language: str) -> list[str]:
        found: list[str] = []
        root_lang = re.search(r'<html lang="([a-z-]+)"', html)
        if not root_lang or root_lang.group(1) != language:
            found.append(f"<html lang> is not {language}")
        found += duplicate_landmarks(html)
        if 'id="error-summary"' in html:
            found.append("an error summary on a page opened by a link (a form bound to GET)")
        text = visible_text(html, language)
        for code in sorted(self.audit_codes):
            if re.search(rf"(?<![\w@.]){re.escape(code)}(?![\w.])", text):
                found.append(f"audit code {code!r}")
        for code in sorted(self.choice_codes):
            if re.search(rf"(?<![\w/]){re.escape(code)}(?!\w)", text):
                found.append(f"choice code {code!r}")
        found += [f"language code {m.group(0)!r}" for m in RAW_LANGUAGE_LEVEL.finditer(text)]
        for name in self.proper_nouns:
            text = text.replace(name, " ")
        markers = GERMAN_MARKERS if language == "en" else ENGLISH_MARKERS
        words = set(re.findall(r"[A-Za-zÄÖÜäöüß]+", text))
        for word in sorted(words & markers):
            at = re.search(rf"\b{word}\b", text)
            context = text[max(at.start() - 50, 0) : at.end() + 50] if at else ""
            found.append(f"{'German' if language == 'en' else 'English'} {word!r}: …{context}…")
        return found

    def check_role(self, email: str) -> None:
        report: dict[str, list[str]] = {}
        for language in ("en", "de"):
            count = 0
            for url, html in self.pages(email, language):
                count += 1
                if found := self.problems(html, language):
                    report[url] = found
            self.assertGreaterEqual(count, 3, f"too few {language} pages walked for {email}")
        lines = [f"{url}: {problem}" for url, found in report.items() for problem in found]
        self.assertEqual(lines, [])

    def test_partner_pages(self) -> None:
        self.check_role("partner@example.org")

    def test_officer_pages(self) -> None:
        self.check_role("dcs.bochum@example.org")

    def test_employer_pages(self) -> None:
        self.check_role("personal.mpi@example.org")

    def test_coordinator_pages(self) -> None:
        self.check_role("koordination@example.org")


class VisibleTextTests(TestCase):
    """The checker itself: it finds what it must and skips what is marked."""

    def test_marked_text_of_the_other_language_is_skipped(self) -> None:
        html = '<html lang="en"><body><p>Hello <span lang="de">und tschüss</span></p></body></html>'
        self.assertEqual(visible_text(html, "en"), "Hello")

    def test_attributes_count_and_textareas_do_not(self) -> None:
        html = (
            '<html lang="en"><body><a aria-label="Zurück">x</a>'
            "<textarea>und</textarea></body></html>"
        )
        self.assertEqual(visible_text(html, "en"), "Zurück x")

    def test_duplicate_landmark_names_are_found(self) -> None:
        html = (
            '<html><body><section aria-labelledby="h"><h2 id="h">Steps</h2>'
            '<div role="region" aria-labelledby="h"></div></section>'
            '<nav aria-label="Main"></nav><nav aria-label="Legal"></nav></body></html>'
        )
        self.assertEqual(duplicate_landmarks(html), ["2 landmarks region named 'Steps'"])

    def test_raw_language_levels_are_found(self) -> None:
        self.assertTrue(RAW_LANGUAGE_LEVEL.search("Languages: en (native), de (A2)"))
        self.assertFalse(RAW_LANGUAGE_LEVEL.search("English (native), German (A2)"))
