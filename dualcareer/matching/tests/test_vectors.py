from __future__ import annotations

import importlib.util
import itertools
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from dualcareer.matching.vectors import (
    BM25Index,
    Embedder,
    SharedVectors,
    TfidfIndex,
    VectorIndex,
    quantise,
)

# The approximate index is the optional extra "ann" (usearch); without it only exact search.
needs_ann = pytest.mark.skipif(
    importlib.util.find_spec("usearch") is None, reason="optional extra 'ann' not installed"
)
ROOT = Path(__file__).resolve().parents[3]


def _unit(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    x = rng.normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@needs_ann
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


@pytest.mark.parametrize("threshold", [None, pytest.param(10, marks=needs_ann)])
def test_add_update_remove_are_incremental(threshold: int | None) -> None:
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


@pytest.mark.parametrize("threshold", [None, pytest.param(2, marks=needs_ann)])
def test_stored_vectors_are_returned_by_id(threshold: int | None) -> None:
    index = VectorIndex(2, ann_threshold=threshold)
    index.add(["a", "b", "c"], [[1.0, 0.0], [0.6, 0.8], [0.0, 1.0]])
    index.add(["b"], [[0.8, 0.6]])
    np.testing.assert_allclose(index.vectors(["b", "a"]), [[0.8, 0.6], [1.0, 0.0]])
    index.remove(["a"])
    with pytest.raises(KeyError):
        index.vectors(["a"])


def test_quantised_vectors_keep_inner_products() -> None:
    rng = np.random.default_rng(3)
    vectors = _unit(rng, 200, 512)
    rows, scale = quantise(vectors)
    assert rows.dtype == np.int8
    restored = rows.astype(np.float32) * scale[:, None]
    np.testing.assert_allclose(restored @ vectors[0], vectors @ vectors[0], atol=0.01)


def _in_another_process(code: str) -> str:
    """Run `code` in a fresh Python process (another worker); return what it printed."""
    done = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_shared_vectors_written_in_one_process_are_read_in_another(tmp_path: Path) -> None:
    rng = np.random.default_rng(5)
    vectors = _unit(rng, 30, 16)
    np.save(tmp_path / "vectors.npy", vectors)
    # Another process writes 30 vectors and removes one.
    _in_another_process(
        f"""
        import numpy as np
        from dualcareer.matching.vectors import SharedVectors
        store = SharedVectors({str(tmp_path)!r}, "openings", 16)
        vectors = np.load({str(tmp_path / "vectors.npy")!r})
        with store.writing():
            store.reset(model="m")
            store.append(list(range(100, 130)), list(range(30)), vectors)
            store.remove([105])
        """
    )
    # This process reads them through the file, without writing.
    store = SharedVectors(tmp_path, "openings", 16)
    store.refresh()
    assert len(store) == 29
    assert store.meta["model"] == "m"
    assert store.search(vectors[7], 1)[0][0] == 107
    assert 105 not in store
    assert [pk for pk, _ in store.search(vectors[5], 30)].count(105) == 0
    hash_, vector = store.vectors([112])[112]
    assert hash_ == 12
    np.testing.assert_allclose(vector, vectors[12], atol=0.01)
    # Now this process writes (replaces 107 by another vector), and the other one reads.
    with store.writing():
        store.append([107], [99], vectors[20:21])
    found = _in_another_process(
        f"""
        import numpy as np
        from dualcareer.matching.vectors import SharedVectors
        store = SharedVectors({str(tmp_path)!r}, "openings", 16)
        store.refresh()
        vectors = np.load({str(tmp_path / "vectors.npy")!r})
        print(len(store), sorted(pk for pk, _ in store.search(vectors[20], 2)))
        """
    )
    assert found == "29 [107, 120]"


def test_shared_vectors_are_compacted_when_many_rows_are_dead(tmp_path: Path) -> None:
    rng = np.random.default_rng(6)
    store = SharedVectors(tmp_path, "openings", 8)
    with store.writing():
        store.reset()
        store.append(list(range(4000)), [0] * 4000, _unit(rng, 4000, 8))
        store.remove(range(2000))
    assert store.meta["rows"] == 2000  # rewritten without the dead rows
    assert len(list(tmp_path.glob("openings-*.i8"))) == 1
    assert len(store) == 2000
    assert 2500 in store and 1500 not in store


def _assert_best(store: SharedVectors, query: np.ndarray, k: int) -> list[tuple[int, float]]:
    """Assert that the search gives the `k` best rows by brute force, best first; return it.

    Brute force in float64 over the stored rows (int8 x scale): scores that differ by
    float rounding only (1e-9) are equal, and then any order is right.
    """
    found = store.search(query, k)
    rows = store._rows
    assert rows is not None
    scores = dict(
        zip(
            rows["id"].tolist(),
            ((rows["vector"].astype(np.float64) * rows["scale"][:, None]) @ query).tolist(),
            strict=True,
        )
    )
    alive = [pk for pk in scores if pk >= 0]
    assert len(found) == min(k, len(alive))
    assert len({pk for pk, _score in found}) == len(found)
    ranked = [scores[pk] for pk, _score in found]
    assert all(a >= b - 1e-9 for a, b in itertools.pairwise(ranked))
    assert [score for _pk, score in found] == pytest.approx(ranked, abs=1e-9)
    if len(found) < len(alive):
        left_out = max(scores[pk] for pk in set(alive) - {pk for pk, _score in found})
        assert ranked[-1] >= left_out - 1e-9
    return found


@pytest.mark.parametrize("block", [SharedVectors.BLOCK, 7])  # contenders scored in blocks
def test_shared_vectors_search_is_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    monkeypatch.setattr(SharedVectors, "BLOCK", block)
    rng = np.random.default_rng(11)
    vectors = _unit(rng, 300, 32)
    vectors[40] = vectors[7]  # the same vector twice: equal scores, in row order
    store = SharedVectors(tmp_path, "openings", 32)
    with store.writing():
        store.reset(model="test")
        store.append(list(range(1000, 1300)), [0] * 300, vectors)
        store.remove([1020, 1149])  # dead rows
    store.refresh()
    spiky = np.full(32, 0.001, dtype=np.float32)
    spiky[0] = 1.0  # rounded to int8, every other component is 0
    queries = [vectors[7], vectors[51], _unit(rng, 1, 32)[0], -vectors[3], spiky]
    for query in queries:
        for k in (1, 10, 150, 298, 1000):
            _assert_best(store, query, k)
    ties = [pk for pk, _score in store.search(vectors[7], 2)]
    assert ties == [1007, 1040]
    # A wider search begins with the narrower one (the candidates widen by prefixes).
    assert store.search(vectors[9], 250)[:40] == store.search(vectors[9], 40)
    assert store.search(np.zeros(32), 3) == [(1000, 0.0), (1001, 0.0), (1002, 0.0)]


def test_shared_vectors_search_ranks_what_int8_rounding_cannot_tell_apart(
    tmp_path: Path,
) -> None:
    # Every row has the same large first component. The query's first component dominates:
    # rounded to int8, only its second component is left (0.006 -> 1, 0.003 -> 0), so the
    # int8 scores order the rows by their second component alone; the true order differs.
    rng = np.random.default_rng(12)
    vectors = np.zeros((200, 16), dtype=np.float32)
    vectors[:, 0] = 1.0
    vectors[:, 1:] = rng.uniform(-0.3, 0.3, size=(200, 15))
    store = SharedVectors(tmp_path, "openings", 16)
    with store.writing():
        store.reset(model="test")
        store.append(list(range(200)), [0] * 200, vectors)
    store.refresh()
    query = np.full(16, 0.003, dtype=np.float32)
    query[0], query[1] = 1.0, 0.006
    for k in (1, 20, 199):
        _assert_best(store, query, k)


def test_shared_vectors_compute_only_the_new_rows_lengths_on_a_remap(tmp_path: Path) -> None:
    rng = np.random.default_rng(13)
    vectors = _unit(rng, 90, 16) * rng.uniform(0.5, 2.0, size=(90, 1)).astype(np.float32)
    store = SharedVectors(tmp_path, "openings", 16)
    with store.writing():
        store.reset(model="test")
        store.append(list(range(30)), [0] * 30, vectors[:30])
    kept = store._norms
    with store.writing():
        store.append(list(range(30, 60)), [0] * 30, vectors[30:60])
        store.remove([3, 31])  # marks ids only: no new row
    with store.writing():
        store.append(list(range(60, 90)), [0] * 30, vectors[60:])
    # The lengths of the first rows were kept, and every length is what a fresh map computes.
    np.testing.assert_array_equal(store._norms[:30], kept)
    fresh = SharedVectors(tmp_path, "openings", 16)
    fresh.refresh()
    np.testing.assert_array_equal(store._norms, fresh._norms)
    np.testing.assert_allclose(store._norms, np.linalg.norm(vectors, axis=1), rtol=0.02)
    _assert_best(store, vectors[40], 10)
    # The directory wiped and written again by another writer: the same generation number,
    # other rows (a longer file): every length is computed again.
    for path in tmp_path.iterdir():
        path.unlink()
    writer = SharedVectors(tmp_path, "openings", 16)
    with writer.writing():
        writer.reset(model="test")
        writer.append(list(range(45)), [0] * 45, vectors[:45] * 3)
        writer.append(list(range(45, 100)), [0] * 55, _unit(rng, 55, 16))
    assert writer.meta["generation"] == store._seen[0]  # type: ignore[index]
    store.refresh()
    assert len(store) == 100
    np.testing.assert_array_equal(store._norms, writer._norms)
    np.testing.assert_allclose(
        store._norms[:45], np.linalg.norm(vectors[:45] * 3, axis=1), rtol=0.02
    )
