"""Second stage of occupation linking: re-rank a title's best candidates with more evidence.

The first stage (:meth:`.occupations.OccupationLinker.scores`) compares the
title with every label lexically and with each occupation's two preferred
labels by embedding. For its best :attr:`RerankModel.top` candidates this
stage adds evidence that is too costly for every occupation, and weighs all
of it with weights fitted on the benchmark's dev titles
(``bench/matching_rerank.py``, shipped as ``dualcareer/data/occupation_reranker.json``):

- the embedding of **every** label of the candidate (ESCO's alternative and
  hidden labels: "Finanzwirt" is near "Steuerinspektor", not its preferred
  label) and of its **description**, as stored in
  ``dualcareer/data/esco_evidence_vectors.npz`` (int8, about 30 MB in memory;
  built by ``make install``, not kept in git);
- how much support the candidate's ISCO-08 unit group and minor group have
  among the best twenty (several readings pointing to one group);
- the candidate's place in ESCO (how many labels it has, how deep its code is);
- with the second model (:class:`.vectors.E5Embedder`, multilingual-e5-small):
  the title's cosine with the candidate's German and its English labels, as
  stored in ``dualcareer/data/esco_e5_label_vectors.npz`` (built by ``make
  install``), and the candidate's rank by each among the candidates. Its model
  is ``occupation_reranker_e5.json``; a linker without the second model uses
  ``occupation_reranker.json``, fitted without those features.

Only the order of the candidates changes: they take the first stage's scores
in their new order, so thresholds and confidences downstream keep their scale.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from dualcareer.matching.texts import DATA_DIR
from dualcareer.matching.vectors import Embedder, FloatArray, quantise

log = logging.getLogger(__name__)

RERANKER = DATA_DIR / "occupation_reranker.json"
RERANKER_SECOND = DATA_DIR / "occupation_reranker_e5.json"
EVIDENCE_VECTORS = DATA_DIR / "esco_evidence_vectors.npz"
SECOND_VECTORS = DATA_DIR / "esco_e5_label_vectors.npz"

FEATURES = (
    "score",  # first-stage score / the best candidate's
    "lexical",  # best label's lexical score
    "exact",  # a label equals a reading of the title
    "preferred_cosine",  # embedding: best preferred label
    "label_cosine",  # embedding: best of all labels
    "description_cosine",  # embedding: description (best language)
    "log_rank",  # first-stage rank
    "log_label_rank",  # rank by label_cosine among the candidates
    "group_support",  # scores of other candidates of the same ISCO unit group (best 20)
    "minor_group_support",  # the same for the ISCO minor group (3 digits)
    "log_labels",  # how many labels the occupation has
    "depth",  # ESCO code depth below the ISCO group
)
SECOND_FEATURES = (
    "second_de_cosine",  # second model: best German label
    "second_de_log_rank",  # rank by it among the candidates
    "second_en_cosine",  # second model: best English label
    "second_en_log_rank",
)
SUPPORT_WINDOW = 20


@dataclass(frozen=True)
class RerankModel:
    """A linear model over standardised :data:`FEATURES` (weights fitted by the bench script)."""

    mean: FloatArray
    scale: FloatArray
    weights: FloatArray
    top: int = 100
    embedder: str = ""  # the model whose embeddings the weights were fitted on
    features: tuple[str, ...] = FEATURES

    def score(self, features: FloatArray) -> FloatArray:
        """Return one score per row of `features` (higher = better)."""
        out: FloatArray = np.asarray(
            ((features - self.mean) / self.scale) @ self.weights, dtype=np.float32
        )
        return out

    def fingerprint(self) -> str:
        """Return a short hash of the model (links stored under another model are redone)."""
        digest = hashlib.sha256(self.to_json().encode()).hexdigest()
        return digest[:16]

    def to_json(self, **provenance: object) -> str:
        return json.dumps(
            {
                "features": list(self.features),
                "mean": [round(float(x), 6) for x in self.mean],
                "scale": [round(float(x), 6) for x in self.scale],
                "weights": [round(float(x), 6) for x in self.weights],
                "top": self.top,
                "embedder": self.embedder,
                **provenance,
            },
            indent=1,
        )

    @property
    def second(self) -> bool:
        """True when the model weighs the second model's features too."""
        return self.features[len(FEATURES) :] == SECOND_FEATURES

    @classmethod
    def load(
        cls, path: Path, embedder: str, features: tuple[str, ...] = FEATURES
    ) -> RerankModel | None:
        """Return the stored model, or None if absent or fitted for other features or embeddings."""
        if not path.exists():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != features or data.get("embedder") != embedder:
            return None

        def arr(key: str) -> FloatArray:
            return np.asarray(data[key], dtype=np.float32)

        return cls(arr("mean"), arr("scale"), arr("weights"), int(data["top"]), embedder, features)


def evidence_keys(
    label_rows: Sequence[tuple[str, str]], uris: Sequence[str]
) -> tuple[list[str], list[str]]:
    """Return the stored-vector keys of labels ((lang, text) per row) and of descriptions."""
    labels = [f"label|{lang}|{text}" for lang, text in label_rows]
    descriptions = [f"description|{uri}|{lang}" for uri in uris for lang in ("de", "en")]
    return labels, descriptions


class EvidenceVectors:
    """Unit vectors of every label and description, int8 with a scale per row."""

    def __init__(self, vectors: npt.NDArray[np.int8], scale: FloatArray, n_labels: int) -> None:
        self._vectors = vectors
        self._scale = scale
        self._n_labels = n_labels

    @classmethod
    def build(
        cls,
        embedder: Embedder,
        label_keys: Sequence[str],
        label_texts: Sequence[str],
        description_keys: Sequence[str],
        description_texts: Sequence[str],
        path: Path | None = EVIDENCE_VECTORS,
    ) -> EvidenceVectors:
        """Return the vectors of these keys: stored ones from `path`, the others embedded now."""
        keys = list(label_keys) + list(description_keys)
        texts = list(label_texts) + list(description_texts)
        vectors = np.zeros((len(keys), embedder.dim), dtype=np.int8)
        scale = np.zeros(len(keys), dtype=np.float32)
        missing = list(range(len(keys)))
        if path is not None and path.exists():
            with np.load(path, allow_pickle=False) as data:
                stored_keys = data["keys"].tolist() if str(data["model"]) == embedder.name else []
                if stored_keys == keys:  # the full catalogue: the file as it is
                    return cls(data["vectors"], data["scale"], len(label_keys))
                position = {k: i for i, k in enumerate(stored_keys)}
                found = [(i, position[k]) for i, k in enumerate(keys) if k in position]
                if found:
                    rows, stored = (np.asarray(x) for x in zip(*found, strict=True))
                    vectors[rows] = data["vectors"][stored]
                    scale[rows] = data["scale"][stored]
                missing = [i for i, k in enumerate(keys) if k not in position]
        if missing:
            if path is not None and len(missing) > 1000:
                log.warning(
                    "embedding %d labels and descriptions (no stored vectors: "
                    "python -m dualcareer.data.build --evidence / --second, run by make install)",
                    len(missing),
                )
            # Labels shared by several occupations are embedded once.
            unique = list(dict.fromkeys(texts[i] for i in missing))
            fresh, fresh_scale = quantise_units(embedder.embed(unique))
            where = {text: j for j, text in enumerate(unique)}
            picked = np.asarray([where[texts[i]] for i in missing], dtype=np.int64)
            vectors[missing] = fresh[picked]
            scale[missing] = fresh_scale[picked]
        return cls(vectors, scale, len(label_keys))

    def cosines(self, rows: npt.NDArray[np.int64], vector: FloatArray) -> FloatArray:
        """Return the cosine of `vector` with the stored rows `rows` (labels, then descriptions)."""
        out: FloatArray = (self._vectors[rows] @ vector.astype(np.float32)) * self._scale[rows]
        return out

    def description_cosines(
        self, occupations: npt.NDArray[np.int64], vector: FloatArray
    ) -> FloatArray:
        """Return per occupation the best cosine of `vector` with its descriptions."""
        rows = self._n_labels + 2 * occupations
        both = np.stack([self.cosines(rows, vector), self.cosines(rows + 1, vector)])
        out: FloatArray = both.max(axis=0)
        return out

    def save(self, path: Path, keys: Sequence[str], model: str) -> Path:
        np.savez_compressed(
            path,
            keys=np.asarray(keys),
            vectors=self._vectors,
            scale=self._scale,
            model=np.asarray(model),
        )
        return path


def quantise_units(vectors: FloatArray) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """Return `vectors` as int8 rows (:func:`.vectors.quantise`) and the factor to unit length."""
    quantised, _ = quantise(vectors)
    norms = np.linalg.norm(quantised.astype(np.float32), axis=1).clip(1e-8)
    return quantised, (1.0 / norms).astype(np.float32)


@dataclass(frozen=True)
class Candidates:
    """What the first stage knows of a title, per occupation (whole-catalogue arrays)."""

    combined: FloatArray
    lexical: FloatArray
    exact: FloatArray
    preferred_cosine: FloatArray


@dataclass(frozen=True)
class CatalogShape:
    """Per occupation: label rows (contiguous), ISCO unit and minor group keys, code depth."""

    label_starts: npt.NDArray[np.int64]
    label_counts: npt.NDArray[np.int64]
    unit_group: npt.NDArray[np.int64]
    minor_group: npt.NDArray[np.int64]
    depth: npt.NDArray[np.int64]


def _label_rows(
    shape: CatalogShape, cands: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Return the label rows of all `cands` at once and where each candidate's rows start."""
    counts = shape.label_counts[cands]
    starts = np.cumsum(counts) - counts
    # Each candidate's first row repeated, plus 0..count-1.
    offsets = np.arange(counts.sum()) - np.repeat(starts, counts)
    return np.repeat(shape.label_starts[cands], counts) + offsets, starts


def _log_ranks(values: FloatArray) -> FloatArray:
    """Return log(1 + rank) of each value among `values` (best = rank 0, ties by position)."""
    rank = np.empty(len(values), dtype=np.float32)
    rank[np.argsort(-values, kind="stable")] = np.arange(len(values))
    out: FloatArray = np.log1p(rank)
    return out


def second_features(
    cands: npt.NDArray[np.int64],
    shape: CatalogShape,
    vectors: EvidenceVectors,
    label_is_de: npt.NDArray[np.bool_],
    vector: FloatArray,
) -> FloatArray:
    """Return :data:`SECOND_FEATURES` of `cands`: the second model's view of their labels.

    `vectors` holds the second model's vector of every label row, `label_is_de`
    each row's language, `vector` the title's vector by the same model. A
    candidate without a label in a language gets -1 for it.
    """
    rows, starts = _label_rows(shape, cands)
    cosine = vectors.cosines(rows, vector)
    columns = []
    for german in (True, False):
        best = np.maximum.reduceat(np.where(label_is_de[rows] == german, cosine, -1.0), starts)
        columns += [best, _log_ranks(best)]
    out: FloatArray = np.stack(columns, axis=1).astype(np.float32)
    return out


def candidate_features(
    first: Candidates,
    shape: CatalogShape,
    evidence: EvidenceVectors,
    vector: FloatArray,
    top: int,
) -> tuple[npt.NDArray[np.int64], FloatArray]:
    """Return the best `top` occupations (first-stage order, ties by index) and their features."""
    combined = first.combined
    k = min(top, len(combined))
    best = np.argpartition(-combined, k - 1)[:k]
    cands = best[np.lexsort((best, -combined[best]))]
    counts = shape.label_counts[cands]
    rows, starts = _label_rows(shape, cands)
    label_cosine = np.maximum.reduceat(evidence.cosines(rows, vector), starts)
    description_cosine = evidence.description_cosines(cands, vector)
    head = float(combined[cands[0]]) or 1.0
    window = cands[:SUPPORT_WINDOW]
    support = []
    for groups in (shape.unit_group, shape.minor_group):
        same = groups[cands][:, None] == groups[window][None, :]
        total = (same * combined[window][None, :]).sum(axis=1)
        total[: len(window)] -= combined[window]  # not the candidate's own score
        support.append(total / head)
    features = np.stack(
        [
            combined[cands] / head,
            first.lexical[cands],
            first.exact[cands],
            first.preferred_cosine[cands],
            label_cosine,
            description_cosine,
            np.log1p(np.arange(k, dtype=np.float32)),
            _log_ranks(label_cosine),
            support[0],
            support[1],
            np.log(counts.astype(np.float32)),
            shape.depth[cands].astype(np.float32),
        ],
        axis=1,
    ).astype(np.float32)
    return cands, features


def rerank(combined: FloatArray, cands: npt.NDArray[np.int64], scores: FloatArray) -> None:
    """Give `cands` (first-stage order) the first stage's scores in the order of `scores`."""
    order = cands[np.argsort(-scores, kind="stable")]
    combined[order] = combined[cands]
