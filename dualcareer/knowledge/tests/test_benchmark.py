"""selectors.benchmark: counts per criterion with the own rating; nothing below three members."""

from typing import Any

from django.core.exceptions import PermissionDenied

from dualcareer.knowledge import selectors
from dualcareer.knowledge.tests.factories import make_assessment, make_catalogue
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase
from dualcareer.testing import factories as f


class BenchmarkTest(KnowledgeTestCase):
    catalogue: Any
    third: Any

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.catalogue = make_catalogue(cls.network)
        cls.third = f.InstitutionFactory(name="Hochschule Gamma")
        f.NetworkMembershipFactory(network=cls.network, institution=cls.third)

    def test_counts_and_the_own_position(self):
        make_assessment(
            self.inst, self.network, self.catalogue, year=2025, ratings={"A1": "not_yet"}
        )
        make_assessment(self.other_inst, self.network, self.catalogue, year=2025)
        make_assessment(self.third, self.network, self.catalogue, year=2025, ratings={"B1": "n_a"})
        result = selectors.benchmark(user=self.alice, network=self.network, year=2025)
        self.assertTrue(result.enough)
        self.assertEqual(result.own_institution, self.inst)
        rows = {row.criterion.code: row for _area, rows in result.areas for row in rows}
        self.assertEqual(rows["A1"].counts, {"not_yet": 1, "met": 2})
        self.assertEqual(rows["A1"].own_rating, "not_yet")
        self.assertEqual(rows["A1"].met_share, 67)
        self.assertEqual(rows["B1"].met_share, 100)  # not applicable is left out of the share
        widths = [segment["width"] for segment in rows["A1"].segments]
        self.assertAlmostEqual(sum(widths), 100.0)
        # The coordinator sees the counts without an own position.
        coordinator_view = selectors.benchmark(user=self.cora, network=self.network, year=2025)
        self.assertIsNone(coordinator_view.own_institution)

    def test_fewer_than_three_submissions_show_nothing(self):
        make_assessment(self.inst, self.network, self.catalogue, year=2025)
        make_assessment(self.other_inst, self.network, self.catalogue, year=2025)
        make_assessment(self.third, self.network, self.catalogue, year=2025, submitted=False)
        result = selectors.benchmark(user=self.charlie, network=self.network, year=2025)
        self.assertEqual((result.enough, result.areas, result.submissions), (False, [], 2))

    def test_outsiders_are_refused(self):
        for user in (self.nobody, self.paula, self.emil):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                selectors.benchmark(user=user, network=self.network, year=2025)
