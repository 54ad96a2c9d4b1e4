"""API v1 statistics: the page's scope and protected cells; bad filters as 400."""

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.openings.tests.factories import make_case
from dualcareer.testing.base import BaseTestCase


class StatisticsV1Tests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()
        make_case(self.inst, self.paula)  # one case: a small count, never shown

    def test_an_officer_reads_the_tables_with_small_counts_hidden(self):
        self.api.force_authenticate(self.alice)
        response = self.api.get(reverse("api_v1:statistics"))
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual((body["audience"], body["institution"]), ("officer", self.inst.slug))
        self.assertTrue(body["tables"])
        cells = [c for t in body["tables"] for r in t["rows"] for c in r["cells"]]
        hidden = [cell for cell in cells if cell["display"] in ("< 5", "x")]
        self.assertTrue(hidden)  # the one case is a small count: something is withheld
        for cell in hidden:
            self.assertIsNone(cell["value"])
        self.assertNotIn({"display": "1", "value": 1}, cells)

    def test_a_bad_filter_is_a_400_naming_the_field(self):
        self.api.force_authenticate(self.alice)
        response = self.api.get(reverse("api_v1:statistics"), {"year_from": "1200"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("year_from", response.json())

    def test_others_are_refused(self):
        for user in (self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.api.force_authenticate(user)
                self.assertEqual(self.api.get(reverse("api_v1:statistics")).status_code, 403)
