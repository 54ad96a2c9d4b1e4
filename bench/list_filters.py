"""The openings list narrowed by a word or a place: its look-ups and two queries, timed.

    .venv/bin/python bench/list_filters.py --database-url postgres://postgres@127.0.0.1:5432/dc_long
    .venv/bin/python bench/list_filters.py --database-url …/dc_long_1m --explain berater

For each search word and each postcode (25 km), what the public list runs
before its queries (``selectors.opening_search`` for an anonymous visitor:
the words looked up in the word list, a rare word's or a small town's
openings read first), then its two queries (``CappedPaginator``): the
capped count and the first page of 20 with their places. Median of
``--repeat`` runs after one warm-up, in this process, against a data set
of ``bench/scaled_data.py``.
Run it on data sets of different sizes (10,000 / 100,000 / 1,000,000
openings) to see whether a filter's cost grows with the table; the
figures are this machine's and vary between runs, so compare sizes
measured in the same minutes. ``--explain WORD_OR_POSTCODE`` prints
PostgreSQL's plans (``EXPLAIN (ANALYZE, BUFFERS)``) of that filter's two
queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = (
    "manager",
    "unbefristet",
    "berater",
    "lehrer",
    "techniker",
    "ingenieur",
    "pflege",
    "bochum",
    "team",
    "mechatroniker",
    "xylophon",
)
# Large cities, the Ruhr (two thirds of the benchmark's places) and small towns.
POSTCODES = ("10115", "80331", "20095", "44787", "45127", "54290", "17489", "83471")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--explain", default="", help="a word or postcode: print its plans")
    parser.add_argument("--words", default=",".join(WORDS))
    parser.add_argument("--postcodes", default=",".join(POSTCODES))
    args = parser.parse_args()

    import scaled_data

    os.environ.update(scaled_data.env(args.database_url, tempfile.mkdtemp(prefix="bench-lf-")))
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from dualcareer.core.pagination import CappedPaginator
    from dualcareer.openings import selectors

    scaled_data.word_counts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM openings_opening")
        total = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM openings_searchword")
        words_listed = cursor.fetchone()[0]
    print(
        f"{args.database_url.rsplit('/', 1)[-1]}: {total:,} openings, {words_listed:,} listed words"
    )

    def run(filters: selectors.OpeningFilters) -> tuple[int, float, float, float]:
        start = time.perf_counter()
        search = selectors.opening_search(user=AnonymousUser(), filters=filters)
        looked_up = time.perf_counter()
        paginator = CappedPaginator(
            search.openings, 20, cap=filters.count_cap, counter=search.count
        )
        count = paginator.count
        counted = time.perf_counter()
        rows = list(paginator.page(1).object_list)
        for row in rows:
            list(row.places.all())
        done = time.perf_counter()
        return (
            count,
            (looked_up - start) * 1000,
            (counted - looked_up) * 1000,
            (done - counted) * 1000,
        )

    def explain(filters: selectors.OpeningFilters) -> None:
        search = selectors.opening_search(user=AnonymousUser(), filters=filters)
        with search.counting():
            count_query = search.count_query(filters.count_cap + 1)
            print("-- count\n" + count_query.explain(analyze=True, buffers=True))
        print("-- first page\n" + search.openings[:20].explain(analyze=True, buffers=True))

    cases: list[tuple[str, selectors.OpeningFilters]] = [
        (f"word {w}", selectors.OpeningFilters(q=w)) for w in args.words.split(",") if w
    ]
    cases += [
        (f"{p} + 25 km", selectors.OpeningFilters(postcode=p, radius_km=25))
        for p in args.postcodes.split(",")
        if p
    ]
    cases.append(
        ("ingenieur, 44787 + 25 km", selectors.OpeningFilters(q="ingenieur", postcode="44787"))
    )
    if args.explain:
        for name, filters in cases:
            if args.explain in name:
                print(f"## {name}")
                explain(filters)
        return
    print(
        "| filter | openings (capped) | look-up ms | count ms | first page ms |\n"
        "|---|---|---|---|---|"
    )
    sums = [0.0, 0.0, 0.0]
    for name, filters in cases:
        run(filters)  # warm: statistics cache, buffers
        runs = [run(filters) for _ in range(args.repeat)]
        count = runs[0][0]
        medians = [statistics.median(r[i] for r in runs) for i in (1, 2, 3)]
        sums = [a + b for a, b in zip(sums, medians, strict=True)]
        shown = f"> {filters.count_cap:,}" if count > filters.count_cap else f"{count:,}"
        figures = " | ".join(f"{m:.1f}" for m in medians)
        print(f"| {name} | {shown} | {figures} |", flush=True)
    print("| **sum** | | " + " | ".join(f"{m:.0f}" for m in sums) + " |")


if __name__ == "__main__":
    main()
