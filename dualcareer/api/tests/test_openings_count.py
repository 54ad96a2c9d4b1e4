"""The API's openings list counts its total up to a cap only (issue 18), like the list page."""

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase


class OpeningListCountTests(BaseTestCase):
    def setUp(self) -> None:
        self.api = APIClient()
        self.api.force_authenticate(self.alice)
        for n in range(5):
            OpeningFactory(institution=self.employer_inst, title_de=f"Stelle {n}")

    def get(self, **params: object) -> dict:
        response = self.api.get(reverse("api:opening_list"), params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def test_below_the_cap_the_count_is_exact(self) -> None:
        body = self.get(page_size=2)
        self.assertEqual(body["count"], 5)
        self.assertFalse(body["count_capped"])
        self.assertEqual(len(body["results"]), 2)
        self.assertIsNotNone(body["next"])

    def test_above_the_cap_the_count_says_the_cap_and_pages_reach_it(self) -> None:
        with mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 3):
            first = self.get(page_size=2)
            second = self.get(page_size=2, page=2)
            beyond = self.api.get(reverse("api:opening_list"), {"page_size": 2, "page": 3})
        self.assertEqual(first["count"], 3)
        self.assertTrue(first["count_capped"])
        self.assertEqual(len(second["results"]), 2)
        self.assertIsNone(second["next"])
        self.assertEqual(beyond.status_code, 404)
        titles = [o["title_de"] for o in first["results"] + second["results"]]
        self.assertEqual(len(set(titles)), 4)

    def test_the_count_reads_a_limited_subquery(self) -> None:
        with (
            mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 3),
            CaptureQueriesContext(connection) as queries,
        ):
            self.get()
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
        # the list's own count, and whether the live public openings are twice its limit
        # (selectors.live_public_at_least: 5 are not, so the list is counted)
        self.assertEqual(len(counts), 2)
        self.assertEqual(sum("LIMIT 4" in sql.upper() for sql in counts), 1)
        self.assertEqual(sum("LIMIT 8" in sql.upper() for sql in counts), 1)

    def test_far_above_the_cap_the_whole_list_is_not_counted(self) -> None:
        OpeningFactory(institution=self.employer_inst, title_de="Stelle 5")
        with mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 2):
            self.get()  # learns that 6 openings are public and live (twice the limit of 3)
            with CaptureQueriesContext(connection) as queries:
                body = self.get()
        self.assertEqual((body["count"], body["count_capped"]), (2, True))
        self.assertFalse([q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()])

    def test_a_filtered_list_counts_to_its_own_cap(self) -> None:
        with (
            mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 10),
            mock.patch("dualcareer.openings.selectors.FILTERED_COUNT_CAP", 3),
        ):
            whole = self.get()
            searched = self.get(q="stelle")
        self.assertEqual((whole["count"], whole["count_capped"]), (5, False))
        self.assertEqual((searched["count"], searched["count_capped"]), (3, True))

    def test_anonymous_is_refused(self) -> None:
        self.api.force_authenticate(None)
        response = self.api.get(reverse("api:opening_list"))
        self.assertIn(response.status_code, (401, 403))
