"""The employer's dashboard shows the name and contact a partner revealed, while it holds."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from dualcareer.exchange.selectors import revealed_for_employer
from dualcareer.exchange.services import introduction_create, introduction_reveal
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


class RevealedForEmployerTests(BaseTestCase):
    def tearDown(self):
        # A request to an English page leaves English active in this thread.
        translation.activate(settings.LANGUAGE_CODE)
        super().tearDown()

    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.opening = OpeningFactory(institution=self.employer_inst)
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=self.opening
        )

    def test_only_after_the_reveal_and_only_to_the_employer(self):
        self.assertEqual(revealed_for_employer(user=self.emil), [])
        introduction_reveal(user=self.paula, introduction=self.introduction, agree=True)
        ((introduction, person),) = revealed_for_employer(user=self.emil)
        self.assertEqual(introduction.pk, self.introduction.pk)
        self.assertEqual(person["last_name"], "Quellmalz")
        self.assertEqual(set(person), {"first_name", "last_name", "email", "phone"})
        for outsider in (self.alice, self.charlie, self.paula, self.nobody):
            self.assertEqual(revealed_for_employer(user=outsider), [])

    def test_dashboard_shows_it_and_a_withdrawal_hides_it(self):
        introduction_reveal(user=self.paula, introduction=self.introduction, agree=True)
        self.client.force_login(self.emil)
        with translation.override("en"):
            dashboard = reverse("site:dashboard")
        page = self.client.get(dashboard)
        self.assertContains(page, "Partners who revealed their name to you")
        self.assertContains(page, "Petra Quellmalz")
        self.assertContains(page, "petra.quellmalz@example.org")
        withdraw(self.case, "employers")
        self.assertNotContains(self.client.get(dashboard), "Quellmalz")
