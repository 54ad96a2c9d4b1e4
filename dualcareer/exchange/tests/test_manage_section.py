"""The exchange's section on "my institution's openings": introductions to the employer."""

from django.urls import reverse

from dualcareer.exchange.services import introduction_create
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase


class ManageSectionTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.introduction = introduction_create(
            user=self.alice,
            case=self.case,
            opening=OpeningFactory(institution=self.employer_inst, title_de="Laborleitung"),
        )
        self.link = reverse("exchange:introduction_employer", args=[self.introduction.public_id])

    def test_the_employer_sees_the_introduction_on_its_openings_page(self):
        self.client.force_login(self.emil)
        response = self.client.get(reverse("openings:manage"))
        self.assertContains(response, "Vorstellungen an Sie")
        self.assertContains(response, self.link)

    def test_an_officer_of_another_institution_does_not_see_it(self):
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("openings:manage"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.link)


class ReceivedIntroductionsTests(BaseTestCase):
    """The section shows the newest; all of them are on their own page, in pages."""

    def introduce(self, count: int, scopes=("employers",)):
        case = make_case(self.inst, None, scopes=scopes)
        return [
            introduction_create(
                user=self.alice,
                case=case,
                opening=OpeningFactory(institution=self.employer_inst, title_de=f"Stelle {i:02d}"),
            )
            for i in range(count)
        ]

    def test_the_section_shows_the_newest_and_links_to_all(self):
        from dualcareer.exchange.sections import MANAGE_SECTION_ROWS

        introductions = self.introduce(MANAGE_SECTION_ROWS + 2)
        self.client.force_login(self.emil)
        page = self.client.get(reverse("openings:manage")).content.decode()
        shown = [str(i.public_id) in page for i in introductions]
        self.assertEqual(shown, [False, False] + [True] * MANAGE_SECTION_ROWS)  # the newest
        self.assertIn(reverse("exchange:introductions_received"), page)
        self.assertIn(f"Alle {MANAGE_SECTION_ROWS + 2} Vorstellungen", page)

    def test_the_page_lists_all_in_pages_with_flat_queries(self):
        from unittest import mock

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from dualcareer.exchange.views import employer

        url = reverse("exchange:introductions_received")
        self.client.force_login(self.emil)
        self.introduce(3)
        self.client.get(url)  # per-process caches filled once

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(captured)

        few = queries()
        self.introduce(12)
        self.assertEqual(queries(), few)
        with mock.patch.object(employer, "INTRODUCTIONS_PER_PAGE", 10):
            first = self.client.get(url).content.decode()
            second = self.client.get(url, {"page": 2}).content.decode()
        self.assertIn("Stelle 11", first)  # the newest first
        self.assertIn('href="?page=2"', first)
        self.assertIn("Stelle 00", second)
        self.assertNotIn("Stelle 11", second)

    def test_only_introductions_the_consent_still_covers(self):
        from dualcareer.cases.services import consent_withdraw

        shown = self.introduce(1)[0]
        hidden = self.introduce(1)[0]
        consent_withdraw(case=hidden.case, scope="employers", actor=self.alice)
        self.client.force_login(self.emil)
        page = self.client.get(reverse("exchange:introductions_received"))
        self.assertContains(page, str(shown.public_id))
        self.assertNotContains(page, str(hidden.public_id))

    def test_officers_partners_and_visitors_are_refused(self):
        self.introduce(1)
        url = reverse("exchange:introductions_received")
        for user in (self.alice, self.charlie, self.paula):
            self.client.force_login(user)
            self.assertEqual(self.client.get(url).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)
