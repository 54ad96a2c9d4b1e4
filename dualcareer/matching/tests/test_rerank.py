"""The occupation linker's second stage: features, the shipped model, re-ordering only."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.rerank import (
    EVIDENCE_VECTORS,
    FEATURES,
    RERANKER,
    EvidenceVectors,
    RerankModel,
    quantise_units,
    rerank,
)
from dualcareer.matching.score import Matcher
from dualcareer.matching.vectors import Embedder

TITLES = (
    "Finanzwirt/in (Steuerverwaltung)",
    "Staatlich geprüfte/r Techniker/in - Fachrichtung Bautechnik",
    "Sr. Data Engineer - Remote",
    "Fachkraft für Lagerlogistik (m/w/d)",
)


def _only(feature: str, sign: float = 1.0, top: int = 100) -> RerankModel:
    weights = np.zeros(len(FEATURES), dtype=np.float32)
    weights[FEATURES.index(feature)] = sign
    ones = np.ones(len(FEATURES), dtype=np.float32)
    return RerankModel(np.zeros(len(FEATURES), np.float32), ones, weights, top)


def test_rerank_gives_the_candidates_the_same_scores_in_the_new_order() -> None:
    combined = np.asarray([0.1, 0.9, 0.5, 0.7, 0.0], dtype=np.float32)
    cands = np.asarray([1, 3, 2])  # first-stage order
    rerank(combined, cands, np.asarray([0.0, 2.0, 1.0], dtype=np.float32))
    assert combined.tolist() == pytest.approx([0.1, 0.5, 0.7, 0.9, 0.0])


def test_shipped_model_is_fitted_for_these_features(embedder: Embedder) -> None:
    model = RerankModel.load(RERANKER, embedder.name)
    assert model is not None
    assert model.weights.shape == (len(FEATURES),) and np.all(model.scale > 0)
    # Written by bench/matching_rerank.py from the dev splits only.
    assert "dev" in json.loads(RERANKER.read_text(encoding="utf-8"))["fitted_on"]


def test_model_of_other_features_or_embeddings_is_not_used(
    embedder: Embedder, tmp_path: Path
) -> None:
    stored = json.loads(RERANKER.read_text(encoding="utf-8"))
    path = tmp_path / "model.json"
    path.write_text(json.dumps(stored), encoding="utf-8")
    assert RerankModel.load(path, embedder.name) is not None
    assert RerankModel.load(path, "another-model") is None
    stored["features"] = [*stored["features"][:-1], "something else"]
    path.write_text(json.dumps(stored), encoding="utf-8")
    assert RerankModel.load(path, embedder.name) is None
    assert RerankModel.load(tmp_path / "absent.json", embedder.name) is None


class _OtherEmbedder:
    """Not the model the shipped weights were fitted on."""

    name = "another-model"
    dim = 4

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = np.asarray([[len(t), t.count("e"), t.count(" "), 1.0] for t in texts], np.float32)
        out: np.ndarray = rows / np.linalg.norm(rows, axis=1, keepdims=True)
        return out


def test_a_linker_with_other_embeddings_has_no_second_stage(catalog: OccupationCatalog) -> None:
    linker = OccupationLinker(catalog, _OtherEmbedder(), vectors_path=None)
    assert linker.reranker is None


def test_model_round_trips_through_json(tmp_path: Path) -> None:
    model = _only("label_cosine")
    path = tmp_path / "model.json"
    path.write_text(model.to_json(fitted_on="test"), encoding="utf-8")
    loaded = RerankModel.load(path, "")
    assert loaded is not None and loaded.fingerprint() == model.fingerprint()
    assert np.array_equal(loaded.weights, model.weights)


def test_features_describe_the_first_stage_candidates(linker: OccupationLinker) -> None:
    first, vector = linker.first_stage(TITLES[0], lang="de")
    cands, features = linker.candidate_features(first, vector, 50)
    assert features.shape == (50, len(FEATURES)) and np.isfinite(features).all()
    # The first stage's best 50, best first.
    assert np.array_equal(np.sort(first.combined[cands])[::-1], first.combined[cands])
    assert first.combined[cands[-1]] >= np.sort(first.combined)[-50]
    column = dict(zip(FEATURES, features.T, strict=True))
    assert column["score"][0] == 1.0 and np.all(np.diff(column["score"]) <= 0)
    # Every label includes the preferred ones: the best of all labels is at least as close.
    assert np.all(column["label_cosine"] >= column["preferred_cosine"] - 0.02)
    assert np.all(np.abs(column["description_cosine"]) <= 1.0 + 1e-4)
    assert np.all(column["log_labels"] >= 0) and np.all(column["depth"] >= 1)


def test_second_stage_only_reorders_the_best_candidates(linker: OccupationLinker) -> None:
    assert linker.reranker is not None  # the engine's default linker uses the shipped model
    top = linker.reranker.top
    for title in TITLES:
        first, _ = linker.first_stage(title)
        before = first.combined.copy()
        combined, _, _ = linker.scores(title)
        best = np.argsort(-before, kind="stable")[:top]
        rest = np.setdiff1d(np.arange(len(before)), best)
        assert np.array_equal(combined[rest], before[rest])
        assert np.array_equal(np.sort(combined[best]), np.sort(before[best]))


def test_a_model_on_the_first_stage_score_alone_changes_nothing(
    catalog: OccupationCatalog, embedder: Embedder
) -> None:
    plain = OccupationLinker(catalog, embedder, rerank_path=None)
    same = OccupationLinker(catalog, embedder, rerank_path=None)
    same.reranker = _only("score")
    for title in TITLES:
        assert np.array_equal(plain.scores(title)[0], same.scores(title)[0])


def test_the_model_decides_the_order(catalog: OccupationCatalog, embedder: Embedder) -> None:
    linker = OccupationLinker(catalog, embedder, rerank_path=None)
    linker.reranker = _only("description_cosine", top=30)
    title = TITLES[1]
    first, vector = linker.first_stage(title)
    cands, features = linker.candidate_features(first, vector, 30)
    closest = cands[np.argmax(features[:, FEATURES.index("description_cosine")])]
    combined, _, _ = linker.scores(title)
    assert int(np.argmax(combined)) == int(closest)


def test_links_are_redone_under_another_model(
    catalog: OccupationCatalog, embedder: Embedder
) -> None:
    linker = OccupationLinker(catalog, embedder, rerank_path=None)
    keys = {Matcher(linker).links_key}
    linker.reranker = _only("score")
    keys.add(Matcher(linker).links_key)
    linker.reranker = _only("label_cosine")
    keys.add(Matcher(linker).links_key)
    assert len(keys) == 3


def test_built_evidence_vectors_are_current(linker: OccupationLinker, embedder: Embedder) -> None:
    # `make install` builds the file (`python -m dualcareer.data.build --evidence`); it fails
    # when the labels, the descriptions or the model change until the file is built again.
    label_keys, description_keys = linker._evidence_keys()
    with np.load(EVIDENCE_VECTORS, allow_pickle=False) as data:
        assert str(data["model"]) == embedder.name
        assert set(data["keys"].tolist()) == set(label_keys + description_keys)
    evidence = linker.evidence()
    rows = np.arange(0, len(label_keys), 997)
    texts = linker._label_texts_shown()
    fresh = embedder.embed([texts[r] for r in rows])
    for row, vector in zip(rows, fresh, strict=True):
        assert evidence.cosines(np.asarray([row]), vector)[0] == pytest.approx(1.0, abs=0.01)


def test_held_out_labels_have_no_vector(catalog: OccupationCatalog, embedder: Embedder) -> None:
    occupation = catalog.occupations[7]
    label = occupation.alternatives["de"][0]
    reduced = OccupationCatalog.load(exclude_labels={label})
    linker = OccupationLinker(reduced, embedder)
    label_keys, _ = linker._evidence_keys()
    assert f"label|de|{label}" not in label_keys
    evidence = linker.evidence()
    # One vector per remaining label and two descriptions per occupation.
    assert evidence.cosines(np.arange(len(label_keys)), embedder.embed(["x"])[0]).shape == (
        len(label_keys),
    )


def test_quantised_evidence_keeps_cosines(embedder: Embedder) -> None:
    vectors = embedder.embed(["Bäcker", "baker", "Steuerinspektor", "tax inspector"])
    q, scale = quantise_units(vectors)
    evidence = EvidenceVectors(q, scale, n_labels=4)
    exact = vectors @ vectors[1]
    assert evidence.cosines(np.arange(4), vectors[1]) == pytest.approx(exact, abs=0.01)
