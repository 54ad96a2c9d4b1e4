"""Links in e-mails lead to the pages in the recipient's language.

Services build links in the sender's language (a German officer's request, a
worker without a language) or as `{{ site_url }}` alone; `core.mail.render`
rewrites every link to the site into the recipient's language. Checked for
every e-mail template of the platform, for English and German recipients.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core import mail
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from dualcareer.accounts.forms import PasswordResetForm
from dualcareer.core.i18n import localize_links, localize_url
from dualcareer.core.mail import render
from dualcareer.testing import factories as f

ROOT = Path(__file__).resolve().parents[2]
SITE = "https://dc.example.org"
# Templates that carry no link by design.
WITHOUT_LINKS = {
    "network/mail/application_declined",
    "network/mail/application_pending",
    "network/mail/application_received",
}
URL_VARIABLE = re.compile(r"\{\{\s*([a-z_]*(?:url|link|path))\s*[|}]")


def mail_templates() -> list[str]:
    """Every e-mail template ("cases/mail/invitation"), found by its `_subject.txt`."""
    found = []
    for subject in sorted(ROOT.glob("*/templates/*/mail/*_subject.txt")):
        relative = subject.relative_to(subject.parents[2])
        found.append(str(relative)[: -len("_subject.txt")])
    return found


def links(text: str) -> list[str]:
    return [word.strip(".,;:()<>\"'") for word in text.split() if word.startswith(SITE)]


def template_source(template: str) -> str:
    app = template.split("/")[0]
    return "".join(
        path.read_text(encoding="utf-8")
        for path in (ROOT / app / "templates").glob(f"{template}*")
        if path.suffix in (".txt", ".html")
    )


def german_context(template: str) -> dict[str, object]:
    """Values as a service builds them while a German page is active.

    Every variable of the template named like a link (`url`, `*_url`,
    `*_link`, `*_path`) gets a German link or path.
    """
    with translation.override("de"):
        case_path = reverse("cases:detail", args=[uuid.uuid4()])
        login = reverse("accounts:login")
    url = f"{SITE}{case_path}"
    opening = SimpleNamespace(title="Stelle", institution=SimpleNamespace(display_name="Uni"))
    named = {
        name: (case_path if name.endswith("path") else url)
        for name in URL_VARIABLE.findall(template_source(template))
        if name != "site_url"
    }
    return named | {
        "url": url,
        "link": url,
        "path": case_path,
        "cases_path": case_path,
        "institution_url": url,
        "set_password_url": f"{SITE}{login}",
        "users_url": url,
        "unsubscribe_url": url,
        "openings": [(opening, url)],
        "protocol": "https",
        "domain": "dc.example.org",
        "uid": "MQ",
        "token": "abc-123",
        "days": 14,
        "count": 2,
        "actor": SimpleNamespace(get_full_name="Ada Beispiel", email="ada@example.org"),
        "grantee": SimpleNamespace(get_full_name="Ben Beispiel", email="ben@example.org"),
        "failures": 2,
    }


@override_settings(SITE_URL=SITE)
class EveryTemplateTests(SimpleTestCase):
    def test_there_are_templates(self) -> None:
        self.assertGreaterEqual(len(mail_templates()), 20)

    def test_links_carry_the_recipients_language(self) -> None:
        problems = []
        for template in mail_templates():
            for language in ("en", "de"):
                message = render(
                    language=language, template=template, context=german_context(template)
                )
                found = links(message["body"]) + links(message["html"])
                if not found and template not in WITHOUT_LINKS:
                    problems.append(f"{template}: no link")
                for link in found:
                    path = link[len(SITE) :] or "/"
                    in_english = path.startswith("/en/")
                    if in_english != (language == "en"):
                        problems.append(f"{template} ({language}): {link}")
        self.assertEqual(problems, [])


@override_settings(SITE_URL=SITE)
class LocalizeTests(SimpleTestCase):
    def test_a_path_in_either_direction(self) -> None:
        self.assertEqual(localize_url("/cases/", "en"), "/en/cases/")
        self.assertEqual(localize_url("/en/cases/", "de"), "/cases/")
        self.assertEqual(localize_url("/cases/?q=1#top", "en"), "/en/cases/?q=1#top")
        self.assertEqual(localize_url("/cases/", "de"), "/cases/")

    def test_pages_outside_the_language_prefixes_stay(self) -> None:
        self.assertEqual(localize_url("/api/schema/", "en"), "/api/schema/")
        self.assertEqual(localize_url("/no/such/page/", "en"), "/no/such/page/")

    def test_links_in_text(self) -> None:
        text = f"See {SITE}/cases/. Or {SITE} or {SITE}x.org/cases/ or https://other.org/cases/"
        self.assertEqual(
            localize_links(text, "en"),
            f"See {SITE}/en/cases/. Or {SITE}/en/ or {SITE}x.org/cases/ or https://other.org/cases/",
        )


@override_settings(SITE_URL="http://testserver")
class PasswordResetMailTests(TestCase):
    def test_an_english_user_gets_an_english_link_from_a_german_page(self) -> None:
        f.UserFactory(email="reader@example.org", language="en")
        form = PasswordResetForm(data={"email": "reader@example.org"})
        self.assertTrue(form.is_valid())
        with translation.override("de"):
            form.save(domain_override="testserver", use_https=False)
        (message,) = mail.outbox
        self.assertIn("http://testserver/en/accounts/reset/", message.body)
        self.assertEqual(settings.SITE_URL, "http://testserver")
