"""How many openings hold each stored word of the word search (issue 18; PostgreSQL only).

``openings_searchword.openings``: the number of live public openings that
held the word when ``manage.py search_words_prune`` (daily) last counted
them, NULL for a word listed since. PostgreSQL's own statistics list only
the most common words, so a search word standing for many rarer ones
looked rare ("techniker" at 1,000,000 openings: estimated 0 %, held by
4 %), and its count had to read every opening holding it, up to a
million, to say "more than 1,000". With the counts:

- the search chooses how to read a word by its true share;
- a search for one word alone that some stored word's count puts far above
  the list's cap says "more than" without counting
  (``selectors.COUNT_MARGIN``).

The triggers of migration 0013 are unchanged: a new word is listed
without a count. The column is filled by the next daily run.
"""

from typing import Any

from django.db import migrations

WORDS = "openings_searchword"


def _forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {WORDS} ADD COLUMN openings integer")


def _backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {WORDS} DROP COLUMN IF EXISTS openings")


class Migration(migrations.Migration):
    dependencies = [
        ("openings", "0014_place_cells"),
    ]

    operations = [migrations.RunPython(_forward, _backward)]
