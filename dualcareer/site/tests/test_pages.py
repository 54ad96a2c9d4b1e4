"""Start page, dashboard, legal pages and error pages, in German and English."""

from django.test import RequestFactory

from dualcareer.site.views import errors
from dualcareer.testing.base import BaseTestCase


class PublicPagesTests(BaseTestCase):
    def test_start_page_is_german_at_root_and_english_under_en(self) -> None:
        de = self.client.get("/")
        en = self.client.get("/en/")
        self.assertContains(de, '<html lang="de">')
        self.assertContains(de, "Dual Career-Unterstützung im Netzwerk")
        self.assertContains(en, '<html lang="en">')
        self.assertContains(en, "Dual Career support in the network")

    def test_start_page_lists_the_networks_with_member_counts(self) -> None:
        response = self.client.get("/en/")
        self.assertContains(response, self.network.name)
        self.assertContains(response, "4 member institutions")

    def test_legal_pages_exist_in_both_languages(self) -> None:
        for path, text in [
            ("/imprint/", "Impressum"),
            ("/en/imprint/", "Imprint"),
            ("/privacy/", "Datenschutzerklärung"),
            ("/en/privacy/", "Privacy notice"),
            ("/accessibility/", "Barrierefreiheit"),
            ("/en/accessibility/", "Accessibility statement"),
        ]:
            with self.subTest(path=path):
                self.assertContains(self.client.get(path), text)

    def test_pages_carry_security_headers(self) -> None:
        response = self.client.get("/")
        self.assertIn("default-src 'self'", response["Content-Security-Policy"])
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertIn("camera=()", response["Permissions-Policy"])

    def test_unknown_page_is_a_404_in_the_right_language(self) -> None:
        de = self.client.get("/gibt-es-nicht/")
        en = self.client.get("/en/does-not-exist/")
        self.assertContains(de, "Seite nicht gefunden", status_code=404)
        self.assertContains(en, "Page not found", status_code=404)

    def test_server_error_page_renders_without_database_or_context(self) -> None:
        request = RequestFactory().get("/x/")
        response = errors.server_error(request)
        self.assertEqual(response.status_code, 500)
        self.assertIn(b"Serverfehler", response.content)

    def test_permission_denied_page(self) -> None:
        request = RequestFactory().get("/x/")
        request.user = self.nobody
        response = errors.permission_denied(request)
        self.assertContains(response, "Zugriff verweigert", status_code=403)


class DashboardTests(BaseTestCase):
    def test_anonymous_is_sent_to_login(self) -> None:
        response = self.client.get("/dashboard/")
        self.assertRedirects(
            response, "/accounts/login/?next=/dashboard/", fetch_redirect_response=False
        )

    def test_coordinator_sees_the_networks_they_coordinate(self) -> None:
        self.client.force_login(self.cora)
        response = self.client.get("/dashboard/")
        self.assertContains(response, "Von Ihnen koordinierte Netzwerke")
        self.assertContains(response, self.network.name)

    def test_officer_does_not_see_the_coordinator_panel(self) -> None:
        self.client.force_login(self.alice)
        response = self.client.get("/dashboard/")
        self.assertNotContains(response, "Von Ihnen koordinierte Netzwerke")
        self.assertContains(response, "Ihre Rollen")

    def test_user_without_role_gets_a_helpful_empty_dashboard(self) -> None:
        self.client.force_login(self.nobody)
        response = self.client.get("/en/dashboard/")
        self.assertContains(response, "nothing for you to do here yet")
