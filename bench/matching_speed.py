"""Matching speed: top-20 search over opening vectors, HNSW against exact numpy.

    .venv/bin/python bench/matching_speed.py              # 10k and 100k (a few minutes)
    .venv/bin/python bench/matching_speed.py --sizes 10000,100000,1000000   # adds 1M
    .venv/bin/python bench/matching_speed.py --data esco --sizes 10000 --ef-sweep 32,64,128,256

The HNSW parameters are the engine's own (`VectorIndex` defaults: M,
ef_construction, ef_search) unless --m/--ef-construction/--ef override them;
--ef-sweep measures recall and latency at other ef values on the same graph.
`--data esco` uses real vectors: the engine's model embeds ESCO v1.2.0
occupations (German and English "preferred label: description") and
alternative labels as the corpus; the queries are other alternative labels,
held out of the corpus (the realistic case; random vectors are the hardest).

For each corpus size N: random unit vectors of the model's dimension (512)
with some cluster structure, 300 single queries (like one partner at a time),
latency p50/p95 and QPS for brute-force numpy and for the engine's
VectorIndex with HNSW, recall@10 of HNSW against exact, index build time
and memory. Then the embedding throughput of the engine's model.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import csv  # noqa: E402
import gzip  # noqa: E402
import inspect  # noqa: E402

from dualcareer.matching.vectors import VectorIndex, default_embedder  # noqa: E402

ENGINE = {
    name: p.default
    for name, p in inspect.signature(VectorIndex.__init__).parameters.items()
    if name in ("m", "ef_construction", "ef_search")
}

DIM = 512
K = 20


def synthetic(n: int, rng: np.random.Generator, centres: np.ndarray) -> np.ndarray:
    """Unit vectors around random centres (texts of one occupation cluster together)."""
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        x = centres[rng.integers(0, len(centres), m)] + 0.6 * rng.standard_normal(
            (m, DIM), dtype=np.float32
        ) / np.sqrt(DIM)
        out[start : start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def esco_vectors(n: int, queries: int) -> tuple[np.ndarray, np.ndarray]:
    """Real USE vectors: ESCO occupation texts and alt labels (corpus), held-out alt labels."""
    rng = np.random.default_rng(7)
    corpus: list[str] = []
    held: list[str] = []
    for lang in ("de", "en"):
        path = ROOT / "dualcareer" / "data" / f"esco_occupations_{lang}.csv.gz"
        with gzip.open(path, "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                corpus.append(f"{row['preferred_label']}: {row['description'][:300]}")
                alts = [a for a in row["alt_labels"].split("|") if a]
                rng.shuffle(alts)
                if alts:
                    held.append(alts[0])
                corpus.extend(alts[1:])
    order = rng.permutation(len(corpus))[:n]
    texts = [corpus[i] for i in order]
    asked = [held[i] for i in rng.permutation(len(held))[:queries]]
    if len(texts) < n:
        print(f"(only {len(texts):,} ESCO texts available)")
    embedder = default_embedder()
    started = time.perf_counter()
    vectors = embedder.embed(texts)
    rate = len(texts) / (time.perf_counter() - started)
    print(f"embedded {len(texts):,} ESCO texts at {rate:.0f} texts/s ({embedder.name})")
    return vectors, embedder.embed(asked)


def latencies(fn, queries: np.ndarray) -> tuple[float, float, float]:
    times = []
    for q in queries:
        started = time.perf_counter()
        fn(q)
        times.append(time.perf_counter() - started)
    ms = np.asarray(times) * 1000
    return float(np.percentile(ms, 50)), float(np.percentile(ms, 95)), len(ms) / (ms.sum() / 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--data", choices=("synthetic", "esco"), default="synthetic")
    parser.add_argument("--m", type=int, default=ENGINE["m"])
    parser.add_argument("--ef-construction", type=int, default=ENGINE["ef_construction"])
    parser.add_argument("--ef", type=int, default=ENGINE["ef_search"])
    parser.add_argument("--ef-sweep", default="", help="more ef values to measure, e.g. 64,256")
    parser.add_argument("--no-embedding-rate", action="store_true")
    args = parser.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    print(
        f"engine defaults: {ENGINE}; measured: M={args.m}, "
        f"ef_construction={args.ef_construction}, ef={args.ef} {args.ef_sweep}"
    )
    rng = np.random.default_rng(42)
    centres = rng.standard_normal((3000, DIM), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    print(
        "| N | method | build s | memory MB | p50 ms | p95 ms | QPS | recall@10 |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        if args.data == "esco":
            vectors, queries = esco_vectors(n, args.queries)
            n = len(vectors)
        else:
            vectors = synthetic(n, rng, centres)
            queries = synthetic(args.queries, rng, centres)
        ids = [str(i) for i in range(n)]

        def exact(q: np.ndarray, vectors: np.ndarray = vectors) -> np.ndarray:
            scores = vectors @ q
            top = np.argpartition(-scores, K)[:K]
            return top[np.argsort(-scores[top])]

        p50, p95, qps = latencies(exact, queries)
        print(
            f"| {n:,} | numpy exact | 0 | {vectors.nbytes / 1e6:.0f} | {p50:.2f} | "
            f"{p95:.2f} | {qps:.0f} | 1.000 |",
            flush=True,
        )

        started = time.perf_counter()
        index = VectorIndex(
            DIM,
            ann_threshold=1,
            m=args.m,
            ef_construction=args.ef_construction,
            ef_search=args.ef,
        )
        for start in range(0, n, 50_000):
            index.add(ids[start : start + 50_000], vectors[start : start + 50_000])
        build = time.perf_counter() - started
        ann_bytes = index._ann.index_file_size() if index._ann is not None else 0
        truth = [set(exact(q)[:10].tolist()) for q in queries]
        for ef in [args.ef, *(int(e) for e in args.ef_sweep.split(",") if e)]:
            index.ef_search = ef
            p50a, p95a, qpsa = latencies(lambda q, index=index: index.search(q, K), queries)
            found = [{int(i) for i, _ in index.search(q, 10)[0]} for q in queries]
            recall = float(np.mean([len(t & f) / 10 for t, f in zip(truth, found, strict=True)]))
            memory = (ann_bytes + index._vectors.nbytes) / 1e6
            print(
                f"| {n:,} | HNSW (M={args.m}, ef_c={args.ef_construction}, ef={ef}) "
                f"| {build:.1f} | {memory:.0f} | {p50a:.2f} | "
                f"{p95a:.2f} | {qpsa:.0f} | {recall:.3f} |",
                flush=True,
            )
            build = 0.0  # built once

    if args.no_embedding_rate:
        return
    embedder = default_embedder()
    texts = [
        " ".join(f"Wort{j} Stelle Softwareentwicklung Pflege Erfahrung" for j in range(8))[:300]
        for _ in range(256)
    ]
    embedder.embed(texts[:8])
    started = time.perf_counter()
    embedder.embed(texts)
    rate = len(texts) / (time.perf_counter() - started)
    print(f"\nembedding throughput ({embedder.name}, ~40-word texts): {rate:.0f} texts/s")


if __name__ == "__main__":
    main()
