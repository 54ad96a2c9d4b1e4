from __future__ import annotations

import math

import pytest

from dualcareer.matching.metrics import (
    average_precision,
    evaluate,
    ndcg_at,
    read_qrels,
    read_run,
    reciprocal_rank,
)

JUDGED = {"a": 2, "b": 1, "c": 0}


def test_average_precision_by_hand() -> None:
    # relevant a (rank 2) and b (rank 4): (1/2 + 2/4) / 2
    assert average_precision(["x", "a", "y", "b"], JUDGED) == pytest.approx(0.5)
    assert average_precision(["x", "a", "y", "b"], JUDGED, min_rel=2) == pytest.approx(0.5)
    assert average_precision(["b"], JUDGED) == pytest.approx(0.5)  # a never retrieved


def test_reciprocal_rank_by_hand() -> None:
    assert reciprocal_rank(["c", "x", "b"], JUDGED) == pytest.approx(1 / 3)
    assert reciprocal_rank(["c", "x"], JUDGED) == 0.0


def test_ndcg_uses_graded_gain() -> None:
    ideal = 2 + 1 / math.log2(3)
    got = 1 + 2 / math.log2(3)  # b first, then a
    assert ndcg_at(["b", "a"], JUDGED) == pytest.approx(got / ideal)
    assert ndcg_at(["a", "b"], JUDGED) == pytest.approx(1.0)


def test_evaluate_averages_over_judged_queries_and_counts_missing_runs() -> None:
    qrels = read_qrels(["q1 0 a 2", "q1 0 b 1", "q2 0 z 1"])
    run = read_run(["q1\tb\t0.9", "q1\ta\t0.8", "q1\tc\t0.1"])  # q2 has no results
    metrics = evaluate(qrels, run)
    assert metrics["queries"] == 2
    assert metrics["MAP"] == pytest.approx(0.5)  # q1 AP 1.0, q2 AP 0
    assert metrics["success@1"] == pytest.approx(0.5)
    assert metrics["MRR"] == pytest.approx(0.5)


def test_malformed_lines_are_errors() -> None:
    with pytest.raises(ValueError, match="line 1"):
        read_qrels(["q1 a 2"])
    with pytest.raises(ValueError, match="line 2"):
        read_run(["q1\ta\t1", "q1 a"])
