"""The radius filter through the grid cells of the places (issue 18).

``Opening.place_cells`` holds the cells of an opening's places
(``openings.cells``), written with the search column by every writer of
places. On PostgreSQL a GIN index over them as an array of words finds the
openings near a place in the openings table itself:

- a city's first page reads the newest openings and tests their cells,
  a short column of the row itself, where before every place in the
  city's box was read, looked up and sorted (at 1,000,000 openings 17,000
  for Berlin: 0.13 s);
- a small town's openings are found through the index first;
- a word near a place tests the cells of the openings holding the word.

The exact distance is still tested on the places of the openings found.
Filling the column rewrites every opening once (its places are read in
batches; their cells computed by the same code as every later write).
"""

from typing import Any

from django.db import migrations, models

CELLS_INDEX = "opening_place_cells_idx"
BATCH = 10_000


def _fill(apps: Any, schema_editor: Any) -> None:
    from dualcareer.openings.cells import cells_text

    opening_model = apps.get_model("openings", "Opening")
    place_model = apps.get_model("openings", "OpeningPlace")
    db = schema_editor.connection.alias
    last = 0
    while True:
        ids = list(
            opening_model.objects.using(db)
            .filter(pk__gt=last)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        last = ids[-1]
        places: dict[int, list[Any]] = {pk: [] for pk in ids}
        for place in (
            place_model.objects.using(db)
            .filter(opening_id__gte=ids[0], opening_id__lte=last)
            .only("opening_id", "latitude", "longitude")
        ):
            places[place.opening_id].append(place)
        values = {pk: cells_text(found) for pk, found in places.items() if found}
        if not values:
            continue
        if schema_editor.connection.vendor == "postgresql":
            table = schema_editor.quote_name(opening_model._meta.db_table)
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} AS o SET place_cells = v.cells "  # noqa: S608
                    "FROM unnest(%s::bigint[], %s::text[]) AS v(id, cells) WHERE o.id = v.id",
                    [list(values), list(values.values())],
                )
        else:
            opening_model.objects.using(db).bulk_update(
                [opening_model(pk=pk, place_cells=cells) for pk, cells in values.items()],
                ["place_cells"],
                batch_size=500,
            )


def _index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("openings", "Opening")._meta.db_table)
    schema_editor.execute(
        f"CREATE INDEX {CELLS_INDEX} ON {table} USING gin ((string_to_array(place_cells, ' ')))"
    )
    # The expression's statistics (how many openings each cell holds) guide the planner:
    # with the default sample only the 1,000 most common of the ~7,000 cells of Germany
    # are counted, and a small town's cells were taken for five times their openings (the
    # planner then read 64,000 openings for its first page at 1,000,000 openings).
    schema_editor.execute(f"ALTER INDEX {CELLS_INDEX} ALTER COLUMN 1 SET STATISTICS 1000")
    schema_editor.execute(f"ANALYZE {table}")


def _drop_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {CELLS_INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("openings", "0013_search_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="opening",
            name="place_cells",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(_fill, migrations.RunPython.noop),
        migrations.RunPython(_index, _drop_index),
    ]
