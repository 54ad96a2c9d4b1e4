"""Matching speed: top-20 search over synthetic opening vectors, HNSW against exact numpy.

    .venv/bin/python bench/matching_speed.py              # 10k and 100k (a few minutes)
    .venv/bin/python bench/matching_speed.py --sizes 10000,100000,1000000   # adds 1M

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

from dualcareer.matching.vectors import VectorIndex, default_embedder  # noqa: E402

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
    parser.add_argument("--ef", type=int, default=128)
    args = parser.parse_args()
    print(f"command: {' '.join(sys.argv)}")
    rng = np.random.default_rng(42)
    centres = rng.standard_normal((3000, DIM), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    print(
        "| N | method | build s | memory MB | p50 ms | p95 ms | QPS | recall@10 |\n"
        "|---|---|---|---|---|---|---|---|"
    )
    for n in (int(s) for s in args.sizes.split(",")):
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
        index = VectorIndex(DIM, ann_threshold=1, ef_search=args.ef)
        for start in range(0, n, 50_000):
            index.add(ids[start : start + 50_000], vectors[start : start + 50_000])
        build = time.perf_counter() - started
        ann_bytes = index._ann.index_file_size() if index._ann is not None else 0
        p50a, p95a, qpsa = latencies(lambda q, index=index: index.search(q, K), queries)
        truth = [set(exact(q)[:10].tolist()) for q in queries]
        found = [{int(i) for i, _ in index.search(q, 10)[0]} for q in queries]
        recall = float(np.mean([len(t & f) / 10 for t, f in zip(truth, found, strict=True)]))
        memory = (ann_bytes + index._vectors.nbytes) / 1e6
        print(
            f"| {n:,} | HNSW (M=16, ef={args.ef}) | {build:.1f} | {memory:.0f} | {p50a:.2f} | "
            f"{p95a:.2f} | {qpsa:.0f} | {recall:.3f} |",
            flush=True,
        )

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
