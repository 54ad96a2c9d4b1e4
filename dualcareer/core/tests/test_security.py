"""Security properties a data-protection officer asks for, tested together (issue 18).

Headers, CSRF, uploads only for those allowed, no user enumeration on login
and password reset, and the login lock-out.
"""

from __future__ import annotations

import re
import shutil
import tempfile

from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from dualcareer.cases.services import profile_update
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.tests.uploads_data import MINIMAL_PDF
from dualcareer.knowledge.models import Article
from dualcareer.knowledge.tests.documents import make_pdf
from dualcareer.testing.base import BaseTestCase

PASSWORD = "a-long-test-password-2026"


def _strip_tokens(html: str) -> str:
    """The page without the values that differ per request (CSRF token, nonce)."""
    return re.sub(r'value="[A-Za-z0-9]{32,}"', 'value=""', html)


class HeadersTest(BaseTestCase):
    def test_every_page_carries_the_security_headers(self):
        for url in ("/", "/en/", reverse("accounts:login")):
            with self.subTest(url=url):
                response = self.client.get(url, secure=True)
                csp = response["Content-Security-Policy"]
                self.assertIn("default-src 'self'", csp)
                self.assertIn("script-src 'self'", csp)
                self.assertIn("frame-ancestors 'none'", csp)
                self.assertEqual(response["X-Frame-Options"], "DENY")
                self.assertEqual(response["X-Content-Type-Options"], "nosniff")
                self.assertEqual(response["Referrer-Policy"], "same-origin")
                self.assertIn("max-age=31536000", response["Strict-Transport-Security"])
                self.assertIn("includeSubDomains", response["Strict-Transport-Security"])

    def test_pages_with_personal_data_carry_them_too(self):
        self.client.force_login(self.alice)
        response = self.client.get(reverse("site:dashboard"), secure=True)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Content-Security-Policy", response)
        self.assertEqual(response["X-Frame-Options"], "DENY")

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_plain_http_is_redirected_to_https(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 301)
        self.assertTrue(response["Location"].startswith("https://"))

    def test_session_and_csrf_cookies_are_secure_and_http_only(self):
        cache.clear()
        self.alice.set_password(PASSWORD)
        self.alice.save()
        form = self.client.get(reverse("accounts:login"), secure=True)
        self.assertTrue(form.cookies["csrftoken"]["secure"])
        response = self.client.post(
            reverse("accounts:login"),
            {"username": self.alice.email, "password": PASSWORD},
            secure=True,
        )
        self.assertEqual(response.status_code, 302)
        session = response.cookies["sessionid"]
        self.assertTrue(session["secure"])
        self.assertTrue(session["httponly"])
        self.assertEqual(session["samesite"], "Lax")


class CsrfTest(BaseTestCase):
    def test_a_post_without_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        response = client.post(reverse("accounts:logout"))
        self.assertEqual(response.status_code, 403)
        # Still logged in: the refused POST changed nothing.
        self.assertEqual(client.get(reverse("site:dashboard")).status_code, 200)

    def test_a_login_without_token_is_refused(self):
        self.alice.set_password(PASSWORD)
        self.alice.save()
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            reverse("accounts:login"), {"username": self.alice.email, "password": PASSWORD}
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("sessionid", response.cookies)

    def test_with_the_token_from_the_form_it_passes(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        client.get(reverse("site:dashboard"))
        token = client.cookies["csrftoken"].value
        response = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
        self.assertEqual(response.status_code, 302)


MEDIA = tempfile.mkdtemp(prefix="dualcareer-test-security-")


@override_settings(MEDIA_ROOT=MEDIA)
class UploadsTest(CaseTestCase):
    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(MEDIA, ignore_errors=True)

    def test_a_case_cv_only_for_the_case_officers_and_the_partner(self):
        profile_update(
            case=self.case,
            actor=self.paula,
            data={"skills": "x"},
            cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF),
        )
        url = reverse("cases:cv", args=[self.case.public_id])
        self.client.force_login(self.alice)
        allowed = self.client.get(url)
        self.assertEqual(allowed.status_code, 200)
        content = b"".join(allowed.streaming_content)  # type: ignore[attr-defined]
        self.assertTrue(content.startswith(b"%PDF"))
        for user in (self.charlie, self.emil, self.cora, self.nobody):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertIn(self.client.get(url).status_code, (403, 404))
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)  # to the login page

    def test_the_media_folder_is_not_served(self):
        profile_update(
            case=self.case,
            actor=self.paula,
            data={"skills": "x"},
            cv=SimpleUploadedFile("cv.pdf", MINIMAL_PDF),
        )
        self.case.refresh_from_db()
        name = self.case.profile.cv.name if hasattr(self.case, "profile") else ""
        self.client.force_login(self.alice)
        for path in (f"/media/{name}", "/media/"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_a_members_only_knowledge_document_is_refused_to_outsiders(self):
        self.client.force_login(self.alice)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(
                reverse("knowledge:article_create"),
                {
                    "institution": str(self.inst.pk),
                    "title": "Interner Leitfaden",
                    "body": "Nur für Mitglieder.",
                    "language": "de",
                    "visibility": "members",
                    "topics": ["regional_network"],
                    "documents": [SimpleUploadedFile("l.pdf", make_pdf("Leitfaden"))],
                },
            )
        article = Article.objects.get(title="Interner Leitfaden")
        document = article.documents.get()
        url = reverse("knowledge:document_download", args=[article.public_id, document.public_id])
        self.client.force_login(self.charlie)  # a member of the network
        self.assertEqual(self.client.get(url).status_code, 200)
        for user in (self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertIn(self.client.get(url).status_code, (302, 404))


class NoUserEnumerationTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()

    def test_login_answers_the_same_for_a_known_and_an_unknown_address(self):
        url = reverse("accounts:login")
        known = self.client.post(url, {"username": self.alice.email, "password": "wrong-1234"})
        unknown = self.client.post(
            url, {"username": "nobody-here@example.org", "password": "wrong-1234"}
        )
        self.assertEqual(known.status_code, unknown.status_code)
        known_errors = known.context["form"].non_field_errors()
        unknown_errors = unknown.context["form"].non_field_errors()
        self.assertEqual(list(known_errors), list(unknown_errors))
        self.assertTrue(known_errors)

    def test_password_reset_answers_the_same_and_mails_only_the_known(self):
        url = reverse("accounts:password_reset")
        known = self.client.post(url, {"email": self.alice.email})
        unknown = self.client.post(url, {"email": "nobody-here@example.org"})
        self.assertEqual(known.status_code, 302)
        self.assertEqual(unknown.status_code, 302)
        self.assertEqual(known["Location"], unknown["Location"])
        page_known = self.client.get(known["Location"]).content.decode()
        page_unknown = self.client.get(unknown["Location"]).content.decode()
        self.assertEqual(_strip_tokens(page_known), _strip_tokens(page_unknown))


class LockoutTest(BaseTestCase):
    def setUp(self) -> None:
        cache.clear()
        self.alice.set_password(PASSWORD)
        self.alice.save()

    @override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
    def test_five_failed_logins_lock_the_account_even_for_the_right_password(self):
        url = reverse("accounts:login")
        for _attempt in range(5):
            self.client.post(url, {"username": self.alice.email, "password": "wrong-password"})
        response = self.client.post(url, {"username": self.alice.email, "password": PASSWORD})
        self.assertIn(response.status_code, (403, 429))
        self.assertNotIn("_auth_user_id", self.client.session)
        # Another account from the same address is not locked.
        self.bob.set_password(PASSWORD)
        self.bob.save()
        other = self.client.post(url, {"username": self.bob.email, "password": PASSWORD})
        self.assertEqual(other.status_code, 302)
        self.assertEqual(len(mail.outbox), 0)
