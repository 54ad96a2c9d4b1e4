"""Retrieval metrics over TREC-style relevance judgements and runs.

Conventions follow trec_eval: a document is relevant when its judged
relevance is at least `min_relevance` (1 by default); unjudged documents are
not relevant; nDCG uses the graded relevance as gain with a log2 discount;
every query in the judgements counts, a query without results scores 0.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

Qrels = dict[str, dict[str, int]]  # query id -> document id -> relevance
Run = dict[str, list[str]]  # query id -> document ids, best first

CUTOFFS = (1, 5, 10)


def read_qrels(lines: Iterable[str]) -> Qrels:
    """Parse `query_id 0 doc_id relevance` lines (whitespace-separated)."""
    qrels: Qrels = defaultdict(dict)
    for number, line in enumerate(lines, 1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 4:
            raise ValueError(f"qrels line {number}: expected 4 fields, got {len(fields)}")
        query_id, _, doc_id, relevance = fields
        qrels[query_id][doc_id] = int(relevance)
    return dict(qrels)


def read_run(lines: Iterable[str]) -> Run:
    """Parse `query_id<TAB>doc_id<TAB>score` lines (also TREC's 6-column format)."""
    scored: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for number, line in enumerate(lines, 1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) == 3:
            query_id, doc_id, score = fields
        elif len(fields) == 6:
            query_id, _, doc_id, _, score, _ = fields
        else:
            raise ValueError(f"run line {number}: expected 3 or 6 fields, got {len(fields)}")
        scored[query_id].append((float(score), doc_id))
    # Ties are broken by document id (descending, as trec_eval does) for determinism.
    return {q: [d for _, d in sorted(pairs, reverse=True)] for q, pairs in scored.items()}


def average_precision(ranking: Sequence[str], judged: Mapping[str, int], min_rel: int = 1) -> float:
    """Return the average precision of `ranking` (0 if the query has no relevant document)."""
    n_relevant = sum(1 for r in judged.values() if r >= min_rel)
    if n_relevant == 0:
        return 0.0
    hits, total = 0, 0.0
    for rank, doc_id in enumerate(ranking, 1):
        if judged.get(doc_id, 0) >= min_rel:
            hits += 1
            total += hits / rank
    return total / n_relevant


def reciprocal_rank(ranking: Sequence[str], judged: Mapping[str, int], min_rel: int = 1) -> float:
    """Return 1/rank of the first relevant document, or 0."""
    for rank, doc_id in enumerate(ranking, 1):
        if judged.get(doc_id, 0) >= min_rel:
            return 1.0 / rank
    return 0.0


def success_at(
    ranking: Sequence[str], judged: Mapping[str, int], k: int, min_rel: int = 1
) -> float:
    """Return 1.0 if a relevant document is among the first `k`, else 0.0."""
    return float(any(judged.get(d, 0) >= min_rel for d in ranking[:k]))


def ndcg_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = 10) -> float:
    """Return nDCG@k with the graded relevance as gain (negative grades count as 0)."""

    def dcg(gains: Iterable[int]) -> float:
        return sum(max(g, 0) / math.log2(i + 2) for i, g in enumerate(gains))

    ideal = dcg(sorted(judged.values(), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg(judged.get(d, 0) for d in ranking[:k]) / ideal


def evaluate(qrels: Qrels, run: Run, min_relevance: int = 1) -> dict[str, float]:
    """Return MAP, MRR, success@1/5/10 and nDCG@10, averaged over the judged queries."""
    totals: dict[str, float] = defaultdict(float)
    queries = [q for q, judged in qrels.items() if any(r >= min_relevance for r in judged.values())]
    for query_id in queries:
        judged, ranking = qrels[query_id], run.get(query_id, [])
        totals["MAP"] += average_precision(ranking, judged, min_relevance)
        totals["MRR"] += reciprocal_rank(ranking, judged, min_relevance)
        for k in CUTOFFS:
            totals[f"success@{k}"] += success_at(ranking, judged, k, min_relevance)
        totals["nDCG@10"] += ndcg_at(ranking, judged, 10)
    n = max(1, len(queries))
    metrics = {name: value / n for name, value in totals.items()}
    metrics["queries"] = float(len(queries))
    return metrics


def evaluate_files(qrels_path: Path, run_path: Path, min_relevance: int = 1) -> dict[str, float]:
    """Return :func:`evaluate` for a qrels file and a run file."""
    with qrels_path.open(encoding="utf-8") as q, run_path.open(encoding="utf-8") as r:
        return evaluate(read_qrels(q), read_run(r), min_relevance)


def format_metrics(metrics: Mapping[str, float]) -> str:
    """Return the metrics one per line, as `name<TAB>value`."""
    names = ["MAP", "MRR", *(f"success@{k}" for k in CUTOFFS), "nDCG@10", "queries"]
    return "\n".join(
        f"{name}\t{metrics[name]:.0f}" if name == "queries" else f"{name}\t{metrics[name]:.4f}"
        for name in names
        if name in metrics
    )
