"""The word search and the radius filter at 1,000,000 openings (issue 18).

- ``opening_place_box_idx`` replaces the places' (latitude, longitude) index
  and, on PostgreSQL, carries the opening too (``INCLUDE``): the places
  within a bounding box are read from the index alone, not row by row.
- On PostgreSQL only, better estimates, so that the planner walks the
  newest openings when a word or a place matches many of them and uses the
  trigram or box index when they are few (measured in
  ``docs/performance.md``):
  - the search column's statistics target 1,000 (default 100): with 100
    histogram entries a word in 2 % of the openings was estimated at 0.01 %,
    and the list sorted 19,000 rows instead of reading the newest 20;
  - multivariate statistics over latitude and longitude (openings cluster
    in cities; the planner otherwise takes them as independent and
    under-estimates a city's box tenfold).
"""

from typing import Any

from django.db import migrations, models

STATISTICS = "opening_place_coordinates_stx"


def _tables(apps: Any, schema_editor: Any) -> tuple[str, str] | None:
    """The quoted opening and place tables on PostgreSQL; None elsewhere (nothing to do)."""
    if schema_editor.connection.vendor != "postgresql":
        return None
    return tuple(
        schema_editor.quote_name(apps.get_model("openings", name)._meta.db_table)
        for name in ("Opening", "OpeningPlace")
    )


def _raise_statistics(apps: Any, schema_editor: Any) -> None:
    if (tables := _tables(apps, schema_editor)) is None:
        return
    opening, place = tables
    schema_editor.execute(f"ALTER TABLE {opening} ALTER COLUMN search_text SET STATISTICS 1000")
    for column in ("latitude", "longitude"):
        schema_editor.execute(f"ALTER TABLE {place} ALTER COLUMN {column} SET STATISTICS 1000")
    schema_editor.execute(
        f"CREATE STATISTICS IF NOT EXISTS {STATISTICS} (mcv) ON latitude, longitude FROM {place}"
    )
    # A new statistics object is empty until the table is analysed (a sample: seconds).
    schema_editor.execute(f"ANALYZE {opening}")
    schema_editor.execute(f"ANALYZE {place}")


def _reset_statistics(apps: Any, schema_editor: Any) -> None:
    if (tables := _tables(apps, schema_editor)) is None:
        return
    opening, place = tables
    schema_editor.execute(f"DROP STATISTICS IF EXISTS {STATISTICS}")
    schema_editor.execute(f"ALTER TABLE {opening} ALTER COLUMN search_text SET STATISTICS -1")
    for column in ("latitude", "longitude"):
        schema_editor.execute(f"ALTER TABLE {place} ALTER COLUMN {column} SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("openings", "0011_embedding_links"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="openingplace",
            name="openings_op_latitud_2302e1_idx",
        ),
        migrations.AddIndex(
            model_name="openingplace",
            index=models.Index(
                fields=["latitude", "longitude"],
                include=("opening",),
                name="opening_place_box_idx",
            ),
        ),
        migrations.RunPython(_raise_statistics, _reset_statistics),
    ]
