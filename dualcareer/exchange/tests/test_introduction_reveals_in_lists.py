"""Lists of introductions read every reveal from one query, however many introductions."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dualcareer.exchange.selectors import (
    introductions_for_case,
    introductions_for_employer,
    introductions_for_partner,
)
from dualcareer.exchange.services import introduction_create, introduction_reveal
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


class IntroductionRevealsInListsTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.introduce_and_reveal()

    def introduce_and_reveal(self):
        introduction = introduction_create(
            user=self.alice, case=self.case, opening=OpeningFactory(institution=self.employer_inst)
        )
        introduction_reveal(user=self.paula, introduction=introduction, agree=True)

    def read(self, listing):
        """Run the listing and read every row's reveal; return (queries, reveals)."""
        with CaptureQueriesContext(connection) as queries:
            reveals = [introduction.is_revealed for introduction in listing()]
        return len(queries.captured_queries), reveals

    def assert_same_queries_for_one_and_three(self, listing):
        one, reveals = self.read(listing)
        self.assertEqual(reveals, [True])
        self.introduce_and_reveal()
        self.introduce_and_reveal()
        three, reveals = self.read(listing)
        self.assertEqual(reveals, [True, True, True])
        self.assertEqual(one, three)

    def test_the_case_page_list_reads_reveals_in_a_fixed_number_of_queries(self):
        self.assert_same_queries_for_one_and_three(
            lambda: introductions_for_case(user=self.alice, case=self.case)
        )

    def test_the_employer_list_reads_reveals_in_a_fixed_number_of_queries(self):
        self.assert_same_queries_for_one_and_three(
            lambda: introductions_for_employer(user=self.emil)
        )

    def test_the_partner_list_reads_reveals_in_a_fixed_number_of_queries(self):
        self.assert_same_queries_for_one_and_three(
            lambda: introductions_for_partner(user=self.paula)
        )

    def test_a_withdrawn_consent_revokes_every_reveal_of_the_list(self):
        self.introduce_and_reveal()
        withdraw(self.case, "employers")
        _queries, reveals = self.read(
            lambda: introductions_for_case(user=self.alice, case=self.case)
        )
        self.assertEqual(reveals, [False, False])

    def test_a_narrowed_list_keeps_reading_reveals_at_once(self):
        introduction = introductions_for_partner(user=self.paula).get()
        with self.assertNumQueries(0):
            self.assertTrue(introduction.is_revealed)
