"""Candidate preselection for "openings for a partner": one vector index per process.

The matching engine re-ranks candidates with all its signals; this module
finds the candidates among every live opening, so that none is left out
however many there are:

- **Stored embeddings.** Every opening's text (exactly the text the engine's
  :class:`~dualcareer.matching.score.Matcher` embeds: title and the start of
  the description) is embedded once and stored in :class:`OpeningEmbedding`
  with a hash of the text; it is embedded again only when the text changes.
  The openings services embed a saved opening after the transaction commits
  (:func:`embed_on_commit`); a failure there is logged and never breaks the
  save. Bulk imports write without it: ``manage.py matching_index
  --sync`` (scheduled, see docs/operations.md) catches up.
- **The index.** :class:`OpeningIndex` holds the vectors of all live
  (published, unexpired) openings in the engine's
  :class:`~dualcareer.matching.vectors.VectorIndex` (exact numpy search while
  small, HNSW from 50,000 vectors). It is built lazily on first use from the
  stored vectors (no re-embedding) and kept current incrementally: each query
  first applies the embedding rows written since the last sync (a watermark
  on ``OpeningEmbedding.updated_at``, with a safety overlap), and every
  :data:`RECONCILE_SECONDS` (and when the day changes, for closing dates) the
  set of live ids is compared in full, which also catches deletions and
  bulk ``update()`` calls.
- **Scoping.** The index is only a preselection: the candidates are filtered
  in the database through the reader's own queryset
  (``selectors.opening_list(user=...)``), so visibility stays exactly what
  the selectors say, and stale index entries can cost a candidate slot but
  never show an opening.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from dualcareer.matching import score as engine
from dualcareer.matching.vectors import Embedder, FloatArray, VectorIndex, default_embedder
from dualcareer.openings.models import Opening, OpeningEmbedding

log = logging.getLogger(__name__)

TOP_K = 500  # candidates handed to the engine's re-ranking
MAX_K = 8_000  # how far the search widens when the reader may see few of the nearest
RECONCILE_SECONDS = 300.0
SYNC_OVERLAP = dt.timedelta(seconds=10)  # rows committed late with an older timestamp
EMBED_BATCH = 256
_TEXT_FIELDS = ("id", "title_de", "title_en", "description_de", "description_en")


def get_embedder() -> Embedder:
    """The embedding model (the engine's, loaded once per process); tests replace it."""
    return default_embedder()


def opening_text(opening: Any) -> str:
    """The text the engine embeds for an opening (see ``Matcher._opening_text``)."""
    return engine.Matcher._opening_text(
        engine.Opening(
            id="",
            title=opening.title_de or opening.title_en,
            description=opening.description_de or opening.description_en,
        )
    )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _to_bytes(vector: FloatArray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def _from_bytes(data: Any) -> FloatArray:
    return np.frombuffer(bytes(data), dtype="<f4").astype(np.float32)


# -- storing embeddings ---------------------------------------------------------------------


def embed_openings(
    ids: Iterable[int], *, force: bool = False, embedder: Embedder | None = None
) -> tuple[int, int]:
    """Store the embeddings of the openings `ids` whose text changed (all if `force`).

    Rows whose text is unchanged are only touched (their ``updated_at``), so
    that the index re-checks whether the opening is still live. Returns
    (embedded, touched). Raises what the embedder raises.
    """
    ids = list(ids)
    embedded = touched = 0
    for start in range(0, len(ids), EMBED_BATCH):
        chunk = ids[start : start + EMBED_BATCH]
        openings = list(Opening.objects.filter(pk__in=chunk).only(*_TEXT_FIELDS))
        if not openings:
            continue
        model = embedder or get_embedder()
        stored = dict(
            OpeningEmbedding.objects.filter(opening_id__in=chunk, model=model.name).values_list(
                "opening_id", "text_hash"
            )
        )
        texts = {o.pk: opening_text(o) for o in openings}
        hashes = {pk: text_hash(text) for pk, text in texts.items()}
        stale = [pk for pk in texts if force or stored.get(pk) != hashes[pk]]
        same = [pk for pk in texts if pk not in stale]
        now = timezone.now()
        if stale:
            vectors = model.embed([texts[pk] for pk in stale])
            OpeningEmbedding.objects.bulk_create(
                [
                    OpeningEmbedding(
                        opening_id=pk,
                        model=model.name,
                        text_hash=hashes[pk],
                        vector=_to_bytes(vectors[i]),
                        updated_at=now,
                    )
                    for i, pk in enumerate(stale)
                ],
                update_conflicts=True,
                unique_fields=["opening"],
                update_fields=["model", "text_hash", "vector", "updated_at"],
            )
        if same:
            OpeningEmbedding.objects.filter(opening_id__in=same).update(updated_at=now)
        embedded += len(stale)
        touched += len(same)
    return embedded, touched


def embed_after_save(opening_id: int) -> None:
    """Embed one saved opening; log (without personal data) instead of raising."""
    try:
        embed_openings([opening_id])
    except Exception as exc:
        log.warning(
            "matching index: embedding opening %s failed (%s); "
            "`manage.py matching_index --sync` will retry",
            opening_id,
            type(exc).__name__,
        )


def embed_on_commit(opening: Opening) -> None:
    """Embed `opening` (if its text changed) once the saving transaction commits.

    The openings services call this after every save of an opening, so that
    the index sees new texts and publication changes without a signal.
    """
    opening_id = opening.pk
    transaction.on_commit(lambda: embed_after_save(opening_id), robust=True)


def sync_embeddings(*, rebuild: bool = False, embedder: Embedder | None = None) -> tuple[int, int]:
    """Catch up with writes that sent no signal (bulk import, ``update()``); the command's work.

    Live openings without an embedding of the current model, or changed since
    their embedding was written, are embedded if their text changed; the
    embeddings of any other opening changed since are touched so that the
    indexes notice publication changes. `rebuild` re-embeds every opening.
    Returns (embedded, touched).
    """
    model = embedder or get_embedder()
    if rebuild:
        ids = list(Opening.objects.order_by("pk").values_list("pk", flat=True))
        return embed_openings(ids, force=True, embedder=model)
    todo = Opening.objects.live().filter(
        Q(embedding__isnull=True)
        | ~Q(embedding__model=model.name)
        | Q(updated_at__gt=F("embedding__updated_at"))
    )
    embedded, touched = embed_openings(
        list(todo.order_by("pk").values_list("pk", flat=True)), embedder=model
    )
    changed = OpeningEmbedding.objects.filter(opening__updated_at__gt=F("updated_at"))
    touched += changed.update(updated_at=timezone.now())
    return embedded, touched


# -- the in-process index -------------------------------------------------------------------


class OpeningIndex:
    """Vectors of the live openings by primary key, synced incrementally with the database.

    Searches are exact (numpy) until the index holds `ann_threshold` vectors;
    then an HNSW graph is built from a copy of the vectors in a background
    thread (minutes at 100,000 on two cores) while queries stay exact, and
    swapped in once built, with the changes made meanwhile replayed onto it.
    `background=False` builds it in the calling thread (tests, benchmarks).

    Thread-safe: one lock around sync and search (the underlying VectorIndex
    is not safe for concurrent writers).
    """

    def __init__(
        self, *, ann_threshold: int = 50_000, chunk: int = 10_000, background: bool = True
    ) -> None:
        self.ann_threshold = ann_threshold
        self.chunk = chunk
        self.background = background
        self._lock = threading.RLock()
        self._index: VectorIndex | None = None
        self._dim = 0
        self._generation = 0
        self._journal: list[tuple[list[str], FloatArray | None]] | None = None  # while building
        self._model = ""
        self._hashes: dict[int, str] = {}
        self._watermark: dt.datetime | None = None
        # None until the first reconciliation: a monotonic clock has no meaningful zero
        # (it may be smaller than RECONCILE_SECONDS on a freshly booted machine).
        self._reconciled_at: float | None = None
        self._reconciled_day: dt.date | None = None

    def __len__(self) -> int:
        return len(self._hashes)

    @property
    def uses_ann(self) -> bool:
        return self._index is not None and self._index.uses_ann

    def reset(self) -> None:
        """Forget everything; the next sync builds the index from the database again."""
        with self._lock:
            self._index = None
            self._hashes = {}
            self._watermark = None
            self._generation += 1
            self._journal = None

    def _live_rows(self) -> QuerySet[OpeningEmbedding]:
        return OpeningEmbedding.objects.filter(
            model=self._model, opening__in=Opening.objects.live().values("pk")
        )

    def _load(self, rows: QuerySet[OpeningEmbedding]) -> int:
        """Add (or replace) the vectors of `rows`, in chunks; return how many."""
        assert self._index is not None
        ids: list[str] = []
        vectors: list[bytes] = []
        count = 0

        def flush() -> None:
            assert self._index is not None
            if ids:
                matrix = np.frombuffer(b"".join(vectors), dtype="<f4").reshape(len(ids), -1)
                self._add(list(ids), matrix.astype(np.float32))
                ids.clear()
                vectors.clear()

        for pk, vector, digest in rows.values_list("opening_id", "vector", "text_hash").iterator(
            chunk_size=2000
        ):
            ids.append(str(pk))
            vectors.append(bytes(vector))
            self._hashes[pk] = digest
            count += 1
            if len(ids) >= self.chunk:
                flush()
        flush()
        return count

    def _remove(self, pks: Iterable[int]) -> None:
        assert self._index is not None
        pks = [pk for pk in pks if pk in self._hashes]
        ids = [str(pk) for pk in pks]
        self._index.remove(ids)
        if self._journal is not None:
            self._journal.append((ids, None))
        for pk in pks:
            del self._hashes[pk]

    def _add(self, ids: list[str], matrix: FloatArray) -> None:
        assert self._index is not None
        self._index.add(ids, matrix)
        if self._journal is not None:
            self._journal.append((ids, matrix))

    def _maybe_build_ann(self) -> None:
        """Start the HNSW build once the index is big enough (see the class docstring)."""
        index = self._index
        if (
            index is None
            or index.uses_ann
            or self._journal is not None
            or len(self._hashes) < self.ann_threshold
        ):
            return
        ids = [str(pk) for pk in self._hashes]
        matrix = index.vectors(ids)
        generation = self._generation
        self._journal = []

        def build() -> None:
            try:
                ann = VectorIndex(self._dim, ann_threshold=1)
                for start in range(0, len(ids), self.chunk):
                    ann.add(ids[start : start + self.chunk], matrix[start : start + self.chunk])
            except Exception as exc:
                log.warning("matching index: HNSW build failed (%s)", type(exc).__name__)
                with self._lock:
                    if generation == self._generation:
                        self._journal = None
                return
            with self._lock:
                if generation != self._generation or self._journal is None:
                    return
                for changed_ids, vectors in self._journal:
                    if vectors is None:
                        ann.remove(changed_ids)
                    else:
                        ann.add(changed_ids, vectors)
                self._index = ann
                self._journal = None

        if self.background:
            threading.Thread(target=build, name="matching-index-hnsw", daemon=True).start()
        else:
            build()

    def sync(self, *, model: str) -> None:
        """Bring the index up to date with the stored vectors of `model` (cheap if unchanged)."""
        with self._lock:
            started = timezone.now()
            if self._index is None or model != self._model:
                self._model = model
                self._dim = get_embedder().dim
                self._generation += 1
                self._journal = None
                # Exact only: the HNSW graph is built apart (_maybe_build_ann).
                self._index = VectorIndex(self._dim, ann_threshold=sys.maxsize)
                self._hashes = {}
                self._load(self._live_rows())
                self._mark_reconciled()
            elif self._reconcile_due():
                self._reconcile()
            else:
                assert self._watermark is not None
                self._apply_changes_since(self._watermark - SYNC_OVERLAP)
            self._watermark = started
            self._maybe_build_ann()

    def _reconcile_due(self) -> bool:
        return (
            self._reconciled_at is None
            or time.monotonic() - self._reconciled_at > RECONCILE_SECONDS
            or timezone.localdate() != self._reconciled_day
        )

    def expire(self) -> None:
        """Make the next sync a full reconciliation (what the periodic check would do)."""
        with self._lock:
            self._reconciled_at = None

    def _mark_reconciled(self) -> None:
        self._reconciled_at = time.monotonic()
        self._reconciled_day = timezone.localdate()

    def _apply_changes_since(self, since: dt.datetime) -> None:
        changed = dict(
            OpeningEmbedding.objects.filter(updated_at__gte=since).values_list(
                "opening_id", "text_hash"
            )
        )
        if not changed:
            return
        if len(changed) > self.chunk:  # a bulk change: compare everything instead
            self._reconcile()
            return
        pks = list(changed)
        live = set(
            self._live_rows().filter(opening_id__in=pks).values_list("opening_id", flat=True)
        )
        self._remove(pk for pk in pks if pk not in live)
        new = [pk for pk in live if self._hashes.get(pk) != changed[pk]]
        if new:
            self._load(self._live_rows().filter(opening_id__in=new))

    def _reconcile(self) -> None:
        live = dict(self._live_rows().values_list("opening_id", "text_hash"))
        self._remove([pk for pk in self._hashes if pk not in live])
        new = [pk for pk, digest in live.items() if self._hashes.get(pk) != digest]
        for start in range(0, len(new), self.chunk):
            self._load(self._live_rows().filter(opening_id__in=new[start : start + self.chunk]))
        self._mark_reconciled()

    def search(self, vector: FloatArray, k: int) -> list[int]:
        """Primary keys of the `k` nearest live openings, nearest first."""
        with self._lock:
            if self._index is None or not self._hashes:
                return []
            return [int(pk) for pk, _score in self._index.search(vector, k)[0] if pk]

    def vectors(self, pks: Sequence[int]) -> dict[int, tuple[str, FloatArray]]:
        """(text hash, vector) of those of `pks` that are in the index."""
        with self._lock:
            known = [pk for pk in pks if pk in self._hashes]
            if self._index is None or not known:
                return {}
            matrix = self._index.vectors([str(pk) for pk in known])
            return {pk: (self._hashes[pk], matrix[i]) for i, pk in enumerate(known)}


_INDEX = OpeningIndex()


def get_index() -> OpeningIndex:
    """The process's index of live openings."""
    return _INDEX


class PrecomputedEmbedder:
    """An embedder that answers known texts from a table and embeds only the others."""

    def __init__(self, base: Embedder, known: dict[str, FloatArray]) -> None:
        self.name = base.name
        self.dim = base.dim
        self._base = base
        self._known = known

    def embed(self, texts: Sequence[str]) -> FloatArray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        missing = [i for i, text in enumerate(texts) if text not in self._known]
        for i, text in enumerate(texts):
            if text in self._known:
                out[i] = self._known[text]
        if missing:
            out[missing] = self._base.embed([texts[i] for i in missing])
        return out


def preselect(
    visible: QuerySet[Opening], query_text: str, *, k: int = TOP_K
) -> tuple[list[Opening], dict[str, FloatArray]] | None:
    """The `k` openings of `visible` nearest to `query_text`, with the known vectors by text.

    Returns None when the index cannot answer (no model, nothing indexed):
    the caller falls back to its own candidate rule. The openings come from
    `visible` (the reader's scoped queryset), nearest first.
    """
    index = get_index()
    if not len(index) and not OpeningEmbedding.objects.exists():
        return None  # nothing embedded yet: do not load the model for nothing
    try:
        embedder = get_embedder()
        index.sync(model=embedder.name)
        if not len(index):
            return None
        query = embedder.embed([query_text])[0]
    except Exception as exc:
        log.warning(
            "matching index unavailable (%s); using the newest openings", type(exc).__name__
        )
        return None
    wanted = k
    while True:
        pks = index.search(query, wanted)
        rank = {pk: i for i, pk in enumerate(pks)}
        rows = sorted(visible.filter(pk__in=pks), key=lambda o: rank[o.pk])
        if len(rows) >= k or len(pks) < wanted or wanted >= MAX_K:
            break
        wanted = min(MAX_K, wanted * 4)
    rows = rows[:k]
    known: dict[str, FloatArray] = {query_text: query}
    stored = index.vectors([o.pk for o in rows])
    for opening in rows:
        text = opening_text(opening)
        entry = stored.get(opening.pk)
        if entry is not None and entry[0] == text_hash(text):
            known[text] = entry[1]
    return rows, known


def precomputed(base: Embedder | None, known: dict[str, FloatArray]) -> Embedder | None:
    return PrecomputedEmbedder(base, known) if base is not None else None
