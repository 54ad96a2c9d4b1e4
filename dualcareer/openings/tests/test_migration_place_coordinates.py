"""Coordinates stored before they were range-checked are cleared by the migration."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from dualcareer.openings.models import OpeningPlace
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.factories import InstitutionFactory

BEFORE = [("openings", "0005_exchange_models_moved")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


class PlaceCoordinatesMigrationTests(TransactionTestCase):
    # The data of the test database is restored from its serialised copy, not re-created
    # by post_migrate after the flush: a later serialised test would otherwise find the
    # content types twice (new ids on PostgreSQL). Order of the test classes then does not matter.
    serialized_rollback = True

    def setUp(self):
        self.latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
        opening = OpeningFactory(institution=InstitutionFactory())
        self.good = OpeningPlace.objects.create(
            opening=opening, city="Essen", latitude=51.45, longitude=7.01
        )
        self.bad = OpeningPlace.objects.create(opening=opening, city="Bochum")

    def tearDown(self):
        migrate(self.latest)

    def test_impossible_coordinates_become_unknown_and_good_ones_stay(self):
        old_apps = migrate(BEFORE)
        old_place = old_apps.get_model("openings", "OpeningPlace")
        old_place.objects.filter(pk=self.bad.pk).update(latitude=500.0, longitude=7.2)
        migrate(self.latest)
        self.bad.refresh_from_db()
        self.good.refresh_from_db()
        self.assertEqual(
            (self.bad.latitude, self.bad.longitude, self.bad.country), (None, None, "DE")
        )
        self.assertEqual((self.good.latitude, self.good.longitude), (51.45, 7.01))
