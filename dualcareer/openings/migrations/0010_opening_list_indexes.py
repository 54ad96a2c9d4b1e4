"""Indexes for the openings list at scale (issue 18).

- ``opening_published_newest_idx``: the lists' order (newest first) over
  published openings only (a partial index, on SQLite and PostgreSQL): the
  first page reads it instead of sorting the table. (The pager counts at
  most 10,000 rows, see ``core.pagination.CappedPaginator``.)
- ``opening_inst_newest_idx``: the employer's "my openings", newest first.
- On PostgreSQL only: the ``pg_trgm`` extension and a trigram GIN index on
  the lower-cased search column, which ``LIKE '%word%'`` (the list's word
  search) uses instead of reading every row. SQLite keeps its plain scan.
"""

from typing import Any

from django.db import migrations, models

TRIGRAM_INDEX = "opening_search_text_trgm_idx"


def _create_trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("openings", "Opening")._meta.db_table)
    # Not Django's TrigramExtension: its reverse queries pg_extension on every database.
    # Unapplying leaves the extension (other objects may use it).
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TRIGRAM_INDEX} ON {table} "
        "USING gin (search_text gin_trgm_ops)"
    )


def _drop_trigram_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TRIGRAM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("openings", "0009_profile_embedding"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="opening",
            index=models.Index(
                condition=models.Q(("is_published", True)),
                fields=["-published_at", "-id"],
                name="opening_published_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="opening",
            index=models.Index(
                fields=["institution", "-created_at"], name="opening_inst_newest_idx"
            ),
        ),
        migrations.RunPython(_create_trigram_index, _drop_trigram_index),
    ]
