"""Matching speed: the engine re-ranking 500 candidates, and exact search over compact vectors.

    .venv/bin/python bench/matching_speed.py                       # engine + search, this code
    .venv/bin/python bench/matching_speed.py --before /tmp/old     # also the code in /tmp/old
    .venv/bin/python bench/matching_speed.py --part search --sizes 100000,200000

Part "engine": one core (BLAS and numpy limited to one thread), 500
candidate openings for a partner, as the platform hands them to the engine:
titles are ESCO preferred labels (German or English), places are German
postcodes (two thirds in the Ruhr, the rest anywhere), languages, hours and
start dates vary, the embeddings are given (the platform stores them). The
profile's commute limits and the partner's workplace (Bochum) make the
couple check run. Each of `--queries` profiles (ESCO alternative labels) is
ranked `--repeat` times; the first ranking of a profile is "cold" (its
occupation links and reaches are computed), the others "warm" (what a page
view after the first costs). With `--before DIR` the same run is repeated
in a child process on the code in DIR (e.g. `git archive HEAD`), so that
before and after are measured on the same machine at the same time.

Part "search": exact top-500 by inner product over N unit vectors stored as
float32, float16 and int8 widened to float32 block by block in numpy (how
the shared index searched before numkong), latency and memory; then the
platform's own search (`SharedVectors.search`, int8 in SIMD and the few
contenders in float64) at 500, 1,000 (the width a ranking asks first) and
8,000 (the widest) results.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import inspect
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DIM = 512
K = 500


def _rows(root: Path, name: str) -> list[dict[str, str]]:
    with gzip.open(root / "dualcareer" / "data" / name, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def engine_child(root: Path, queries: int, repeat: int, candidates: int) -> dict[str, Any]:
    """Measure the engine of the code under `root` (imported from there)."""
    sys.path.insert(0, str(root))
    from dualcareer.matching.geo import Gazetteer
    from dualcareer.matching.score import HardFilters, LanguageLevel, Matcher, Opening, Profile

    rng = random.Random(2026)
    nrng = np.random.default_rng(2026)
    occ = {lang: _rows(root, f"esco_occupations_{lang}.csv.gz") for lang in ("de", "en")}
    gazetteer = Gazetteer.default()
    codes = [r["postcode"] for r in _rows(root, "postcodes_de.csv.gz")]
    ruhr = [c for c in codes if c[:2] in ("44", "45", "46", "47", "58", "59")]
    started = time.perf_counter()
    matcher = Matcher.default()
    build_s = time.perf_counter() - started

    def opening(i: int) -> Opening:
        lang = "en" if rng.random() < 0.35 else "de"
        row = occ[lang][rng.randrange(len(occ[lang]))]
        code = rng.choice(ruhr) if rng.random() < 0.67 else rng.choice(codes)
        return Opening(
            id=f"o{i}",
            title=row["preferred_label"].split("/")[0],
            description=row["description"][:300],
            languages=tuple(LanguageLevel(x, "B2") for x in rng.sample(("de", "en"), 1)),
            hours_per_week=rng.choice((None, 20.0, 39.0, 40.0)),
            start=rng.choice((None, date(2026, 1, 1) + timedelta(days=rng.randrange(200)))),
            location=gazetteer.postcode(code),
        )

    bochum = gazetteer.postcode("44801")
    workplace = gazetteer.postcode("44227")
    cold: list[float] = []
    warm: list[float] = []
    precomputed = "vectors" in inspect.signature(Matcher.rank_openings).parameters
    for q in range(queries):
        row = occ["de"][rng.randrange(len(occ["de"]))]
        alts = [a for a in row["alt_labels"].split("|") if a] or [row["preferred_label"]]
        profile = Profile(
            id="p",
            desired_positions=(rng.choice(alts),),
            summary=row["description"][:300],
            languages=(LanguageLevel("de", "C1"), LanguageLevel("en", "B2")),
            hours_min=30.0,
            hours_max=40.0,
            available_from=date(2026, 3, 1),
            home=bochum,
            max_commute_minutes=45.0,
            partner_workplace=workplace,
            partner_max_commute_minutes=45.0,
            filters=HardFilters(couple=q % 2 == 0),
        )
        openings = [opening(q * candidates + i) for i in range(candidates)]
        vectors = nrng.standard_normal((candidates, DIM)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        query = vectors[0] * 0.5 + vectors[1] * 0.5
        query /= np.linalg.norm(query)
        if precomputed:

            def rank(
                profile: Any = profile, openings: Any = openings, v: Any = vectors, q: Any = query
            ) -> Any:
                return matcher.rank_openings(profile, openings, top=20, vectors=v, profile_vector=q)

        else:  # the code before: the platform's stand-in embedder answered known texts
            known = {matcher._opening_text(o): vectors[i] for i, o in enumerate(openings)}
            known[matcher._profile_text(profile)] = query

            class Known:
                name, dim = "known", DIM

                def embed(self, texts: Any, known: Any = known) -> np.ndarray:
                    return np.stack([known[t] for t in texts])

            reusing = Matcher(matcher.linker, embedder=Known(), gazetteer=matcher.gazetteer)

            def rank(
                profile: Any = profile, openings: Any = openings, reusing: Any = reusing
            ) -> Any:
                return reusing.rank_openings(profile, openings, top=20)

        for r in range(repeat):
            t = time.perf_counter()
            rank()
            (cold if r == 0 else warm).append(time.perf_counter() - t)
    c, w = np.asarray(cold) * 1000, np.asarray(warm) * 1000
    return {
        "code": str(root),
        "build_s": round(build_s, 1),
        "cold_p50": round(float(np.percentile(c, 50)), 1),
        "cold_p95": round(float(np.percentile(c, 95)), 1),
        "warm_p50": round(float(np.percentile(w, 50)), 1),
        "warm_p95": round(float(np.percentile(w, 95)), 1),
        "rankings": len(cold) + len(warm),
    }


def search_part(sizes: list[int], queries: int) -> None:
    block = 2_048  # rows widened to float32 at a time (as SharedVectors did before numkong)
    rng = np.random.default_rng(42)
    centres = rng.standard_normal((3000, DIM), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)

    def unit(n: int) -> np.ndarray:
        x = centres[rng.integers(0, len(centres), n)]
        x = x + 0.6 * rng.standard_normal((n, DIM), dtype=np.float32) / np.sqrt(DIM)
        return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)

    print("| N | stored as | MB | top-500 p50 ms | p95 ms | recall@10 vs float32 |")
    print("|---|---|---|---|---|---|")
    for n in sizes:
        base = np.concatenate([unit(min(100_000, n - s)) for s in range(0, n, 100_000)])
        qs = unit(queries)
        truth = [set(np.argpartition(-(base @ q), 10)[:10].tolist()) for q in qs]
        scale = 127.0 / float(np.abs(base).max())
        for name, stored in (
            ("float32", base),
            ("float16", base.astype(np.float16)),
            ("int8", np.round(base * scale).clip(-127, 127).astype(np.int8)),
        ):
            times, recall = [], []
            for q, t in zip(qs, truth, strict=True):
                started = time.perf_counter()
                if stored.dtype == np.float32:
                    scores = stored @ q
                else:  # widened to float32 a block at a time
                    scores = np.empty(len(stored), dtype=np.float32)
                    for b in range(0, len(stored), block):
                        scores[b : b + block] = stored[b : b + block].astype(np.float32) @ q
                top = np.argpartition(-scores, K)[:K]
                top = top[np.argsort(-scores[top])]
                times.append(time.perf_counter() - started)
                recall.append(len(t & set(top[:10].tolist())) / 10)
            ms = np.asarray(times) * 1000
            print(
                f"| {n:,} | {name} | {stored.nbytes / 1e6:.0f} | {np.percentile(ms, 50):.1f} "
                f"| {np.percentile(ms, 95):.1f} | {np.mean(recall):.3f} |",
                flush=True,
            )
        _shared_search(base, qs, truth)


def _shared_search(base: np.ndarray, qs: np.ndarray, truth: list[set[int]]) -> None:
    """The platform's own search: `SharedVectors` (int8 file, memory-mapped) over `base`."""
    import tempfile

    from dualcareer.matching.vectors import SharedVectors

    with tempfile.TemporaryDirectory(prefix="bench-search-") as directory:
        store = SharedVectors(Path(directory), "openings", DIM)
        with store.writing():
            store.reset(model="bench")
            for start in range(0, len(base), 20_000):
                chunk = base[start : start + 20_000]
                store.append(list(range(start, start + len(chunk))), [0] * len(chunk), chunk)
        store.refresh()
        store.search(qs[0], K)  # the file's pages read once
        size = sum(f.stat().st_size for f in Path(directory).glob("openings-*.i8")) / 1e6
        for k in (K, 2 * K, 16 * K):
            times, recall = [], []
            for q, t in zip(qs, truth, strict=True):
                started = time.perf_counter()
                top = [pk for pk, _score in store.search(q, k)]
                times.append(time.perf_counter() - started)
                recall.append(len(t & set(top[:10])) / 10)
            ms = np.asarray(times) * 1000
            print(
                f"| {len(base):,} | int8, `SharedVectors.search` top-{k:,} "
                f"| {size:.0f} | {np.percentile(ms, 50):.1f} | {np.percentile(ms, 95):.1f} "
                f"| {np.mean(recall):.3f} |",
                flush=True,
            )


def _memory_mb() -> tuple[float, float]:
    fields = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0]) / 1024
    return fields["Rss"], fields["Pss"]


def memory_child(directory: str, hold: float) -> None:
    """A worker: map the shared index, search it, report its memory, stay a while."""
    from dualcareer.matching.vectors import SharedVectors

    before = _memory_mb()
    store = SharedVectors(Path(directory), "openings", DIM)
    store.refresh()
    rng = np.random.default_rng(os.getpid())
    for _ in range(5):
        store.search(rng.standard_normal(DIM).astype(np.float32), K)
    time.sleep(hold)  # the other worker measures while this one holds its mapping
    after = _memory_mb()
    print(json.dumps({"rss_mb": after[0] - before[0], "pss_mb": after[1] - before[1]}))


def memory_part(n: int) -> None:
    """Memory per worker of the shared int8 index at `n` vectors, two workers at once."""
    import tempfile

    from dualcareer.matching.vectors import SharedVectors

    directory = tempfile.mkdtemp(prefix="bench-shared-index-")
    store = SharedVectors(Path(directory), "openings", DIM)
    rng = np.random.default_rng(1)
    with store.writing():
        store.reset(model="bench")
        for start in range(0, n, 20_000):
            x = rng.standard_normal((min(20_000, n - start), DIM)).astype(np.float32)
            x /= np.linalg.norm(x, axis=1, keepdims=True)
            store.append(list(range(start, start + len(x))), [0] * len(x), x)
    size = sum(f.stat().st_size for f in Path(directory).glob("openings-*.i8")) / 1e6
    command = [sys.executable, __file__, "--memory-child", directory]
    workers = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True) for _ in range(2)
    ]
    results = [json.loads(w.communicate()[0].strip().splitlines()[-1]) for w in workers]
    print(
        f"\nshared int8 index, {n:,} vectors of {DIM}: file {size:.0f} MB; "
        "per worker (two workers mapping it at once; growth while mapping and searching): "
        + "; ".join(f"RSS +{r['rss_mb']:.0f} MB, PSS +{r['pss_mb']:.0f} MB" for r in results)
        + f"; float32 in every worker (before) would be {n * DIM * 4 / 1e6:.0f} MB each"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("engine", "search", "memory", "all"), default="all")
    parser.add_argument("--memory-child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--before", default="", help="directory with the code before")
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--candidates", type=int, default=K)
    parser.add_argument("--sizes", default="100000,200000")
    parser.add_argument("--child", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        sys.path.insert(0, str(ROOT))
        memory_child(args.memory_child, 2.0)
        return
    if args.child:
        result = engine_child(Path(args.child), args.queries, args.repeat, args.candidates)
        print(json.dumps(result))
        return
    print(f"command: {' '.join(sys.argv)}", flush=True)
    if args.part in ("engine", "all"):
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        env["MKL_NUM_THREADS"] = "1"
        print(
            f"\nengine: {args.candidates} candidates, top 20, {args.queries} profiles x "
            f"{args.repeat} rankings, one thread\n"
            "| code | engine build s | cold p50 ms | cold p95 ms | warm p50 ms | warm p95 ms |\n"
            "|---|---|---|---|---|---|"
        )
        for root in [r for r in (args.before, str(ROOT)) if r]:
            command = [sys.executable, __file__, "--child", root]
            command += ["--queries", str(args.queries), "--repeat", str(args.repeat)]
            command += ["--candidates", str(args.candidates)]
            proc = subprocess.run(
                command, cwd=root, env={**env, "PYTHONPATH": root}, capture_output=True, text=True
            )
            if proc.returncode:
                print(proc.stderr[-3000:])
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            label = "before" if root == args.before else "after"
            print(
                f"| {label} | {r['build_s']} | {r['cold_p50']} | {r['cold_p95']} "
                f"| {r['warm_p50']} | {r['warm_p95']} |",
                flush=True,
            )
    if args.part in ("search", "all"):
        print("\nexact search, one query at a time")
        search_part([int(s) for s in args.sizes.split(",")], args.queries * 5)
    if args.part in ("memory", "all"):
        for n in (int(s) for s in args.sizes.split(",")):
            memory_part(n)


if __name__ == "__main__":
    main()
