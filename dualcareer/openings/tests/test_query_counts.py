"""List pages of openings at scale: queries that do not grow with the list, the radius in SQL.

Issue 18: a list page's database queries must not grow with its length
(no N+1): each page is read with 5 and with 50 rows behind it and must ask
the database the same number of times. The radius filter is computed by the
database (bounding box + great-circle distance) and must agree with the
engine's distance in Python.
"""

from __future__ import annotations

import math
from typing import Any
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualcareer.openings import geo
from dualcareer.openings.models import Opening, Visibility
from dualcareer.openings.selectors import OpeningFilters, opening_list
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase

BOCHUM = (51.4818, 7.2162)  # 44801's centre in the shipped gazetteer is close to this


def _place(n: int, lat: float, lon: float) -> tuple[str, str, float, float]:
    return ("44801", f"Ort {n}", lat, lon)


class QueryCountTests(BaseTestCase):
    """The same number of queries for 5 and for 50 openings behind a page."""

    def add_openings(self, count: int, **kwargs: Any) -> None:
        for i in range(count):
            OpeningFactory(
                institution=self.employer_inst,
                title_de=f"Laborleitung {i}",
                visibility=[Visibility.PUBLIC, Visibility.NETWORK][i % 2]
                if kwargs.get("mixed")
                else Visibility.PUBLIC,
                places=[("44801", "Bochum", 51.4447, 7.2617), ("45127", "Essen", 51.45, 7.01)],
            )

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def assert_flat(self, url: str, *, user: Any = None, mixed: bool = False) -> None:
        if user is not None:
            self.client.force_login(user)
        self.add_openings(5, mixed=mixed)
        self.queries(url)  # warm caches that are filled once per process (content types, ...)
        few = self.queries(url)
        self.add_openings(45, mixed=mixed)
        many = self.queries(url)
        self.assertEqual(few, many, f"{url}: {few} queries for 5 openings, {many} for 50")

    def test_public_list(self):
        self.assert_flat(reverse("openings:list"))

    def test_public_list_with_word_and_radius(self):
        self.assert_flat(reverse("openings:list") + "?q=labor&postcode=44801&radius_km=30")

    def test_list_of_an_officer_in_the_network(self):
        self.assert_flat(reverse("openings:list"), user=self.alice, mixed=True)

    def test_employers_my_openings(self):
        self.assert_flat(reverse("openings:manage"), user=self.emil, mixed=True)

    def test_my_openings_is_paginated(self):
        self.client.force_login(self.emil)
        self.add_openings(55)
        first = self.client.get(reverse("openings:manage"))
        second = self.client.get(reverse("openings:manage") + "?page=2")
        self.assertEqual(len(first.context["openings"]), 50)
        self.assertEqual(len(second.context["openings"]), 5)
        self.assertContains(first, "?page=2")
        shown = {o.pk for o in first.context["openings"]} | {
            o.pk for o in second.context["openings"]
        }
        self.assertEqual(shown, set(Opening.objects.values_list("pk", flat=True)))
        # junk page numbers show a page, never an error
        self.assertEqual(self.client.get(reverse("openings:manage") + "?page=x").status_code, 200)


class CappedCountTests(BaseTestCase):
    """The list counts up to a cap (a LIMITed COUNT), then says "more than"."""

    def setUp(self):
        for i in range(5):
            OpeningFactory(institution=self.employer_inst, title_de=f"Stelle {i}")

    def test_counts_exactly_below_the_cap_and_stops_above(self):
        from dualcareer.core.pagination import CappedPaginator

        exact = CappedPaginator(Opening.objects.all(), 2, cap=10)
        self.assertEqual((exact.count, exact.capped, exact.num_pages), (5, False, 3))
        self.assertEqual(len(exact.page(3).object_list), 1)
        capped = CappedPaginator(Opening.objects.all(), 2, cap=4)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual((capped.count, capped.capped, capped.num_pages), (5, True, 2))
        self.assertIn("LIMIT 5", captured[0]["sql"].upper())
        self.assertEqual(len(capped.page(2).object_list), 2)  # full pages up to the cap

    def test_a_counter_given_counts_instead_of_the_list(self):
        from dualcareer.core.pagination import CappedPaginator

        asked: list[int] = []

        def counter(limit: int) -> int:
            asked.append(limit)
            return Opening.objects.count()  # the same rows, counted another way

        paginator = CappedPaginator(Opening.objects.all(), 2, cap=4, counter=counter)
        self.assertEqual((paginator.count, paginator.capped, paginator.num_pages), (5, True, 2))
        self.assertEqual(asked, [5])  # the cap and one more, asked once

    def test_the_page_says_more_than_when_capped(self):
        with mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 3):
            response = self.client.get(reverse("openings:list"))
            page_two = self.client.get(reverse("openings:list") + "?page=2")
        self.assertContains(response, "Mehr als 3 Stellenangebote")
        self.assertEqual(len(response.context["page"].object_list), 5)  # a full page (20)
        self.assertEqual(page_two.status_code, 200)  # past the cap: the last page, no error
        with mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 10):
            self.assertContains(self.client.get(reverse("openings:list")), "5 Stellenangebote")

    def test_a_filtered_list_counts_to_its_own_cap(self):
        # A word matches a share of all openings: its count stops earlier than the whole list's.
        with (
            mock.patch("dualcareer.openings.selectors.LIST_COUNT_CAP", 10),
            mock.patch("dualcareer.openings.selectors.FILTERED_COUNT_CAP", 3),
        ):
            whole = self.client.get(reverse("openings:list"))
            searched = self.client.get(reverse("openings:list") + "?q=stelle")
        self.assertContains(whole, "5 Stellenangebote")
        self.assertContains(searched, "Mehr als 3 Stellenangebote")
        self.assertEqual(len(searched.context["page"].object_list), 5)


class RadiusInSqlTests(BaseTestCase):
    """The database's radius decision equals the engine's distance, place by place."""

    def test_agrees_with_the_engines_distance_around_the_border(self):
        centre = geo.postcode_point("44801")
        assert centre is not None
        expected = set()
        # rings of places at 5 to 60 km in eight directions, some just inside/outside 25 km
        for n, km in enumerate((5.0, 24.8, 24.95, 25.05, 25.3, 40.0, 60.0)):
            for k in range(8):
                bearing = math.radians(45 * k + 10)
                lat = centre.latitude + (km / 111.2) * math.cos(bearing)
                lon = centre.longitude + (km / 111.2) * math.sin(bearing) / math.cos(
                    math.radians(centre.latitude)
                )
                opening = OpeningFactory(
                    institution=self.employer_inst,
                    title_de=f"Stelle {n}-{k}",
                    places=[_place(n, lat, lon)],
                )
                if geo.distance_km(centre.latitude, centre.longitude, lat, lon) <= 25:
                    expected.add(opening.pk)
        found = {
            o.pk
            for o in opening_list(
                user=self.alice,
                filters=OpeningFilters.from_params({"postcode": "44801", "radius_km": 25}),
            )
        }
        self.assertEqual(found, expected)
        self.assertTrue(8 < len(expected) < 40)  # the rings straddle the border

    def test_an_opening_counts_once_if_several_places_are_inside(self):
        OpeningFactory(
            institution=self.employer_inst,
            places=[_place(1, *BOCHUM), _place(2, BOCHUM[0] + 0.01, BOCHUM[1])],
        )
        filters = OpeningFilters.from_params({"postcode": "44801", "radius_km": 20})
        self.assertEqual(opening_list(user=self.alice, filters=filters).count(), 1)

    def test_a_place_without_coordinates_or_an_unknown_postcode_matches_nothing(self):
        OpeningFactory(institution=self.employer_inst, places=[("44801", "Bochum", None, None)])
        near = OpeningFilters.from_params({"postcode": "44801", "radius_km": 300})
        unknown = OpeningFilters.from_params({"postcode": "00000", "radius_km": 300})
        self.assertEqual(opening_list(user=self.alice, filters=near).count(), 0)
        self.assertEqual(opening_list(user=self.alice, filters=unknown).count(), 0)

    def test_the_filter_is_one_query_without_a_list_of_ids(self):
        OpeningFactory(institution=self.employer_inst, places=[_place(1, *BOCHUM)])
        filters = OpeningFilters.from_params({"postcode": "44801", "radius_km": 20})
        queryset = opening_list(user=self.alice, filters=filters)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(queryset.count(), 1)
        self.assertEqual(len(captured), 1)
        self.assertIn("EXISTS", captured[0]["sql"].upper())
