"""A signed-in user's stored language applies on every page; the switch stores it."""

from django.test import TestCase

from dualcareer.accounts.models import User
from dualcareer.testing import factories as f


class UserLanguageMiddlewareTests(TestCase):
    def setUp(self) -> None:
        self.reader: User = f.UserFactory(email="reader@example.org", language="en")

    def test_an_english_user_following_a_link_without_prefix_gets_the_english_page(self) -> None:
        self.client.force_login(self.reader)
        response = self.client.get("/dashboard/?tab=2")
        self.assertRedirects(response, "/en/dashboard/?tab=2", fetch_redirect_response=False)
        page = self.client.get(response["Location"])
        self.assertContains(page, '<html lang="en">')

    def test_an_explicit_prefix_is_served_as_it_is(self) -> None:
        german = f.UserFactory(email="leser@example.org", language="de")
        self.client.force_login(german)
        self.assertEqual(self.client.get("/en/dashboard/").status_code, 200)
        self.assertEqual(self.client.get("/dashboard/").status_code, 200)

    def test_anonymous_visitors_and_posts_are_left_alone(self) -> None:
        self.assertEqual(self.client.get("/").status_code, 200)
        self.client.force_login(self.reader)
        response = self.client.post("/accounts/logout/")
        self.assertNotEqual(response.get("Location", ""), "/en/accounts/logout/")

    def test_pages_outside_the_language_prefixes_are_not_redirected(self) -> None:
        self.client.force_login(self.reader)
        response = self.client.get("/api/schema/")
        self.assertNotEqual(response.status_code, 302)

    def test_the_switch_in_the_header_stores_the_choice(self) -> None:
        self.client.force_login(self.reader)
        page = self.client.get("/en/dashboard/")
        self.assertContains(page, 'name="language" value="de"')
        response = self.client.post("/i18n/language/", {"language": "de", "next": "/en/dashboard/"})
        self.assertRedirects(response, "/dashboard/", fetch_redirect_response=False)
        self.reader.refresh_from_db()
        self.assertEqual(self.reader.language, "de")
        # From now on a link without prefix stays German.
        self.assertEqual(self.client.get("/dashboard/").status_code, 200)
