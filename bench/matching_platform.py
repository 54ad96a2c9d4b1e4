"""Benchmark: "openings for a partner" on the platform, end to end, on a real database.

    .venv/bin/python bench/matching_platform.py                       # 10k and 100k, SQLite
    .venv/bin/python bench/matching_platform.py --sizes 10000 \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_matching

For each size N, in a fresh database (a temporary SQLite file, or the given
PostgreSQL database, created and dropped by this script):

1. N published openings from the shipped ESCO occupations (German title and
   description, 35 % English) with one GeoNames place each, bulk-inserted.
2. Embeddings. To keep the run short, the engine's model embeds ONE text per
   ESCO occupation and language (title + description, the text the engine
   embeds; the texts/s are reported); each opening stores that vector plus a
   little Gaussian noise (re-normalised), so that openings of one occupation
   are near-duplicates like real ones, not identical. `--embed-all` embeds
   every opening's own text instead (slow: N / texts-per-second).
3. The process's index (`OpeningIndex`) is built from the stored vectors:
   load time, HNSW build time (from 50,000 vectors, the engine's threshold),
   memory.
4. Queries: partner profiles whose desired position is a German ESCO
   alternative label of a random occupation (with that occupation's
   description as experience). Per query, latency of
   - `index`: the top-K search alone (HNSW or numpy below the threshold),
   - `numpy`: the exact numpy top-K over all vectors (the baseline),
   - `platform`: `matching_adapter.rank_openings_for_profile` end to end
     (profile embedding, index top-K, DB filter by the officer's
     `selectors.opening_list`, engine re-ranking of the K candidates),
   - `platform/exact`: the same with an exact numpy index as preselection,
   plus recall@K of the index's candidates against exact search and the
   overlap of the final top 20 of both.
5. Incremental update: 100 openings edited through `save()` and
   `embed_on_commit` (as the services do: embedding after commit), then the
   index sync that picks them up; and the sync when nothing changed (paid by
   every query).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "dualcareer" / "data"


def _rows(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _rss_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def _pct(values: list[float]) -> tuple[float, float]:
    ms = np.asarray(values) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95))


def run_child(database_url: str, n: int, queries: int, k: int, embed_all: bool) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_DEBUG", "true")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from dualcareer.accounts.models import InstitutionRole, Role, User
    from dualcareer.cases.models import Case, PartnerProfile
    from dualcareer.matching.score import Matcher
    from dualcareer.matching.vectors import VectorIndex
    from dualcareer.network.models import Institution, Sector
    from dualcareer.openings import selectors
    from dualcareer.openings.matchmaking import adapter as matching_adapter
    from dualcareer.openings.matchmaking import index as matching_index
    from dualcareer.openings.models import Opening, OpeningEmbedding, OpeningPlace

    out: dict[str, Any] = {"vendor": connection.vendor, "n": n}
    rng = random.Random(2026)
    nrng = np.random.default_rng(2026)
    occ_de = {r["uri"]: r for r in _rows("esco_occupations_de.csv.gz")}
    occ_en = {r["uri"]: r for r in _rows("esco_occupations_en.csv.gz")}
    uris = sorted(set(occ_de) & set(occ_en))
    places = [r for r in _rows("postcodes_de.csv.gz") if r["place"] and r["lat"]]

    employer = Institution.objects.create(
        name="Benchmark GmbH", slug="benchmark", sector=Sector.COMPANY, city="Essen"
    )
    university = Institution.objects.create(
        name="Benchmark University",
        slug="bench-uni",
        sector=Sector.UNIVERSITY,
        city="Bochum",
        latitude=51.4447,
        longitude=7.2617,
    )
    officer = User.objects.create_user("officer@example.org", None)
    InstitutionRole.objects.create(user=officer, institution=university, role=Role.OFFICER)
    case = Case.objects.create(institution=university, recruited_name="X", status="active")

    # 1. openings
    started = time.perf_counter()
    now = timezone.now()
    kinds: list[tuple[str, str]] = []  # (uri, lang) per opening
    batch: list[Opening] = []
    opening_places: list[tuple[Opening, dict[str, str]]] = []
    for i in range(n):
        uri = uris[rng.randrange(len(uris))]
        lang = "en" if rng.random() < 0.35 else "de"
        row = (occ_en if lang == "en" else occ_de)[uri]
        title = row["preferred_label"].split("/")[0][:200]
        desc = row["description"] or title
        opening = Opening(
            institution=employer,
            title_de=title if lang == "de" else "",
            title_en=title if lang == "en" else "",
            description_de=desc if lang == "de" else "",
            description_en=desc if lang == "en" else "",
            occupation_field="other",
            visibility="public",
            is_published=True,
            published_at=now - dt.timedelta(seconds=i),
            closing_date=dt.date(2099, 1, 1),
        )
        kinds.append((uri, lang))
        batch.append(opening)
        opening_places.append((opening, rng.choice(places)))
    with transaction.atomic():
        for s in range(0, n, 5000):
            Opening.objects.bulk_create(batch[s : s + 5000])
        OpeningPlace.objects.bulk_create(
            [
                OpeningPlace(
                    opening=o,
                    postcode=p["postcode"],
                    city=p["place"][:100],
                    latitude=float(p["lat"]),
                    longitude=float(p["lon"]),
                )
                for o, p in opening_places
            ],
            batch_size=5000,
        )
    out["insert_s"] = round(time.perf_counter() - started, 1)

    # 2. embeddings
    embedder = matching_index.get_embedder()
    embedder.embed(["warm up"])
    texts = [matching_index.opening_text(o) for o in batch]
    started = time.perf_counter()
    if embed_all:
        vectors = embedder.embed(texts)
        out["embedded_texts"] = n
        out["embedding_mode"] = "every opening's text"
    else:
        distinct = sorted(set(kinds))
        sample_text: dict[tuple[str, str], str] = {}  # one opening's text per occupation+lang
        for key, text in zip(kinds, texts, strict=True):
            sample_text.setdefault(key, text)
        table = embedder.embed([sample_text[key] for key in distinct])
        row_of = {key: i for i, key in enumerate(distinct)}
        vectors = table[[row_of[key] for key in kinds]]
        vectors = vectors + nrng.standard_normal(vectors.shape, dtype=np.float32) * (
            0.15 / np.sqrt(vectors.shape[1])
        )
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        out["embedded_texts"] = len(distinct)
        out["embedding_mode"] = "one per occupation+language, plus noise"
    embed_s = time.perf_counter() - started
    out["embed_s"] = round(embed_s, 1)
    out["texts_per_s"] = round(out["embedded_texts"] / embed_s)
    started = time.perf_counter()
    stamp = timezone.now()
    for s in range(0, n, 5000):
        OpeningEmbedding.objects.bulk_create(
            [
                OpeningEmbedding(
                    opening_id=o.pk,
                    model=embedder.name,
                    text_hash=matching_index.text_hash(texts[s + j]),
                    vector=vectors[s + j].astype("<f4").tobytes(),
                    updated_at=stamp,
                )
                for j, o in enumerate(batch[s : s + 5000])
            ]
        )
    out["store_embeddings_s"] = round(time.perf_counter() - started, 1)

    # 3. the index
    rss0 = _rss_mb()
    index = matching_index.OpeningIndex(background=False)
    exact = matching_index.OpeningIndex(background=False, ann_threshold=10**12)
    started = time.perf_counter()
    index.sync(model=embedder.name)
    out["index_build_s"] = round(time.perf_counter() - started, 1)
    out["index_uses_hnsw"] = index.uses_ann
    out["index_rss_mb"] = round(_rss_mb() - rss0, 0)
    inner: VectorIndex | None = index._index
    assert inner is not None
    out["vectors_mb"] = round(inner._vectors.nbytes / 1e6)
    out["hnsw_mb"] = round(inner._ann.index_file_size() / 1e6) if inner._ann is not None else 0
    started = time.perf_counter()
    exact.sync(model=embedder.name)
    out["exact_load_s"] = round(time.perf_counter() - started, 1)

    # 4. queries
    matcher = Matcher.default()
    visible = selectors.opening_list(user=officer)
    qrng = random.Random(7)
    profiles = []
    for _ in range(queries + 3):
        row = occ_de[uris[qrng.randrange(len(uris))]]
        alts = [a for a in row["alt_labels"].split("|") if a] or [row["preferred_label"]]
        profiles.append(
            PartnerProfile(
                case=case,
                desired_positions=qrng.choice(alts),
                experience=row["description"][:300],
                professional_field="",
                working_time="full_time",
                work_places="Bochum",
                radius_km=40,
                languages=[{"language": "de", "level": "C2"}],
            )
        )
    timings: dict[str, list[float]] = {"index": [], "numpy": [], "platform": [], "exact": []}
    recall: list[float] = []
    overlap: list[float] = []
    sync_idle: list[float] = []
    for qi, profile in enumerate(profiles):
        text = Matcher._profile_text(matching_adapter.profile_to_engine(profile, result_id="p"))
        qv = embedder.embed([text])[0]
        t = time.perf_counter()
        got = index.search(qv, k)
        t_index = time.perf_counter() - t
        t = time.perf_counter()
        truth = exact.search(qv, k)
        t_numpy = time.perf_counter() - t
        with _using(matching_index, index):
            t = time.perf_counter()
            index.sync(model=embedder.name)
            t_sync = time.perf_counter() - t

        def timed(which: Any, profile: Any = profile) -> tuple[list[Any], float]:
            with _using(matching_index, which):
                t = time.perf_counter()
                result = matching_adapter.rank_openings_for_profile(
                    profile, visible, audience="officer", candidates=k, matcher=matcher
                )
                return result, time.perf_counter() - t

        # Alternate the order: whichever runs first pays the engine's cold caches
        # (occupation links of titles it has not seen yet).
        if qi % 2:
            ranked_exact, t_exact = timed(exact)
            ranked, t_platform = timed(index)
        else:
            ranked, t_platform = timed(index)
            ranked_exact, t_exact = timed(exact)
        if qi < 3:  # warm-up (ESCO linker, caches)
            continue
        timings["index"].append(t_index)
        timings["numpy"].append(t_numpy)
        timings["platform"].append(t_platform)
        timings["exact"].append(t_exact)
        sync_idle.append(t_sync)
        recall.append(len(set(got[:10]) & set(truth[:10])) / max(1, min(10, len(truth))))
        a = {r.item.pk for r in ranked}
        b = {r.item.pk for r in ranked_exact}
        overlap.append(len(a & b) / max(1, len(b)))
    for name, values in timings.items():
        out[f"{name}_p50"], out[f"{name}_p95"] = _pct(values)
    out["recall10"] = round(float(np.mean(recall)), 3)
    out["top20_overlap"] = round(float(np.mean(overlap)), 3)
    out["sync_idle_p50"], out["sync_idle_p95"] = _pct(sync_idle)

    # 5. incremental update: 100 edited openings
    changed = rng.sample(batch, 100)
    started = time.perf_counter()
    for o in changed:
        o.title_de = (o.title_de or o.title_en) + " (Teilzeit)"
        with transaction.atomic():
            o.save()
            matching_index.embed_on_commit(o)  # as the openings services do
    out["save_100_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    index.sync(model=embedder.name)
    out["sync_100_s"] = round(time.perf_counter() - started, 3)
    out["reembedded"] = OpeningEmbedding.objects.filter(
        opening_id__in=[o.pk for o in changed], updated_at__gt=stamp
    ).count()
    Opening.objects.filter(pk__in=[o.pk for o in changed]).update(is_published=False)
    started = time.perf_counter()
    index.expire()
    index.sync(model=embedder.name)
    out["reconcile_s"] = round(time.perf_counter() - started, 3)
    out["after_unpublish"] = len(index)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000)
    return out


class _using:
    """Make `matching_index.get_index()` return `index` inside the block."""

    def __init__(self, module: Any, index: Any) -> None:
        self.module, self.index = module, index

    def __enter__(self) -> None:
        self.saved = self.module._INDEX
        self.module._INDEX = self.index

    def __exit__(self, *exc: object) -> None:
        self.module._INDEX = self.saved


def _postgres(url: str, sql: str) -> None:
    import psycopg

    parsed = urlparse(url)
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--k", type=int, default=500, help="candidates re-ranked per query")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--embed-all", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = run_child(args.child[0], int(args.child[1]), args.queries, args.k, args.embed_all)
        print(json.dumps(result))
        return
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}", flush=True)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        tmp = Path(tempfile.mkdtemp(prefix="bench-matching-"))
        url = args.database_url or f"sqlite:///{tmp / 'bench.sqlite3'}"
        name = urlparse(url).path.lstrip("/")
        if url.startswith("postgres"):
            _postgres(url, f'DROP DATABASE IF EXISTS "{name}"')
            _postgres(url, f'CREATE DATABASE "{name}"')
        command = [sys.executable, __file__, "--child", url, str(n)]
        command += ["--queries", str(args.queries), "--k", str(args.k)]
        command += ["--embed-all"] if args.embed_all else []
        try:
            proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        except subprocess.CalledProcessError as error:
            print(error.stderr[-3000:])
            raise
        finally:
            if url.startswith("postgres"):
                _postgres(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        results.append(r)
        print(json.dumps(r), flush=True)
    print(
        "\n| N | db | embed texts/s | index build s | HNSW | memory MB (vectors + graph) "
        "| index p50/p95 ms | numpy exact p50/p95 ms | recall@10 "
        "| platform p50/p95 ms | platform with exact p50/p95 ms | top-20 overlap "
        "| idle sync p50 ms | save 100 s | sync 100 s |\n|" + "---|" * 15
    )
    for r in results:
        print(
            f"| {r['n']:,} | {r['vendor']} | {r['texts_per_s']} ({r['embedded_texts']:,}) "
            f"| {r['index_build_s']} | {'yes' if r['index_uses_hnsw'] else 'no'} "
            f"| {r['vectors_mb']} + {r['hnsw_mb']} "
            f"| {r['index_p50']:.2f} / {r['index_p95']:.2f} "
            f"| {r['numpy_p50']:.2f} / {r['numpy_p95']:.2f} | {r['recall10']:.3f} "
            f"| {r['platform_p50']:.0f} / {r['platform_p95']:.0f} "
            f"| {r['exact_p50']:.0f} / {r['exact_p95']:.0f} | {r['top20_overlap']:.3f} "
            f"| {r['sync_idle_p50']:.2f} | {r['save_100_s']} | {r['sync_100_s']} |"
        )


if __name__ == "__main__":
    main()
