"""The indexes and planner statistics the openings list needs at 1,000,000 openings (issue 18).

The plans themselves show only on a large table (`bench/load.py`,
`docs/performance.md`); here the schema that makes them possible is pinned,
so that a migration that drops an index or a statistics setting fails.
"""

from __future__ import annotations

import unittest

from django.db import connection

from dualcareer.openings.models import Opening, OpeningPlace
from dualcareer.testing.base import BaseTestCase


def _index_definitions(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                [table],
            )
        return {name: definition or "" for name, definition in cursor.fetchall()}


class ListIndexTests(BaseTestCase):
    def test_the_places_have_a_bounding_box_index(self):
        definition = _index_definitions(OpeningPlace._meta.db_table)["opening_place_box_idx"]
        self.assertRegex(definition, r"\(\s*\"?latitude\"?\s*,\s*\"?longitude\"?\s*\)")

    def test_the_lists_order_has_its_partial_index(self):
        indexes = _index_definitions(Opening._meta.db_table)
        self.assertIn("opening_published_newest_idx", indexes)
        self.assertIn("opening_inst_newest_idx", indexes)


@unittest.skipUnless(connection.vendor == "postgresql", "PostgreSQL-only index and statistics")
class PostgresListStatisticsTests(BaseTestCase):
    def test_the_box_index_carries_the_opening(self):
        definition = _index_definitions(OpeningPlace._meta.db_table)["opening_place_box_idx"]
        self.assertIn("INCLUDE (opening_id)", definition)

    def test_the_search_column_has_a_trigram_index(self):
        definition = _index_definitions(Opening._meta.db_table)["opening_search_text_trgm_idx"]
        self.assertIn("gin_trgm_ops", definition)

    def test_the_search_column_is_sampled_finely(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstattarget FROM pg_attribute "
                "WHERE attrelid = %s::regclass AND attname = 'search_text'",
                [Opening._meta.db_table],
            )
            (target,) = cursor.fetchone()
        self.assertEqual(target, 1000)

    def test_latitude_and_longitude_have_joint_statistics(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT stxkind, array(SELECT attname FROM pg_attribute a "
                "WHERE a.attrelid = s.stxrelid AND a.attnum = ANY(s.stxkeys) ORDER BY attname) "
                "FROM pg_statistic_ext s WHERE stxname = 'opening_place_coordinates_stx'"
            )
            row = cursor.fetchone()
        self.assertIsNotNone(row)
        kinds, columns = row
        self.assertIn("m", kinds)  # most-common values of the pair
        self.assertEqual(list(columns), ["latitude", "longitude"])

    def test_the_words_of_the_search_column_have_their_indexes(self):
        definition = _index_definitions(Opening._meta.db_table)["opening_search_vector_idx"]
        self.assertIn("gin (search_vector)", definition)
        words = _index_definitions("openings_searchword")
        self.assertIn("gin_trgm_ops", words["opening_searchword_trgm_idx"])
        self.assertNotIn("UNIQUE", words["opening_searchword_idx"])  # writers must not wait

    def test_the_cells_of_the_places_have_their_index(self):
        definition = _index_definitions(Opening._meta.db_table)["opening_place_cells_idx"]
        # the expression the radius filter writes (selectors._within_radius)
        self.assertIn("gin (string_to_array(place_cells, ' '::text))", definition)
