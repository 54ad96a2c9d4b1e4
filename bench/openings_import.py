"""Benchmark: import N schema.org JobPostings through the real import service.

The postings are generated from the ESCO occupations (German and English
titles and descriptions) and the GeoNames postcodes the product ships, with
realistic variety (employment types, salaries, closing dates, one to three
places, a few remote ones). Each run uses a fresh database of its own:

- SQLite: a temporary file (the embedded default);
- PostgreSQL: a database `bench_openings` created next to $BENCH_POSTGRES_URL
  (default postgres://postgres@127.0.0.1:5432/) and dropped afterwards.

It measures the first import (everything created) and the same feed again
(everything recognised as unchanged: the idempotent re-import), and prints
the rate in openings per second.

    .venv/bin/python bench/openings_import.py                 # 100,000 on SQLite and PostgreSQL
    .venv/bin/python bench/openings_import.py --count 10000 --databases sqlite
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "dualcareer" / "data"
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/"
BENCH_DB = "bench_openings"


def _rows(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def generate_feed(count: int, seed: int = 2026) -> str:
    """Return a JSON-LD @graph of `count` JobPostings built from ESCO and GeoNames."""
    rng = random.Random(seed)
    occupations_de = {row["uri"]: row for row in _rows("esco_occupations_de.csv.gz")}
    occupations_en = {row["uri"]: row for row in _rows("esco_occupations_en.csv.gz")}
    uris = sorted(set(occupations_de) & set(occupations_en))
    places = [row for row in _rows("postcodes_de.csv.gz") if row["place"] and row["lat"]]
    kinds = [
        ["FULL_TIME"],
        ["PART_TIME"],
        ["FULL_TIME", "PART_TIME"],
        ["FULL_TIME", "TEMPORARY"],
        ["INTERN"],
        ["CONTRACTOR"],
    ]
    postings = []
    for index in range(count):
        uri = uris[index % len(uris)]
        english = rng.random() < 0.35
        row = occupations_en[uri] if english else occupations_de[uri]
        title = row["preferred_label"].split("/")[0]
        description = row["description"] or title
        chosen = rng.sample(places, rng.choice((1, 1, 1, 2, 3)))
        posting: dict[str, Any] = {
            "@type": "JobPosting",
            "identifier": {"@type": "PropertyValue", "value": f"BENCH-{index:07d}"},
            "title": title,
            "description": f"<p>{description}</p><ul><li>{row['isco_group']}</li></ul>",
            "employmentType": rng.choice(kinds),
            "datePosted": "2026-11-01",
            "validThrough": f"2099-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "jobLocation": [
                {
                    "@type": "Place",
                    "address": {
                        "@type": "PostalAddress",
                        "postalCode": place["postcode"],
                        "addressLocality": place["place"],
                        "addressCountry": "DE",
                    },
                }
                for place in chosen
            ],
            "occupationalCategory": row["isco_group"],
        }
        if rng.random() < 0.5:
            posting["inLanguage"] = "en" if english else "de"
        if rng.random() < 0.05:
            posting["jobLocationType"] = "TELECOMMUTE"
        if rng.random() < 0.4:
            low = rng.randrange(36000, 70000, 1000)
            posting["baseSalary"] = {
                "@type": "MonetaryAmount",
                "currency": "EUR",
                "value": {
                    "@type": "QuantitativeValue",
                    "minValue": low,
                    "maxValue": low + 8000,
                    "unitText": "YEAR",
                },
            }
        postings.append(posting)
    return json.dumps({"@context": "https://schema.org", "@graph": postings}, ensure_ascii=False)


def run_one(database_url: str, feed_path: str) -> dict[str, Any]:
    """Migrate a fresh database, import the feed twice, return the timings (in a subprocess)."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from dualcareer.accounts.models import InstitutionRole, Role, User
    from dualcareer.network.models import Institution, Sector
    from dualcareer.openings.importing import openings_import
    from dualcareer.openings.models import Opening, OpeningPlace

    institution = Institution.objects.create(
        name="Benchmark GmbH", slug="benchmark", sector=Sector.COMPANY, city="Essen"
    )
    user = User.objects.create_user("bench@example.org", None)
    InstitutionRole.objects.create(user=user, institution=institution, role=Role.EMPLOYER)
    text = Path(feed_path).read_text(encoding="utf-8")
    from dualcareer.openings import geo

    geo.postcode_point("44801")  # load the gazetteer before timing (once per process)

    started = time.perf_counter()
    first = openings_import(user=user, institution=institution, text=text, visibility="public")
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = openings_import(user=user, institution=institution, text=text, visibility="public")
    second_seconds = time.perf_counter() - started
    return {
        "vendor": connection.vendor,
        "count": len(first.items),
        "created": first.created,
        "errors": first.errors,
        "first_seconds": round(first_seconds, 2),
        "second_seconds": round(second_seconds, 2),
        "second_skipped": second.skipped,
        "second_created": second.created,
        "second_updated": second.updated,
        "openings": Opening.objects.count(),
        "places": OpeningPlace.objects.count(),
    }


def _postgres_admin(base: str) -> Any:
    import psycopg

    return psycopg.connect(base.rstrip("/") + "/postgres", autocommit=True, connect_timeout=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument(
        "--child", nargs=2, metavar=("DATABASE_URL", "FEED"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_one(*args.child)))
        return

    tmp = Path(tempfile.mkdtemp(prefix="bench-openings-"))
    feed = tmp / "feed.json"
    started = time.perf_counter()
    feed.write_text(generate_feed(args.count), encoding="utf-8")
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"feed: {args.count} JobPostings, {feed.stat().st_size / 1e6:.1f} MB, "
        f"generated in {time.perf_counter() - started:.1f} s"
    )
    postgres_base = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    for name in args.databases.split(","):
        cleanup: Callable[[], None] | None = None
        if name == "sqlite":
            url = f"sqlite:///{tmp / 'bench.sqlite3'}"
        elif name == "postgres":
            try:
                with _postgres_admin(postgres_base) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
                    conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
            except Exception as error:  # report and go on with the others
                print(f"postgres: skipped ({type(error).__name__}: {error})")
                continue
            url = postgres_base.rstrip("/") + f"/{BENCH_DB}"

            def drop() -> None:
                with _postgres_admin(postgres_base) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')

            cleanup = drop
        else:
            raise SystemExit(f"unknown database {name!r}")
        try:
            result = subprocess.run(
                [sys.executable, __file__, "--child", url, str(feed)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
        except subprocess.CalledProcessError as error:
            print(error.stderr[-3000:])
            raise
        finally:
            if cleanup:
                cleanup()
        r = json.loads(result.stdout.strip().splitlines()[-1])
        print(
            f"{r['vendor']}: first import {r['created']} created, {r['errors']} errors in "
            f"{r['first_seconds']} s = {r['count'] / r['first_seconds']:.0f} openings/s; "
            f"re-import {r['second_skipped']} unchanged, {r['second_created']} created, "
            f"{r['second_updated']} updated in {r['second_seconds']} s = "
            f"{r['count'] / r['second_seconds']:.0f} openings/s "
            f"({r['openings']} openings, {r['places']} places stored)"
        )


if __name__ == "__main__":
    main()
