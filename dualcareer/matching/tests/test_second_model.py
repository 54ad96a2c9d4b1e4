"""The second embedding model (multilingual-e5-small) and its part in the linker's second stage."""

from __future__ import annotations

import json
import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.rerank import (
    FEATURES,
    RERANKER,
    RERANKER_SECOND,
    SECOND_FEATURES,
    SECOND_VECTORS,
    CatalogShape,
    EvidenceVectors,
    RerankModel,
    quantise_units,
    second_features,
)
from dualcareer.matching.vectors import Embedder, second_embedder


@pytest.fixture(scope="module")
def second() -> Embedder:
    return second_embedder()


def test_second_model_gives_unit_vectors_closer_for_the_same_occupation(second: Embedder) -> None:
    vectors = second.embed(["Krankenpfleger", "nurse", "Dachdecker", "", "roofer"])
    assert vectors.shape == (5, second.dim)
    norms = np.linalg.norm(vectors, axis=1)
    assert norms[[0, 1, 2, 4]] == pytest.approx(1.0, abs=1e-4) and norms[3] == 0.0
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[4]
    assert vectors[2] @ vectors[4] > vectors[2] @ vectors[1]


def _embed_in_child(queue: multiprocessing.Queue) -> None:
    queue.put(second_embedder().embed(["Tischler"]).shape)


def test_a_forked_process_can_embed_after_its_parent_did(
    second: Embedder, linker: OccupationLinker
) -> None:
    # gunicorn forks its workers after the warm-up has embedded a title; an OpenMP thread
    # pool in the parent would make the child's first embedding hang. The parent embeds on
    # its own thread and, through CorpusRanker.rank, on a pool thread (whatever ran before).
    from dualcareer.matching.retrieval import SECOND_CHUNK, CorpusRanker

    second.embed(["Bäcker", "Maurer", "Koch"])
    queries = [(f"q{i}", "Bäcker") for i in range(SECOND_CHUNK + 1)]
    assert len(list(CorpusRanker([("d", "Koch")], linker=linker).rank(queries, top=1))) == len(
        queries
    )
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_embed_in_child, args=(queue,))
    child.start()
    child.join(timeout=60)
    hung = child.is_alive()
    if hung:
        child.kill()
    assert not hung, "the forked process hung in its first embedding"
    assert queue.get(timeout=5) == (1, second.dim)


def _shape(counts: list[int]) -> CatalogShape:
    starts = np.r_[0, np.cumsum(counts)[:-1]].astype(np.int64)
    n = len(counts)
    zeros = np.zeros(n, dtype=np.int64)
    return CatalogShape(starts, np.asarray(counts, np.int64), zeros, zeros, zeros + 1)


def test_second_features_take_the_best_label_per_language() -> None:
    # Three occupations with 2, 3 and 1 labels; the third has no German label.
    unit = np.eye(4, dtype=np.float32)
    labels = np.stack([unit[0], unit[1], unit[2], 0.6 * unit[0] + 0.8 * unit[1], unit[3], unit[1]])
    is_de = np.asarray([True, False, True, True, False, False])
    q, scale = quantise_units(labels)
    vectors = EvidenceVectors(q, scale, n_labels=len(labels))
    title = unit[0]
    cands = np.asarray([2, 0, 1])
    out = second_features(cands, _shape([2, 3, 1]), vectors, is_de, title)
    assert out.shape == (3, len(SECOND_FEATURES))
    column = dict(zip(SECOND_FEATURES, out.T, strict=True))
    # German: occupation 0's label 0 (cosine 1), occupation 1's "0.6/0.8" label; none for 2.
    assert column["second_de_cosine"] == pytest.approx([-1.0, 1.0, 0.6], abs=0.01)
    assert column["second_en_cosine"] == pytest.approx([0.0, 0.0, 0.0], abs=0.01)
    # Ranks among the candidates, best = 0, ties by position.
    assert column["second_de_log_rank"] == pytest.approx(np.log1p([2, 0, 1]))
    assert column["second_en_log_rank"] == pytest.approx(np.log1p([0, 1, 2]))


def test_the_default_linker_uses_the_model_fitted_with_the_second_model(
    linker: OccupationLinker,
) -> None:
    assert linker.second is not None and linker.reranker is not None
    assert linker.reranker.second
    assert linker.reranker.features == FEATURES + SECOND_FEATURES
    stored = json.loads(RERANKER_SECOND.read_text(encoding="utf-8"))
    assert "dev" in stored["fitted_on"] and stored["embedder"] == linker.model_names()
    first, vector = linker.first_stage("Fachkraft für Lagerlogistik (m/w/d)", lang="de")
    second = linker.second_vector("Fachkraft für Lagerlogistik (m/w/d)", "de")
    _, features = linker.candidate_features(first, vector, 40, second_vector=second)
    assert features.shape == (40, len(FEATURES) + len(SECOND_FEATURES))
    assert np.isfinite(features).all()


def test_without_the_second_model_the_first_model_alone_is_used(
    catalog: OccupationCatalog, embedder: Embedder
) -> None:
    linker = OccupationLinker(catalog, embedder)
    assert linker.second is None and linker.reranker is not None
    assert not linker.reranker.second and linker.reranker.features == FEATURES
    assert RerankModel.load(RERANKER, embedder.name) is not None
    # The same title is linked (the first model's vector only), in both cases.
    assert linker.link("Fachkraft für Lagerlogistik")


def test_a_second_model_without_its_fitted_model_falls_back(
    catalog: OccupationCatalog, embedder: Embedder, second: Embedder, tmp_path: Path
) -> None:
    linker = OccupationLinker(
        catalog, embedder, second=second, second_rerank_path=tmp_path / "absent.json"
    )
    assert linker.reranker is not None and not linker.reranker.second


def test_built_second_vectors_are_current(linker: OccupationLinker, second: Embedder) -> None:
    # `make install` builds the file (`python -m dualcareer.data.build --second`); it fails
    # when the labels or the model change until the file is built again.
    label_keys, _ = linker._evidence_keys()
    with np.load(SECOND_VECTORS, allow_pickle=False) as data:
        assert str(data["model"]) == second.name
        assert data["keys"].tolist() == label_keys
    vectors = linker.second_vectors()
    rows = np.arange(0, len(label_keys), 2011)
    texts = linker._label_texts_shown()
    fresh = second.embed([texts[r] for r in rows])
    for row, vector in zip(rows, fresh, strict=True):
        assert vectors.cosines(np.asarray([row]), vector)[0] == pytest.approx(1.0, abs=0.01)


class _Counting:
    name = "counting"
    dim = 3

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        rows = np.asarray([[len(t), t.count("a") + 1, 1.0] for t in texts], np.float32)
        out: np.ndarray = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return out


def test_a_rebuild_embeds_only_labels_the_stored_file_lacks(tmp_path: Path) -> None:
    path = tmp_path / "vectors.npz"
    model = _Counting()
    keys = ["label|de|Bäcker", "label|en|baker", "label|de|Koch"]
    EvidenceVectors.build(model, keys, ["Bäcker", "baker", "Koch"], [], [], None).save(
        path, keys, model.name
    )
    model.texts.clear()
    # Two new labels, one of them the same text twice (two occupations share it).
    more = [*keys, "label|en|cook", "label|en|chef", "label|en|cook"]
    texts = ["Bäcker", "baker", "Koch", "cook", "chef", "cook"]
    built = EvidenceVectors.build(model, more, texts, [], [], path)
    assert sorted(model.texts) == ["chef", "cook"]
    again = model.embed(texts)
    for row in range(len(texts)):
        assert built.cosines(np.asarray([row]), again[row])[0] == pytest.approx(1.0, abs=0.01)


def test_ranking_with_the_second_model_on_its_own_thread_matches_scoring_each_query(
    linker: OccupationLinker,
) -> None:
    # CorpusRanker.rank embeds the queries' next chunk with the second model on a second
    # thread; a chunk out of step would give queries each other's vectors.
    from dualcareer.matching.retrieval import SECOND_CHUNK, CorpusRanker

    occupations = linker.catalog.occupations[:150]
    corpus = [(f"d{i}", o.preferred["de"]) for i, o in enumerate(occupations)]
    titles = [o.preferred["en"] for o in linker.catalog.occupations[150 : 150 + SECOND_CHUNK + 5]]
    queries = [(f"q{i}", t) for i, t in enumerate(titles)]
    ranker = CorpusRanker(corpus, linker=linker)
    ranked: dict[str, list[tuple[str, float]]] = {}
    for query_id, doc_id, score in ranker.rank(queries, top=5):
        ranked.setdefault(query_id, []).append((doc_id, score))
    assert len(ranked) == len(queries)
    for query_id, title in queries:
        alone = ranker.score(title)
        assert [s for _, s in ranked[query_id]] == pytest.approx(
            sorted(alone, reverse=True)[:5], abs=1e-4
        ), title
        assert alone[int(ranked[query_id][0][0][1:])] == pytest.approx(alone.max(), abs=1e-4)


def test_a_ranking_stopped_early_leaves_no_thread_behind(linker: OccupationLinker) -> None:
    import threading

    from dualcareer.matching.retrieval import SECOND_CHUNK, CorpusRanker

    corpus = [(f"d{i}", o.preferred["en"]) for i, o in enumerate(linker.catalog.occupations[:50])]
    queries = [
        (f"q{i}", o.preferred["de"])
        for i, o in enumerate(linker.catalog.occupations[50 : 50 + 3 * SECOND_CHUNK])
    ]
    results = CorpusRanker(corpus, linker=linker).rank(queries, top=3)
    assert next(results)[0] == "q0"
    results.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("second-model")]
