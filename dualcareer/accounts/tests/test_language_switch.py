"""The language switch: stays on the page, remembers the choice, refuses bad input."""

from dualcareer.testing.base import BaseTestCase


class LanguageSwitchTests(BaseTestCase):
    url = "/i18n/language/"

    def test_it_switches_to_english_on_the_same_page(self) -> None:
        response = self.client.post(self.url, {"language": "en", "next": "/accounts/login/"})
        self.assertRedirects(response, "/en/accounts/login/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["dualcareer_language"].value, "en")

    def test_it_switches_back_to_german(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, {"language": "en", "next": "/dashboard/"})
        response = self.client.post(self.url, {"language": "de", "next": "/en/dashboard/"})
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.language, "de")

    def test_it_remembers_the_choice_for_a_logged_in_user(self) -> None:
        self.client.force_login(self.alice)
        self.client.post(self.url, {"language": "en", "next": "/dashboard/"})
        self.alice.refresh_from_db()
        self.assertEqual(self.alice.language, "en")

    def test_unknown_language_is_a_400(self) -> None:
        response = self.client.post(self.url, {"language": "xx", "next": "/"})
        self.assertEqual(response.status_code, 400)

    def test_foreign_next_url_is_not_followed(self) -> None:
        response = self.client.post(self.url, {"language": "en", "next": "https://evil.example/"})
        self.assertRedirects(response, "/en/", fetch_redirect_response=False)

    def test_get_is_not_allowed(self) -> None:
        self.assertEqual(self.client.get(self.url).status_code, 405)
