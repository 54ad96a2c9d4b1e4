"""The grid cells of the places: the radius filter's index (issue 18, migration 0014).

The cells only narrow what the exact distance then decides, so a cell that
is missing (a writer that forgot them, a box whose cells leave out a corner)
would hide openings from the radius filter on PostgreSQL. These tests pin
the grid's geometry, that every writer of places writes the cells, that the
migration fills them for existing openings, and that the radius filter finds
exactly the openings within the distance, alone and with a search word.
"""

from __future__ import annotations

import importlib
import json
import math
import random
from types import SimpleNamespace
from unittest import mock

from django.apps import apps as django_apps
from django.db import connection
from django.test import SimpleTestCase

from dualcareer.openings import cells, geo, selectors
from dualcareer.openings.importing import openings_import
from dualcareer.openings.models import Opening, Visibility
from dualcareer.openings.services import opening_create, opening_update
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.openings.tests.test_opening_create import DATA
from dualcareer.openings.tests.test_openings_import import posting
from dualcareer.testing.base import BaseTestCase


class GridTests(SimpleTestCase):
    def test_a_place_in_a_box_lies_in_one_of_the_boxs_cells(self) -> None:
        rng = random.Random(18)
        for _ in range(2000):
            centre = geo.Point(rng.uniform(-60, 70), rng.uniform(-170, 170))
            box = geo.bounding_box(centre, rng.choice((1, 5, 25, 80, 300)))
            min_lat, max_lat, min_lon, max_lon = box
            covering = set(cells.covering_cells(box))
            # Corners, edges and inner points of the box.
            for lat in (min_lat, max_lat, rng.uniform(min_lat, max_lat)):
                for lon in (min_lon, max_lon, rng.uniform(min_lon, max_lon)):
                    with self.subTest(box=box, lat=lat, lon=lon):
                        self.assertTrue(covering & set(cells.place_cells(lat, lon)))

    def test_a_place_outside_the_box_is_in_none_of_its_fine_cells(self) -> None:
        box = geo.bounding_box(geo.Point(51.48, 7.22), 25)  # Bochum
        covering = set(cells.covering_cells(box))
        self.assertFalse(covering & set(cells.place_cells(52.52, 13.40)))  # Berlin

    def test_the_usual_radius_takes_the_fine_grid_a_long_one_the_coarse(self) -> None:
        bochum = geo.Point(51.48, 7.22)
        fine = cells.covering_cells(geo.bounding_box(bochum, 25))
        self.assertTrue(all(cell.startswith("f") for cell in fine))
        self.assertLessEqual(len(fine), cells.MAX_FINE_CELLS)
        coarse = cells.covering_cells(geo.bounding_box(bochum, selectors.MAX_RADIUS_KM))
        self.assertTrue(all(cell.startswith("c") for cell in coarse))
        self.assertLessEqual(len(coarse), cells.MAX_FINE_CELLS)

    def test_the_cells_of_negative_coordinates_round_down(self) -> None:
        self.assertEqual(cells.place_cells(-0.05, -179.95), ["f-1_-1800", "c-1_-180"])

    def test_the_column_value_is_sorted_without_doubles(self) -> None:
        class Place:
            def __init__(self, lat: float | None, lon: float | None) -> None:
                self.latitude, self.longitude = lat, lon

        value = cells.cells_text([Place(51.48, 7.22), Place(51.49, 7.23), Place(None, None)])
        self.assertEqual(value, "c51_7 f514_72")
        self.assertEqual(cells.cells_text([Place(None, 7.0)]), "")


def _expected(opening: Opening) -> str:
    return cells.cells_text(opening.places.all())


class WritersTests(BaseTestCase):
    """Every writer of an opening's places writes its cells."""

    def test_the_form_service_writes_them_on_create_and_update(self) -> None:
        opening = opening_create(
            user=self.emil,
            institution=self.employer_inst,
            data={**DATA, "visibility": Visibility.PUBLIC},
            places=[{"postcode": "44227"}, {"postcode": "45127"}],
        )
        opening.refresh_from_db()
        self.assertEqual(opening.place_cells, _expected(opening))
        # Dortmund and Essen: a fine cell each, one coarse cell for both
        self.assertEqual(opening.place_cells.split()[0], "c51_7")
        self.assertEqual(len(opening.place_cells.split()), 3)

        opening_update(user=self.emil, opening=opening, data={}, places=[{"postcode": "10115"}])
        opening.refresh_from_db()
        self.assertEqual(opening.place_cells, _expected(opening))
        self.assertIn("c52_13", opening.place_cells)  # Berlin now, not the Ruhr

        opening_update(user=self.emil, opening=opening, data={"title_de": "Nur Text"})
        opening.refresh_from_db()
        self.assertEqual(opening.place_cells, _expected(opening))

    def test_the_import_writes_them_for_new_and_changed_openings(self) -> None:
        def run(postcode: str) -> None:
            location = {"address": {"postalCode": postcode, "addressCountry": "DE"}}
            feed = [posting("Z-1", jobLocation=location)]
            openings_import(user=self.emil, institution=self.employer_inst, text=json.dumps(feed))

        run("45127")
        opening = Opening.objects.get(reference="Z-1")
        self.assertEqual(opening.place_cells, _expected(opening))
        self.assertIn("c51_7", opening.place_cells)
        run("80331")  # moved to Munich
        opening.refresh_from_db()
        self.assertEqual(opening.place_cells, _expected(opening))
        self.assertIn("c48_11", opening.place_cells)

    def test_the_migration_fills_them_for_existing_openings(self) -> None:
        with_places = OpeningFactory(
            places=[("10115", "Berlin", 52.53, 13.38), ("44801", "Bochum", 51.44, 7.26)]
        )
        without = OpeningFactory(places=[("", "Paris", None, None)])
        Opening.objects.update(place_cells="")
        migration = importlib.import_module("dualcareer.openings.migrations.0014_place_cells")
        # What _fill uses of a schema editor (SQLite refuses one inside a test's transaction).
        editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
        migration._fill(django_apps, editor)
        with_places.refresh_from_db()
        without.refresh_from_db()
        self.assertEqual(with_places.place_cells, "c51_7 c52_13 f514_72 f525_133")
        self.assertEqual(without.place_cells, "")


class RadiusTests(BaseTestCase):
    """The radius filter finds exactly the openings with a place within the distance."""

    def setUp(self) -> None:
        rng = random.Random(2026)
        self.centre = geo.postcode_point("44787")  # Bochum
        assert self.centre is not None
        self.places: dict[int, list[tuple[float, float]]] = {}
        for i in range(60):
            points = []
            for _ in range(1 if i % 3 else 2):
                # Within 0-400 km of Bochum in every direction, many near the 25 km edge.
                km = rng.choice((rng.uniform(0, 400), rng.uniform(20, 30)))
                bearing = rng.uniform(0, 2 * math.pi)
                lat = self.centre.latitude + km / 111.2 * math.cos(bearing)
                lon = self.centre.longitude + km / (
                    111.2 * math.cos(math.radians(self.centre.latitude))
                ) * math.sin(bearing)
                points.append((lat, lon))
            word = "zellwort" if i % 2 else "anderes"
            opening = OpeningFactory(
                description_de=f"Stelle {word}",
                places=[("", f"Ort {i}", lat, lon) for lat, lon in points],
            )
            self.places[opening.pk] = points

    def expected(self, radius_km: int) -> set[int]:
        c = self.centre
        assert c is not None
        return {
            pk
            for pk, points in self.places.items()
            if any(
                geo.distance_km(c.latitude, c.longitude, la, lo) <= radius_km for la, lo in points
            )
        }

    def found(self, radius_km: int, q: str = "") -> set[int]:
        filters = selectors.OpeningFilters(postcode="44787", radius_km=radius_km, q=q)
        listed = selectors.opening_list(user=self.nobody, filters=filters)
        return set(listed.values_list("pk", flat=True))

    def test_every_radius_finds_the_openings_within_it_in_both_forms(self) -> None:
        # Without statistics (a test database) every radius looks small: its openings'
        # ids are read first; with no ids allowed, the cells' index is the filter.
        for rare, mark in ((selectors.RARE_IDS_MIN, "unnest"), (0, "string_to_array")):
            with mock.patch.object(selectors, "_rare_ids", return_value=rare):
                if connection.vendor == "postgresql":  # elsewhere the places' box decides
                    self.assertIn(mark, str(selectors._within_radius("44787", 25)[0]))
                for radius in (1, 10, 25, 60, 150, selectors.MAX_RADIUS_KM):
                    with self.subTest(rare=rare, radius=radius):
                        self.assertEqual(self.found(radius), self.expected(radius))
        self.assertTrue(0 < len(self.expected(25)) < len(self.places))

    def test_a_radius_with_more_openings_than_it_looked_takes_the_index(self) -> None:
        within = len(self.expected(selectors.MAX_RADIUS_KM))
        with mock.patch.object(selectors, "_rare_ids", return_value=within - 1):
            if connection.vendor == "postgresql":
                conditions = selectors._within_radius("44787", selectors.MAX_RADIUS_KM)
                self.assertIn("string_to_array", str(conditions[0]))
            self.assertEqual(
                self.found(selectors.MAX_RADIUS_KM), self.expected(selectors.MAX_RADIUS_KM)
            )

    def test_a_word_near_a_place_in_each_form_of_the_word(self) -> None:
        with_word = {
            pk
            for pk in self.places
            if "zellwort" in Opening.objects.get(pk=pk).search_text  # half of them
        }
        # the thresholds set so that the word takes each form (see test_search_words)
        for common, frequent in ((0.3, 0.01), (0.3, 0.0), (0.0, 0.0)):
            for radius in (25, 150):
                with (
                    self.subTest(common=common, frequent=frequent, radius=radius),
                    mock.patch.object(selectors, "_common_word_shares", return_value={}),
                    mock.patch.object(selectors, "COMMON_WORD_SHARE", common),
                    mock.patch.object(selectors, "FREQUENT_WORD_SHARE", frequent),
                ):
                    self.assertEqual(
                        self.found(radius, q="zellwort"), self.expected(radius) & with_word
                    )
