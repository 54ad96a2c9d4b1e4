"""`selectors.live_public_at_least`: the whole openings list is not counted where the live
public openings alone are twice its limit (issue 18, docs/performance.md)."""

import datetime as dt
from unittest import mock

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dualcareer.openings import selectors
from dualcareer.openings.models import Visibility
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase


def _counts(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]


class LivePublicAtLeastTests(BaseTestCase):
    def make(self, n: int, **kwargs: object) -> None:
        for _ in range(n):
            OpeningFactory(institution=self.employer_inst, **kwargs)

    def test_only_live_public_openings_count(self) -> None:
        self.make(3)
        self.make(2, visibility=Visibility.NETWORK)
        self.make(2, is_published=False)
        self.make(2, closing_date=timezone.localdate() - dt.timedelta(days=1))
        self.assertTrue(selectors.live_public_at_least(3))
        self.assertFalse(selectors.live_public_at_least(4))

    def test_the_answer_is_shared_through_the_cache_and_read_again_when_it_expires(self) -> None:
        self.make(2)
        self.assertFalse(selectors.live_public_at_least(3))
        self.make(1)
        with CaptureQueriesContext(connection) as queries:
            self.assertFalse(selectors.live_public_at_least(3))  # remembered
        self.assertEqual(queries.captured_queries, [])
        cache.clear()  # as when LIVE_PUBLIC_SECONDS have passed
        self.assertTrue(selectors.live_public_at_least(3))

    def test_the_whole_list_far_above_its_cap_says_more_than_without_a_count(self) -> None:
        self.make(6)
        client = self.client
        with mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 2):
            client.get(reverse("openings:list"))
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("openings:list"))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["page"].paginator.capped)
        self.assertContains(response, "Mehr als 2 Stellenangebote")
        self.assertEqual(_counts(queries), [])
        self.assertEqual(len(response.context["page"].object_list), 6)

    def test_below_twice_the_cap_the_whole_list_is_counted(self) -> None:
        self.make(5)  # 5 < 2 x (2 + 1)
        with (
            mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 2),
            CaptureQueriesContext(connection) as queries,
        ):
            response = self.client.get(reverse("openings:list"))
        self.assertTrue(response.context["page"].paginator.capped)
        self.assertEqual(sum("LIMIT 3" in sql.upper() for sql in _counts(queries)), 1)

    def test_openings_only_the_network_sees_do_not_make_the_list_long(self) -> None:
        self.make(2)
        self.make(6, visibility=Visibility.NETWORK)
        self.client.force_login(self.alice)  # an officer: sees the network's openings
        with mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 2):
            response = self.client.get(reverse("openings:list"))
        self.assertFalse(selectors.live_public_at_least(6))
        self.assertTrue(response.context["page"].paginator.capped)  # counted: 8 > 2
        with mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 10):
            response = self.client.get(reverse("openings:list"))
        self.assertEqual(response.context["page"].paginator.count, 8)

    def test_a_filtered_list_is_counted(self) -> None:
        self.make(6)
        with mock.patch("dualcareer.openings.selectors.FILTERED_COUNT_CAP", 10):
            selectors.live_public_at_least(22)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(reverse("openings:list"), {"field": "research"})
        self.assertEqual(response.context["page"].paginator.count, 6)
        self.assertEqual(len(_counts(queries)), 1)
