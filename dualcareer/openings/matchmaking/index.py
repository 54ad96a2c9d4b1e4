"""Candidate preselection for matching: stored embeddings and one shared vector index.

The matching engine re-ranks candidates with all its signals; this module
finds the candidates among every live opening (or every partner profile),
so that none is left out however many there are:

- **Stored embeddings.** Every opening's text (exactly the text the engine
  embeds, :meth:`~dualcareer.matching.score.Matcher.opening_text`) is
  embedded once and stored in :class:`OpeningEmbedding` with a hash of the
  text; it is embedded again only when the text changes. The openings
  services embed a saved opening after the transaction commits
  (:func:`embed_on_commit`); a failure there is logged and never breaks the
  save. Bulk imports write without it: ``manage.py matching_index --sync``
  (scheduled, see docs/operations.md) catches up. Partner profiles likewise
  (:class:`ProfileEmbedding`, :func:`profile_vectors`): embedded when their
  text changed, after the profile services save them
  (``adapter.embed_profile_on_commit``, through the cases app's
  ``profile_saved``), else at the first ranking that needs them or by the
  command.
- **The index.** :class:`OpeningIndex` holds the vectors of all live
  (published, unexpired) openings, int8-quantised, in one memory-mapped file
  under ``settings.MATCHING_INDEX_DIR``
  (:class:`~dualcareer.matching.vectors.SharedVectors`): every worker process
  of the machine reads the same pages, exact search. It is built from the
  stored vectors (no re-embedding) by the first process that needs it and
  kept current incrementally under a file lock: a sync applies the
  embedding rows written since the last one (a watermark on
  ``OpeningEmbedding.updated_at``, with a safety overlap), and every
  :data:`RECONCILE_SECONDS` (and when the day changes, for closing dates) the
  set of live ids is compared in full, which also catches deletions and
  bulk ``update()`` calls. A process that finds another one syncing does not
  wait: it searches what is there.
- **Scoping.** The index is only a preselection: the candidates are filtered
  in the database through the reader's own queryset
  (``selectors.opening_list(user=...)``), so visibility stays exactly what
  the selectors say, and stale index entries can cost a candidate slot but
  never show an opening.
- **Stored occupation links.** The ESCO links of each opening's title and
  each profile's desired positions (``Matcher.links_for``) are stored with
  the embedding, by the same code and at the same time (a changed text gets
  new links), together with the linker's key (``Matcher.links_key``). A
  ranking hands them to the engine (``Matcher.seed_links``), so a worker
  never links a stored title again; rows without links (older data, another
  linker) are linked on the fly and filled by the next sync.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, F, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from dualcareer.core.queries import filter_ids_in
from dualcareer.matching import score as engine
from dualcareer.matching.vectors import (
    Embedder,
    FloatArray,
    SharedVectors,
    UseEmbedder,
    default_embedder,
)
from dualcareer.openings.models import (
    Opening,
    OpeningEmbedding,
    OpeningPlace,
    ProfileEmbedding,
)

log = logging.getLogger(__name__)

TOP_K = 500  # candidates handed to the engine's re-ranking
MAX_K = 8_000  # how far the search widens when the reader may see few of the nearest
RECONCILE_SECONDS = 300.0
SYNC_OVERLAP = dt.timedelta(seconds=10)  # rows committed late with an older timestamp
EMBED_BATCH = 256
LOAD_CHUNK = 10_000
_TEXT_FIELDS = ("id", "title_de", "title_en", "description_de", "description_en")
# What the engine reads of a candidate (``adapter.opening_to_engine``); the shown are read again.
_ENGINE_FIELDS = (
    *_TEXT_FIELDS,
    "public_id",
    "languages",
    "language_levels",
    "hours_per_week",
    "start_date",
    "esco_uri",
)


def get_embedder() -> Embedder:
    """The embedding model (the engine's, loaded once per process); tests replace it."""
    return default_embedder()


def get_matcher(embedder: Embedder) -> engine.Matcher | None:
    """The matcher whose occupation links are stored next to `embedder`'s embeddings.

    The engine's own matcher when the embeddings are the engine's model's;
    None (store no links) for any other model. Tests replace it.
    """
    if embedder.name != UseEmbedder.name:  # the engine's model (not loaded to ask)
        return None
    return engine.Matcher.default()


def opening_title(opening: Any) -> str:
    """The title the engine links to ESCO (``engine.Opening.title``)."""
    return str(opening.title_de or opening.title_en)


def _links_json(links: Sequence[Sequence[tuple[str, float]]]) -> list[list[list[Any]]]:
    return [[[uri, score] for uri, score in one] for one in links]


def opening_text(opening: Any) -> str:
    """The text the engine embeds for an opening (``Matcher.opening_text``)."""
    return engine.Matcher.opening_text(
        engine.Opening(
            id="",
            title=opening.title_de or opening.title_en,
            description=opening.description_de or opening.description_en,
        )
    )


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_hash(digest: str) -> int:
    """The first 64 bits of a :func:`text_hash`, as the index stores it."""
    return int(digest[:16], 16)


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
        stored = {
            pk: (digest, links_key)
            for pk, digest, links_key in OpeningEmbedding.objects.filter(
                opening_id__in=chunk, model=model.name
            ).values_list("opening_id", "text_hash", "links_key")
        }
        texts = {o.pk: opening_text(o) for o in openings}
        hashes = {pk: text_hash(text) for pk, text in texts.items()}
        stale = [pk for pk in texts if force or stored.get(pk, ("",))[0] != hashes[pk]]
        same = [pk for pk in texts if pk not in stale]
        matcher = get_matcher(model)
        key = matcher.links_key if matcher is not None else ""
        titles = {o.pk: opening_title(o) for o in openings}
        unlinked = [pk for pk in same if matcher is not None and stored[pk][1] != key]
        now = timezone.now()
        if stale:
            vectors = model.embed([texts[pk] for pk in stale])
            links: list[Any] = [None] * len(stale)
            if matcher is not None:
                links = _links_json(matcher.links_for([titles[pk] for pk in stale]))
            OpeningEmbedding.objects.bulk_create(
                [
                    OpeningEmbedding(
                        opening_id=pk,
                        model=model.name,
                        text_hash=hashes[pk],
                        vector=_to_bytes(vectors[i]),
                        links=links[i],
                        links_key=key,
                        updated_at=now,
                    )
                    for i, pk in enumerate(stale)
                ],
                update_conflicts=True,
                unique_fields=["opening"],
                update_fields=["model", "text_hash", "vector", "links", "links_key", "updated_at"],
            )
        if unlinked and matcher is not None:  # older rows: same text, links not stored yet
            found = _links_json(matcher.links_for([titles[pk] for pk in unlinked]))
            OpeningEmbedding.objects.bulk_update(
                [
                    OpeningEmbedding(opening_id=pk, links=found[i], links_key=key)
                    for i, pk in enumerate(unlinked)
                ],
                ["links", "links_key"],
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
    matcher = get_matcher(model)
    todo = Opening.objects.live().filter(
        Q(embedding__isnull=True)
        | ~Q(embedding__model=model.name)
        | Q(updated_at__gt=F("embedding__updated_at"))
        | (~Q(embedding__links_key=matcher.links_key) if matcher is not None else Q(pk__in=[]))
    )
    embedded, touched = embed_openings(
        list(todo.order_by("pk").values_list("pk", flat=True)), embedder=model
    )
    changed = OpeningEmbedding.objects.filter(opening__updated_at__gt=F("updated_at"))
    touched += changed.update(updated_at=timezone.now())
    return embedded, touched


# -- partner profiles -----------------------------------------------------------------------


def profile_vectors(
    texts: dict[int, str],
    *,
    embedder: Embedder | None = None,
    positions: Mapping[int, Sequence[str]] | None = None,
    seed: engine.Matcher | None = None,
) -> dict[int, FloatArray]:
    """The stored embedding of each profile's text (`texts`: profile pk -> text).

    Profiles whose text changed since (or never embedded) are embedded now
    and stored; the others cost one query for all. With `positions` (profile
    pk -> desired positions, part of the text) their occupation links are
    stored with the vector (and filled in for rows that have none), and
    handed to the matcher `seed` if it links the same way.
    """
    if not texts:
        return {}
    model = embedder or get_embedder()
    matcher = get_matcher(model) if positions is not None else None
    key = matcher.links_key if matcher is not None else ""
    hashes = {pk: text_hash(text) for pk, text in texts.items()}
    out: dict[int, FloatArray] = {}
    known: dict[int, dict[str, Any]] = {}
    for pk, digest, vector, links, links_key in filter_ids_in(
        ProfileEmbedding.objects.filter(model=model.name), "profile_id", texts
    ).values_list("profile_id", "text_hash", "vector", "links", "links_key"):
        if digest == hashes[pk]:
            out[pk] = _from_bytes(vector)
            if matcher is not None and links is not None and links_key == key:
                known[pk] = links

    def link(pks: Sequence[int]) -> dict[int, dict[str, Any]]:
        if matcher is None or positions is None:
            return {}
        found = {}
        for pk in pks:
            wanted = list(dict.fromkeys(positions.get(pk, ())))
            found[pk] = dict(zip(wanted, _links_json(matcher.links_for(wanted)), strict=True))
        return found

    unlinked = [pk for pk in out if pk not in known]
    if matcher is not None and unlinked:  # older rows: same text, links not stored yet
        filled = link(unlinked)
        ProfileEmbedding.objects.bulk_update(
            [ProfileEmbedding(profile_id=pk, links=filled[pk], links_key=key) for pk in unlinked],
            ["links", "links_key"],
        )
        known.update(filled)
    stale = [pk for pk in texts if pk not in out]
    for start in range(0, len(stale), EMBED_BATCH):
        chunk = stale[start : start + EMBED_BATCH]
        vectors = model.embed([texts[pk] for pk in chunk])
        fresh = link(chunk)
        known.update(fresh)
        now = timezone.now()
        ProfileEmbedding.objects.bulk_create(
            [
                ProfileEmbedding(
                    profile_id=pk,
                    model=model.name,
                    text_hash=hashes[pk],
                    vector=_to_bytes(vectors[i]),
                    links=fresh.get(pk),
                    links_key=key,
                    updated_at=now,
                )
                for i, pk in enumerate(chunk)
            ],
            update_conflicts=True,
            unique_fields=["profile"],
            update_fields=["model", "text_hash", "vector", "links", "links_key", "updated_at"],
        )
        out.update({pk: vectors[i] for i, pk in enumerate(chunk)})
    if seed is not None and known and seed.links_key == key:
        seed.seed_links({p: one for links in known.values() for p, one in links.items()})
    return out


def seed_opening_links(openings: Sequence[Any], matcher: engine.Matcher) -> None:
    """Hand `matcher` the stored links of the openings' titles it has not linked yet.

    One query (none when all are known). Only links stored by the same
    linker for the opening's current text are used.
    """
    missing = set(matcher.unlinked([opening_title(o) for o in openings]))
    todo = {o.pk: o for o in openings if opening_title(o) in missing}
    if not todo:
        return
    pairs: dict[str, Any] = {}
    for pk, digest, links in filter_ids_in(
        OpeningEmbedding.objects.filter(links_key=matcher.links_key, links__isnull=False),
        "opening_id",
        todo,
    ).values_list("opening_id", "text_hash", "links"):
        if digest == text_hash(opening_text(todo[pk])):
            pairs[opening_title(todo[pk])] = links
    matcher.seed_links(pairs)


def opening_vector(opening: Opening) -> FloatArray:
    """The stored embedding of one opening's text (embedded now if missing or outdated)."""
    model = get_embedder()
    text = opening_text(opening)
    row = (
        OpeningEmbedding.objects.filter(opening_id=opening.pk, model=model.name)
        .values_list("text_hash", "vector")
        .first()
    )
    if row is not None and row[0] == text_hash(text):
        return _from_bytes(row[1])
    return model.embed([text])[0]


# -- the shared index -----------------------------------------------------------------------


def index_dir() -> Path:
    """Where the shared index files live (``settings.MATCHING_INDEX_DIR``)."""
    configured = getattr(settings, "MATCHING_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.BASE_DIR) / "var" / "matching-index"


def _source() -> str:
    """Which database the index was built from: a file never serves another database."""
    return f"{connection.vendor}:{connection.settings_dict.get('NAME')}"


class OpeningIndex:
    """Vectors of the live openings by primary key, in a file shared by the processes.

    `directory` defaults to :func:`index_dir`. Thread-safe; several processes
    may sync at once (one writes, the others read what is there).
    """

    NAME = "openings"

    def __init__(self, directory: Path | None = None) -> None:
        self._directory = directory
        self._store: SharedVectors | None = None
        self._lock = threading.Lock()

    @property
    def directory(self) -> Path:
        return self._directory or index_dir()

    def store(self, dim: int) -> SharedVectors:
        with self._lock:
            store = self._store
            if store is None or store.dim != dim or store.directory != self.directory:
                store = self._store = SharedVectors(self.directory, self.NAME, dim)
            return store

    def __len__(self) -> int:
        return len(self._store) if self._store is not None else 0

    def __contains__(self, pk: object) -> bool:
        return self._store is not None and pk in self._store

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever a vector is added or removed (a ranking cache key)."""
        meta = self._store.meta if self._store is not None else {}
        return int(meta.get("generation", 0)), int(meta.get("version", 0))

    def reset(self) -> None:
        """Forget everything; the next sync builds the index from the database again."""
        for path in self.directory.glob(f"{self.NAME}*"):
            path.unlink(missing_ok=True)
        with self._lock:
            self._store = None

    def expire(self) -> None:
        """Make the next sync a full reconciliation (what the periodic check would do)."""
        if self._store is None:
            return
        with self._store.writing() as writing:
            if writing and self._store.meta:
                self._store.meta["reconciled_at"] = None
                self._store.save_meta()

    def sync(self, *, model: str, dim: int, wait: bool = False) -> None:
        """Bring the index up to date with the stored vectors of `model` (cheap if unchanged).

        If another process is syncing, do not wait (unless `wait`): read what is there.
        """
        store = self.store(dim)
        started = timezone.now()
        with store.writing(wait=wait) as writing:
            if not writing:
                store.refresh()
                return
            meta = store.meta
            if meta.get("model") != model or meta.get("source") != _source():
                store.reset(model=model, source=_source())
                self._load(store, self._live_rows(model))
                self._mark_reconciled(store)
            elif self._reconcile_due(meta):
                self._reconcile(store, model)
            else:
                since = dt.datetime.fromisoformat(meta["watermark"]) - SYNC_OVERLAP
                self._apply_changes_since(store, model, since)
            store.meta["watermark"] = started.isoformat()
            store.save_meta()

    @staticmethod
    def _live_rows(model: str) -> QuerySet[OpeningEmbedding]:
        return OpeningEmbedding.objects.filter(
            model=model, opening__in=Opening.objects.live().values("pk")
        )

    @staticmethod
    def _load(store: SharedVectors, rows: QuerySet[OpeningEmbedding]) -> int:
        """Append the vectors of `rows`, in chunks; return how many."""
        ids: list[int] = []
        hashes: list[int] = []
        vectors: list[bytes] = []
        count = 0

        def flush() -> None:
            if ids:
                matrix = np.frombuffer(b"".join(vectors), dtype="<f4").reshape(len(ids), -1)
                store.append(ids, hashes, matrix)
                ids.clear()
                hashes.clear()
                vectors.clear()

        for pk, vector, digest in rows.values_list("opening_id", "vector", "text_hash").iterator(
            chunk_size=2000
        ):
            ids.append(pk)
            hashes.append(short_hash(digest))
            vectors.append(bytes(vector))
            count += 1
            if len(ids) >= LOAD_CHUNK:
                flush()
        flush()
        return count

    @staticmethod
    def _reconcile_due(meta: dict[str, Any]) -> bool:
        reconciled_at = meta.get("reconciled_at")
        return (
            reconciled_at is None
            or time.time() - float(reconciled_at) > RECONCILE_SECONDS
            or timezone.localdate().isoformat() != meta.get("reconciled_day")
        )

    @staticmethod
    def _mark_reconciled(store: SharedVectors) -> None:
        store.meta["reconciled_at"] = time.time()
        store.meta["reconciled_day"] = timezone.localdate().isoformat()

    def _apply_changes_since(self, store: SharedVectors, model: str, since: dt.datetime) -> None:
        changed = dict(
            OpeningEmbedding.objects.filter(updated_at__gte=since).values_list(
                "opening_id", "text_hash"
            )
        )
        if not changed:
            return
        if len(changed) > LOAD_CHUNK:  # a bulk change: compare everything instead
            self._reconcile(store, model)
            return
        pks = list(changed)
        live = set(
            self._live_rows(model).filter(opening_id__in=pks).values_list("opening_id", flat=True)
        )
        store.remove([pk for pk in pks if pk not in live])
        known = store.hashes() if live else {}
        new = [pk for pk in live if known.get(pk) != short_hash(changed[pk])]
        if new:
            self._load(store, self._live_rows(model).filter(opening_id__in=new))

    def _reconcile(self, store: SharedVectors, model: str) -> None:
        live = {
            pk: short_hash(digest)
            for pk, digest in self._live_rows(model).values_list("opening_id", "text_hash")
        }
        known = store.hashes()
        store.remove([pk for pk in known if pk not in live])
        new = [pk for pk, digest in live.items() if known.get(pk) != digest]
        for start in range(0, len(new), LOAD_CHUNK):
            chunk = new[start : start + LOAD_CHUNK]
            self._load(store, self._live_rows(model).filter(opening_id__in=chunk))
        self._mark_reconciled(store)

    def search(self, vector: FloatArray, k: int) -> list[int]:
        """Primary keys of the `k` nearest live openings, nearest first (ties: by row)."""
        if self._store is None:
            return []
        return [pk for pk, _score in self._store.search(vector, k)]

    def vectors(self, pks: Sequence[int]) -> dict[int, tuple[int, FloatArray]]:
        """(short text hash, vector) of those of `pks` that are in the index."""
        return self._store.vectors(pks) if self._store is not None else {}


_INDEX = OpeningIndex()


def get_index() -> OpeningIndex:
    """The process's handle on the shared index of live openings."""
    return _INDEX


def may_answer() -> bool:
    """Whether the index holds or can be built from stored vectors."""
    return bool(len(get_index())) or OpeningEmbedding.objects.exists()


def ready_index() -> Embedder | None:
    """The embedder whose vectors the index holds, with the index synced; None if unusable.

    None when nothing is embedded yet (the model is then not loaded for
    nothing) or the model or index fails (logged): callers fall back to
    their own candidate rule.
    """
    if not may_answer():
        return None
    index = get_index()
    try:
        embedder = get_embedder()
        index.sync(model=embedder.name, dim=embedder.dim)
    except Exception as exc:
        log.warning(
            "matching index unavailable (%s); using the newest openings", type(exc).__name__
        )
        return None
    return embedder if len(index) else None


def change_stamp() -> Cast:
    """A row's ``updated_at`` as text, as the per-process caches compare it (never parsed).

    For openings and partner profiles alike. Only compared with itself: the
    text saves parsing hundreds or thousands of timestamps per ranking.
    """
    return Cast("updated_at", output_field=CharField())


def nearest_visible(
    visible: QuerySet[Opening],
    query_text: str,
    *,
    k: int = TOP_K,
    query_vector: FloatArray | None = None,
    synced: bool = False,
) -> tuple[list[tuple[int, Any]], FloatArray] | None:
    """The `k` openings of `visible` nearest to the query: (id, change stamp) each, nearest first.

    Returns them with the query's vector, or None when the index cannot
    answer (no model, nothing indexed): the caller falls back to its own
    candidate rule. `synced`: the caller has just had :func:`ready_index`
    answer. ``updated_at`` changes with every change of what the engine reads
    of an opening (the services and the import save it with its places).

    The nearest 1.25x `k` are checked first, and when the reader may see
    fewer than `k` of them, the nearest 4x as many (up to :data:`MAX_K`), by
    id and stamp only. Each width is one exact search of the index (a wider
    one begins with the narrower one's result), so the usual reader, who may
    see most openings (public ones are most), costs one search and one check
    of 1.25x `k`; the result is the same for any first width.
    """
    index = get_index()
    embedder = get_embedder() if synced else ready_index()  # `synced`: the caller just did
    if embedder is None:
        return None
    try:
        query = query_vector if query_vector is not None else embedder.embed([query_text])[0]
    except Exception as exc:
        log.warning(
            "matching index unavailable (%s); using the newest openings", type(exc).__name__
        )
        return None
    # A quarter more than `k` at first: a reader may see most openings, so one check usually
    # suffices (checking 2x `k` cost 15 instead of 11 ms at 100,000 openings, for nothing).
    wanted, asked = min(k + max(1, k // 4), max(k, MAX_K)), 0
    found: dict[int, Any] = {}
    while True:
        pks = index.search(query, wanted)  # exact: begins with the narrower search's result
        # Which of them the reader may see: ids and stamps only (the openings are loaded later).
        if pks[asked:]:
            asked_now = filter_ids_in(visible, "pk", pks[asked:]).order_by()  # no sort needed
            found.update(asked_now.values_list("pk", change_stamp()))
        asked = len(pks)
        if len(found) >= k or len(pks) < wanted or wanted >= MAX_K:
            break
        wanted = min(MAX_K, wanted * 4)
    chosen = [(pk, found[pk]) for pk in pks if pk in found][:k]
    return chosen, np.asarray(query, dtype=np.float32)


def load_candidates(visible: QuerySet[Opening], pks: Sequence[int]) -> list[Opening]:
    """The openings `pks` of `visible` with what the engine reads, in the order of `pks`.

    Each has ``matching_places``: (latitude, longitude) of its places in
    place order, read in one query for all (``adapter.opening_to_engine``).
    """
    rank = {pk: i for i, pk in enumerate(pks)}
    # Without the reader's per-object prefetch (Django builds a queryset per opening for it):
    # the places the engine needs in one query. The openings shown are read again.
    candidates = (
        filter_ids_in(visible, "pk", pks)
        .prefetch_related(None)
        .select_related(None)
        .only(*_ENGINE_FIELDS)
    )
    rows = sorted(candidates, key=lambda o: rank[o.pk])
    places: dict[int, list[tuple[float | None, float | None]]] = {pk: [] for pk in pks}
    for opening_id, latitude, longitude in (
        filter_ids_in(OpeningPlace.objects.all(), "opening_id", pks)
        .order_by("id")
        .values_list("opening_id", "latitude", "longitude")
    ):
        places[opening_id].append((latitude, longitude))
    for opening in rows:
        opening.matching_places = places[opening.pk]  # type: ignore[attr-defined]
    return rows


def opening_texts(pks: Sequence[int]) -> dict[int, str]:
    """The text the engine embeds (:func:`opening_text`) of each of the openings `pks`."""
    rows = filter_ids_in(Opening.objects.all(), "pk", pks).only(*_TEXT_FIELDS)
    return {o.pk: opening_text(o) for o in rows}


def candidate_vectors(
    hashes: Sequence[tuple[int, int]], texts: Callable[[Sequence[int]], Mapping[int, str]]
) -> FloatArray:
    """One vector row per (opening id, short hash of its current text), from the index.

    A vector missing from the index or indexed for another text is embedded
    now; `texts(ids)` answers the current texts of those openings (rarely
    needed: only between a change and its embedding).
    """
    embedder = get_embedder()
    matrix = np.zeros((len(hashes), embedder.dim), dtype=np.float32)
    stored = get_index().vectors([pk for pk, _hash in hashes])
    stale: list[int] = []
    for i, (pk, digest) in enumerate(hashes):
        entry = stored.get(pk)
        if entry is not None and entry[0] == digest:
            matrix[i] = entry[1]
        else:
            stale.append(i)
    if stale:
        current = texts([hashes[i][0] for i in stale])
        # An opening deleted meanwhile has no text: it is not shown (the shown are read again).
        matrix[stale] = embedder.embed([current.get(hashes[i][0], "") for i in stale])
    return matrix
