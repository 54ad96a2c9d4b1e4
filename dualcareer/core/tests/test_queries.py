"""`filter_ids_in` and `ids_in`: the same rows as ``__in``, with one parameter on PostgreSQL."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dualcareer.core.queries import filter_ids_in, ids_in
from dualcareer.network.models import Institution
from dualcareer.testing.base import BaseTestCase


class FilterIdsInTests(BaseTestCase):
    def test_the_same_rows_as_in(self):
        every = list(Institution.objects.order_by("pk").values_list("pk", flat=True))
        self.assertGreater(len(every), 2)
        for ids in ([], every[:1], every[1:], [every[0], 10**9, every[-1]], every * 2):
            with self.subTest(ids=ids):
                self.assertEqual(
                    set(filter_ids_in(Institution.objects.all(), "pk", ids)),
                    set(Institution.objects.filter(pk__in=ids)),
                )

    def test_other_fields_and_filters_combine(self):
        first = Institution.objects.order_by("pk")[0]
        narrowed = Institution.objects.exclude(pk=first.pk)
        self.assertEqual(list(filter_ids_in(narrowed, "id", [first.pk])), [])
        self.assertEqual(list(filter_ids_in(Institution.objects.all(), "id", [first.pk])), [first])

    def test_one_parameter_for_many_ids_on_postgresql(self):
        ids = list(range(1, 3001))
        with CaptureQueriesContext(connection) as queries:
            list(filter_ids_in(Institution.objects.all(), "pk", ids))
        sql = queries.captured_queries[0]["sql"]
        if connection.vendor == "postgresql":
            self.assertIn("unnest", sql)
            self.assertNotIn(", 2999, 3000)", sql)
        else:
            self.assertIn(", 2999, 3000)", sql)

    def test_the_condition_combines_with_others(self):
        every = list(Institution.objects.order_by("pk").values_list("pk", flat=True))
        narrowed = Institution.objects.filter(ids_in("pk", every[:2])).exclude(pk=every[0])
        self.assertEqual(list(narrowed.values_list("pk", flat=True)), [every[1]])
        self.assertEqual(list(Institution.objects.filter(ids_in("pk", []))), [])
