"""The word search by words, not by trigrams of whole texts (issue 18; PostgreSQL only).

A trigram index is selective while the texts are short. A real job ad is
2-6 KB (tasks, profile, benefits, the application process, in German and
English), and such a text holds nearly every trigram of a common word:
for "berater" the trigram index returned almost every opening, each one
decompressed and searched again (0.3 s for the count at 100,000 openings;
"manager" 0.6 s for the first page, `docs/performance.md`).

- ``search_vector``: the words of the search column: every run of letters
  and digits, whole (ASCII punctuation and spaces become one space first,
  so that PostgreSQL's parser cannot read "kaufmänner/kauffrauen" as a
  path and cut "kauffrauen" apart; configuration ``simple``: lower-cased,
  not stemmed, no stop words; without positions, which nothing reads and
  which doubled its size), a generated column that PostgreSQL keeps
  current on every write (bulk ones too), with a GIN index.
- ``openings_searchword``: every word that occurs in some opening's search
  column, with a trigram index. A search word stands for the words that
  contain it ("pflege": "altenpflege", "pflegefachkraft", ...), looked up
  there, and the openings are those holding one of them: the same openings
  as ``search_text LIKE '%pflege%'`` (see ``selectors.apply_filters``).
  Statement triggers add the new words of inserted and changed openings
  without a unique constraint, so that two imports never wait for each
  other (a word written by both at the same moment is kept twice; the
  lookup reads distinct words). A word that no opening holds any more
  matches nothing; ``manage.py search_words_prune`` (daily) removes such
  words and the doubles.

The column is not in Django's model: SQLite keeps ``LIKE`` over the search
column, and nothing in Python reads or writes it. Adding the generated
column rewrites the openings table once.
"""

from typing import Any

from django.db import migrations

WORDS = "openings_searchword"
VECTOR_INDEX = "opening_search_vector_idx"
WORD_INDEX = "opening_searchword_idx"
WORD_TRIGRAM_INDEX = "opening_searchword_trgm_idx"
FUNCTION = "openings_searchword_add"
# ASCII characters other than letters and digits; every other character is left to the
# parser (in any database locale it reads umlauts and other letters as letters).
SEPARATORS = "[^0-9a-zA-Z\\u0080-\\uffff]+"


def _forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    opening = schema_editor.quote_name(apps.get_model("openings", "Opening")._meta.db_table)
    run = schema_editor.execute
    run(
        f"ALTER TABLE {opening} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(strip(to_tsvector('simple'::regconfig, "
        f"regexp_replace(search_text, '{SEPARATORS}', ' ', 'g')))) "
        "STORED"
    )
    run(f"CREATE INDEX {VECTOR_INDEX} ON {opening} USING gin (search_vector)")
    run(f"CREATE TABLE {WORDS} (word text NOT NULL)")
    run(f"CREATE INDEX {WORD_INDEX} ON {WORDS} (word)")
    run(f"CREATE INDEX {WORD_TRIGRAM_INDEX} ON {WORDS} USING gin (word gin_trgm_ops)")
    run(
        f"INSERT INTO {WORDS} (word) SELECT word FROM ts_stat('SELECT search_vector FROM {opening}')"
    )
    # The new words of the rows a statement wrote (changed rows: only if their text changed):
    # collected once, then the ones already listed taken away as a set. Not a NOT EXISTS
    # per word: with the list's statistics of an empty table (a new installation) the
    # planner scanned the whole list once per word (an import of 10,000 openings: 65 a
    # second instead of 1,500). Here the list is read at most once per statement.
    run(
        f"""
        CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql
        SET plan_cache_mode = force_custom_plan AS $$
        DECLARE
            found text[];
        BEGIN
            IF TG_OP = 'INSERT' THEN
                SELECT array_agg(DISTINCT w.word) INTO found
                FROM new_rows n, unnest(tsvector_to_array(n.search_vector)) AS w(word);
            ELSE
                SELECT array_agg(DISTINCT w.word) INTO found
                FROM new_rows n
                JOIN old_rows o ON o.id = n.id AND o.search_text IS DISTINCT FROM n.search_text,
                unnest(tsvector_to_array(n.search_vector)) AS w(word);
            END IF;
            IF found IS NOT NULL THEN
                INSERT INTO {WORDS} (word)
                SELECT word FROM unnest(found) AS f(word)
                EXCEPT
                SELECT word FROM {WORDS} WHERE word = ANY(found);
            END IF;
            RETURN NULL;
        END
        $$
        """
    )
    run(
        f"CREATE TRIGGER {FUNCTION}_insert AFTER INSERT ON {opening} "
        f"REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )
    run(
        f"CREATE TRIGGER {FUNCTION}_update AFTER UPDATE ON {opening} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )
    # The new column has no statistics until the table is analysed (a sample: seconds), and
    # the search reads them to choose how to look a word up (`selectors.word_condition`).
    run(f"ANALYZE {opening}")
    # Only a list with words: analysed empty, it would be planned as empty until autovacuum
    # analyses it again.
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {WORDS})")
        if cursor.fetchone()[0]:
            run(f"ANALYZE {WORDS}")


def _backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    opening = schema_editor.quote_name(apps.get_model("openings", "Opening")._meta.db_table)
    run = schema_editor.execute
    run(f"DROP TRIGGER IF EXISTS {FUNCTION}_insert ON {opening}")
    run(f"DROP TRIGGER IF EXISTS {FUNCTION}_update ON {opening}")
    run(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    run(f"DROP TABLE IF EXISTS {WORDS}")
    run(f"ALTER TABLE {opening} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("openings", "0012_place_box_statistics"),
    ]

    operations = [migrations.RunPython(_forward, _backward)]
