"""Moving the exchange's models out of the openings app keeps the data and the audit trail."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase

from dualcareer.core import audit
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import Introduction
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.factories import InstitutionFactory

BEFORE = [("openings", "0004_openingembedding"), ("exchange", None)]


def migrate(targets):
    """Migrate the test database to `targets`; return the models of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


class ExchangeMoveMigrationTests(TransactionTestCase):
    # The data of the test database is restored from its serialised copy, not re-created
    # by post_migrate after the flush: a later serialised test would otherwise find the
    # content types twice (new ids on PostgreSQL). Order of the test classes then does not matter.
    serialized_rollback = True

    def setUp(self):
        # Content types are re-created (new ids on PostgreSQL) by other tests' flushes and by
        # the migrations below: start from the database, not from this process's cache.
        ContentType.objects.clear_cache()
        self.latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
        opening = OpeningFactory(institution=InstitutionFactory())
        employer = opening.institution
        case = make_case(InstitutionFactory())
        introduction = Introduction.objects.create(
            case=case, opening=opening, employer=employer, consent_scope="employers"
        )
        self.public_id = introduction.public_id
        audit.log(introduction, "introduction.created", data={"case": case.public_id})

    def tearDown(self):
        migrate(self.latest)
        ContentType.objects.clear_cache()

    def test_an_introduction_made_before_the_move_is_the_exchanges_after_it(self):
        old_apps = migrate(BEFORE)
        old_model = old_apps.get_model("openings", "Introduction")
        self.assertTrue(old_model.objects.filter(public_id=self.public_id).exists())
        entry = AuditEntry.objects.get(action="introduction.created")
        assert entry.target_type is not None
        self.assertEqual(
            (entry.target_type.app_label, entry.target_type.model), ("openings", "introduction")
        )

        migrate(self.latest)

        introduction = Introduction.objects.get(public_id=self.public_id)
        entry = AuditEntry.objects.get(action="introduction.created")
        self.assertEqual(entry.target_type, ContentType.objects.get_for_model(Introduction))
        self.assertEqual(entry.target_id, str(introduction.pk))
        self.assertFalse(
            ContentType.objects.filter(app_label="openings", model="introduction").exists()
        )

    def test_the_tables_keep_their_names(self):
        self.assertEqual(Introduction._meta.db_table, "openings_introduction")
        self.assertIn("openings_introduction", connection.introspection.table_names())
