from __future__ import annotations

import numpy as np
import pytest

from dualcareer.matching.vectors import BM25Index, Embedder, TfidfIndex, VectorIndex


def _unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    x = rng.normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_ann_recall_against_exact_search() -> None:
    rng = np.random.default_rng(7)
    vectors = _unit(rng, 4000, 32)
    index = VectorIndex(32, ann_threshold=1000)
    index.add([f"o{i}" for i in range(4000)], vectors)
    assert index.uses_ann
    queries = _unit(rng, 100, 32)
    approx = index.search(queries, 10)
    exact = index.search(queries, 10, exact=True)
    recall = np.mean(
        [
            len({i for i, _ in a} & {i for i, _ in e}) / 10
            for a, e in zip(approx, exact, strict=True)
        ]
    )
    assert recall >= 0.9


@pytest.mark.parametrize("threshold", [10_000, 10])
def test_add_update_remove_are_incremental(threshold: int) -> None:
    rng = np.random.default_rng(1)
    vectors = _unit(rng, 50, 16)
    index = VectorIndex(16, ann_threshold=threshold)
    index.add([f"o{i}" for i in range(50)], vectors)
    index.remove(["o3"])
    assert "o3" not in {i for i, _ in index.search(vectors[3], 50)[0]}
    index.add(["o4"], vectors[7])  # update: o4 now points where o7 does
    top = {i for i, _ in index.search(vectors[7], 2)[0]}
    assert top == {"o4", "o7"}
    assert len(index) == 49


def test_exact_search_scores_are_inner_products() -> None:
    index = VectorIndex(2)
    index.add(["a", "b"], [[1.0, 0.0], [0.6, 0.8]])
    [[(first, s1), (second, s2)]] = index.search([[0.0, 1.0]], 2)
    assert (first, second) == ("b", "a")
    assert s1 == pytest.approx(0.8)
    assert s2 == pytest.approx(0.0)


def test_bm25_prefers_rare_matching_terms() -> None:
    index = BM25Index()
    for doc in (["pfleg", "fachkraft"], ["fachkraft", "lager"], ["back"]):
        index.add(doc)
    scores = index.search(["lager", "fachkraft"])
    assert scores.argmax() == 1
    assert scores[2] == 0.0
    assert 0 < scores[1] <= index.self_score(["lager", "fachkraft"]) + 1e-6


def test_tfidf_cosine_is_one_for_identical_documents() -> None:
    index = TfidfIndex()
    index.add(["ab", "bc"])
    index.add(["xy"])
    scores = index.search(["ab", "bc"])
    assert scores[0] == pytest.approx(1.0, abs=1e-5)
    assert scores[1] == 0.0


def test_embeddings_cross_languages(embedder: Embedder) -> None:
    vectors = embedder.embed(["Bäckerin", "baker", "Softwareentwickler", ""])
    assert vectors.shape == (4, embedder.dim)
    assert np.linalg.norm(vectors[0]) == pytest.approx(1.0, abs=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert not vectors[3].any()


@pytest.mark.parametrize("threshold", [10_000, 2])
def test_stored_vectors_are_returned_by_id(threshold: int) -> None:
    index = VectorIndex(2, ann_threshold=threshold)
    index.add(["a", "b", "c"], [[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    index.add(["b"], [[0.8, 0.6]])
    np.testing.assert_allclose(index.vectors(["b", "a"]), [[0.8, 0.6], [1.0, 0.0]])
    index.remove(["a"])
    with pytest.raises(KeyError):
        index.vectors(["a"])
