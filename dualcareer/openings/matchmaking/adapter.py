"""The one adapter between Django models and the matching engine (`dualcareer.matching`).

It turns `Opening` and `PartnerProfile` instances into the engine's plain
dataclasses and calls its ranking; the engine itself imports nothing from
Django. Only professional fields of a profile reach the engine (never the
name, contact, birth date, gender, nationality or address), so the result
can be shown to employers as it is.
"""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from dataclasses import replace as dataclass_replace
from itertools import islice
from typing import Any

import numpy as np
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from dualcareer.core.queries import filter_ids_in
from dualcareer.matching import score as engine
from dualcareer.matching.explain import Audience, render_all, render_split
from dualcareer.matching.geo import Gazetteer, Point, minutes_for_km
from dualcareer.matching.vectors import FloatArray
from dualcareer.openings.matchmaking import index as matching_index
from dualcareer.openings.models import OpeningEmbedding, ProfileEmbedding

log = logging.getLogger(__name__)

# The level an opening requires of a language for which the employer set none:
# "working knowledge" (B2) is what German job advertisements mean by "gute Kenntnisse".
REQUIRED_LEVEL = "B2"
# Weekly hours the engine assumes for the partner's wish when only the kind is known.
HOURS_BY_WORKING_TIME: dict[str, tuple[float | None, float | None]] = {
    "full_time": (35.0, 42.0),
    "part_time": (15.0, 32.0),
    "either": (None, None),
}
DEFAULT_COMMUTE_MINUTES = 45.0
# Without a usable vector index: the newest openings the reader may see are the candidates.
FALLBACK_CANDIDATES = 300
# A cached ranking is also dropped after this long (it is keyed by every change anyway).
RANKING_CACHE_SECONDS = 600
_SPLIT = re.compile(r"[,;\n]+")


def _items(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _SPLIT.split(text or "") if part.strip())


def opening_to_engine(opening: Any) -> engine.Opening:
    """The engine's view of an opening: title, text, languages, hours, start, first place.

    The places are ``opening.matching_places`` ((latitude, longitude) in place
    order) when ``index.load_candidates`` read them, else ``opening.places``.
    """
    coordinates = getattr(opening, "matching_places", None)
    if coordinates is None:
        coordinates = [(p.latitude, p.longitude) for p in opening.places.all()]
    located = next(
        (Point(lat, lon) for lat, lon in coordinates if lat is not None and lon is not None), None
    )
    return engine.Opening(
        id=str(opening.public_id),
        title=opening.title_de or opening.title_en,
        description=opening.description_de or opening.description_en,
        languages=tuple(
            engine.LanguageLevel(code, opening.level_of(code) or REQUIRED_LEVEL)
            for code in opening.language_list
        ),
        hours_per_week=float(opening.hours_per_week) if opening.hours_per_week else None,
        start=opening.start_date,
        location=located,
        occupation_uris=(opening.esco_uri,) if opening.esco_uri else (),
    )


def _home(profile: Any) -> Any:
    """Where the partner can work from: the first place of their work places that we know."""
    gazetteer = Gazetteer.default()
    for item in _items(profile.work_places):
        place = gazetteer.locate(item)
        if place is not None:
            return place
    return None


def profile_to_engine(profile: Any, *, result_id: str) -> engine.Profile:
    """The engine's view of a partner profile: professional fields only (nothing identifying)."""
    case = profile.case
    institution = case.institution
    workplace = (
        Point(float(institution.latitude), float(institution.longitude))
        if institution.latitude is not None and institution.longitude is not None
        else None
    )
    hours_min, hours_max = HOURS_BY_WORKING_TIME.get(profile.working_time, (None, None))
    commute = float(minutes_for_km(float(profile.radius_km))) if profile.radius_km else None
    languages = tuple(
        engine.LanguageLevel(str(item.get("language", "")), str(item.get("level", "")))
        for item in (profile.languages or [])
        if isinstance(item, dict)
    )
    summary = " ".join(
        filter(None, [profile.professional_field, profile.experience, profile.education])
    )
    return engine.Profile(
        id=result_id,
        desired_positions=_items(profile.desired_positions)
        or ((profile.professional_field,) if profile.professional_field else ()),
        summary=summary,
        skills=_items(profile.skills),
        languages=languages,
        hours_min=hours_min,
        hours_max=hours_max,
        available_from=profile.earliest_start,
        home=_home(profile),
        max_commute_minutes=commute or DEFAULT_COMMUTE_MINUTES,
        partner_workplace=workplace,
        partner_max_commute_minutes=DEFAULT_COMMUTE_MINUTES if workplace else None,
    )


@dataclass(frozen=True)
class Ranked:
    """One ranked item with its score (0..1) and the reasons in the active language.

    `reasons` are all reasons the reader may read; `fits` and `concerns` the
    same split into what fits and what does not (``render_split``).
    """

    item: Any
    score: float
    reasons: list[str]
    fits: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, item: Any, result: Any, language: str, audience: Audience) -> Ranked:
        """The ranked `item` with the engine's `result` worded for `audience` in `language`."""
        fits, concerns = render_split(result.reasons, language, audience)
        return cls(
            item, result.score, render_all(result.reasons, language, audience), fits, concerns
        )

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _language() -> str:
    return "en" if get_language() == "en" else "de"


def _today() -> str:
    """The day, as part of a ranking's cache key (start dates are read against it)."""
    return timezone.localdate().isoformat()


def _matcher(matcher: Any | None) -> Any:
    return matcher if matcher is not None else engine.Matcher.default()


def _matcher_tag(base: Any) -> str:
    """The matcher's part of a ranking's cache key.

    The same for every process with the default matcher, so that a shared
    cache (Redis) serves a ranking to every worker; any other matcher (tests,
    benchmarks) ranks apart. After a deploy that changes the engine, rankings
    cached before it are shown for at most :data:`RANKING_CACHE_SECONDS`.
    """
    return "default" if base.is_default() else f"matcher-{id(base)}"


def rank_openings(
    profile: Any,
    openings: Sequence[Any],
    *,
    audience: Audience = "partner",
    top: int = 20,
    matcher: Any | None = None,
    engine_profile: engine.Profile | None = None,
    vectors: FloatArray | None = None,
    profile_vector: FloatArray | None = None,
) -> list[Ranked]:
    """Rank `openings` (already scoped to the reader) for a partner profile, best first.

    `audience` is who reads the reasons: the partner ("you") or their officer.
    `engine_profile` is the profile already converted (once per request);
    `vectors` and `profile_vector` the stored embeddings, if known.
    """
    if not openings:
        return []
    by_id = {str(o.public_id): o for o in openings}
    base = _matcher(matcher)
    matching_index.seed_opening_links(openings, base)  # stored title links: not linked again
    results = base.rank_openings(
        engine_profile or profile_to_engine(profile, result_id="profile"),
        [opening_to_engine(o) for o in openings],
        top=top,
        vectors=vectors,
        profile_vector=profile_vector,
    )
    language = _language()
    return [Ranked.of(by_id[r.id], r, language, audience) for r in results]


def _profile_vector(
    profile: Any, text: str, engine_profile: engine.Profile, base: Any
) -> FloatArray | None:
    """The stored embedding of the profile's text (embedded and stored if it changed).

    The stored links of its desired positions are handed to the matcher `base`.
    """
    if not text.strip() or getattr(profile, "pk", None) is None:
        return None
    try:
        return matching_index.profile_vectors(
            {profile.pk: text},
            positions={profile.pk: engine_profile.desired_positions},
            seed=base,
        ).get(profile.pk)
    except Exception as exc:
        log.warning("matching: profile embedding unavailable (%s)", type(exc).__name__)
        return None


def _ranking_key(profile: Any, visible: QuerySet[Any], *parts: Any) -> str | None:
    """The cache key of a ranking: reader's scope, profile version, openings' version."""
    updated = getattr(profile, "updated_at", None)
    if profile.pk is None or updated is None:
        return None
    latest = OpeningEmbedding.objects.aggregate(latest=Max("updated_at"))["latest"]
    scope = hashlib.sha256(str(visible.query).encode()).hexdigest()[:24]
    raw = "|".join(
        str(p)
        for p in (
            profile.pk,
            updated.isoformat(),
            scope,
            latest.isoformat() if latest else "",
            matching_index.get_index().version,
            _today(),
            _language(),
            *parts,
        )
    )
    return "matching:openings:" + hashlib.sha256(raw.encode()).hexdigest()


def _shown(visible: QuerySet[Any]) -> QuerySet[Any]:
    """`visible` as the ranked openings are read again to be shown: without their places.

    The pages show an opening's title and institution; the places were
    read by the engine (and its reasons name what they found), so their
    prefetch, one query and up to a hundred rows per page, is dropped.
    """
    return visible.prefetch_related(None)


def _from_cache(key: str, visible: QuerySet[Any]) -> list[Ranked] | None:
    """The cached ranking, if every opening in it is still visible to the reader."""
    entries = cache.get(key)
    if entries is None:
        return None
    rows = _shown(visible).in_bulk([entry[0] for entry in entries])
    if len(rows) != len(entries):
        return None  # an opening left the reader's view: rank again
    return [
        Ranked(rows[pk], score, reasons, fits, concerns)
        for pk, score, reasons, fits, concerns in entries
    ]


def rank_openings_for_profile(
    profile: Any,
    visible: QuerySet[Any],
    *,
    audience: Audience = "partner",
    top: int = 20,
    candidates: int = matching_index.TOP_K,
    matcher: Any | None = None,
) -> list[Ranked]:
    """Rank, for a partner profile, the openings of `visible` (the reader's scoped queryset).

    The candidates are the `candidates` openings of `visible` nearest to the
    profile's stored embedding in the shared vector index of all live
    openings (:mod:`dualcareer.openings.matchmaking.index`); the engine
    re-ranks them with every signal, with their stored vectors, in the
    form this process has prepared them (:class:`_OpeningCache`: read again
    when changed). Without a usable index the candidates are the newest
    :data:`FALLBACK_CANDIDATES` openings of `visible`.

    The result is cached until the profile, any opening's embedding or
    publication, the reader's scope or the day changes; a cached ranking is
    shown only if every opening in it is still in `visible` (read again).
    """
    base = _matcher(matcher)
    # The index synced first (its version is part of the cache key); nothing is embedded or
    # searched for a ranking that is cached.
    usable = matching_index.ready_index() is not None
    key = (
        _ranking_key(profile, visible, audience, top, candidates, _matcher_tag(base))
        if usable
        else None
    )
    if key is not None:
        cached = _from_cache(key, visible)
        if cached is not None:
            return cached
    engine_profile = profile_to_engine(profile, result_id="profile")
    text = base.profile_text(engine_profile)
    # The profile's stored vector, unless nothing is embedded (then the model is not loaded).
    query_vector = _profile_vector(profile, text, engine_profile, base) if usable else None
    found = (
        matching_index.nearest_visible(
            visible, text, k=candidates, query_vector=query_vector, synced=True
        )
        if usable
        else None
    )
    if found is None:
        openings = list(visible.order_by("-published_at")[:FALLBACK_CANDIDATES])
        return rank_openings(
            profile,
            openings,
            audience=audience,
            top=top,
            matcher=base,
            engine_profile=engine_profile,
        )
    chosen, query = found
    prepared = _OPENINGS.get(chosen, visible, base)
    pks = [pk for pk, _stamp in chosen if pk in prepared]
    uses_vectors = base.embedder is not None
    vectors = (
        matching_index.candidate_vectors(
            [(pk, prepared[pk].text_hash) for pk in pks], matching_index.opening_texts
        )
        if uses_vectors
        else None
    )
    by_id = {prepared[pk].engine.id: pk for pk in pks}
    results = base.rank_openings(
        engine_profile,
        [prepared[pk].engine for pk in pks],
        top=top,
        vectors=vectors,
        profile_vector=query if uses_vectors else None,
    )
    language = _language()
    entries = [
        (r.item, r.score, r.reasons, r.fits, r.concerns)
        for r in (Ranked.of(by_id[result.id], result, language, audience) for result in results)
    ]
    if key is not None:
        cache.set(key, entries, RANKING_CACHE_SECONDS)
    # The openings shown, read again through the reader's queryset.
    shown = _shown(visible).in_bulk([entry[0] for entry in entries])
    return [
        Ranked(shown[pk], score, reasons, fits, concerns)
        for pk, score, reasons, fits, concerns in entries
        if pk in shown
    ]


@dataclass(frozen=True)
class _Prepared:
    """An opening as the engine ranks it, and the short hash of the text its vector embeds."""

    engine: engine.Opening  # without the description: only its embedding needs it
    text_hash: int


class _OpeningCache:
    """The engine's view of openings, per process, keyed by primary key and ``updated_at``.

    An opening saved since (its text, languages, hours, start, classification
    or places: the services and the import save it with every change) is
    read and converted again; its title's stored ESCO links are handed to
    the matcher then. Whether the reader may see an opening is never taken
    from here: the candidates come from the reader's queryset on every
    ranking, and the openings shown are read again through it.

    It holds up to :attr:`LIMIT` openings, twice the 100,000 live openings
    the platform is measured at: with a limit of 100,000 the warm-up
    prepared 90 % of them, and every ranking read and converted its
    candidates among the rest again (bench/README "Platform speed X").
    """

    LIMIT = 200_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[int, tuple[Any, _Prepared]] = {}

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(
        self, stamps: Sequence[tuple[int, Any]], visible: QuerySet[Any], base: Any
    ) -> dict[int, _Prepared]:
        """The prepared openings of `stamps` ((id, change stamp)) that `visible` still holds.

        A change stamp is ``index.change_stamp()``: ``updated_at`` as text.
        """
        with self._lock:
            known = {pk: self._entries.get(pk) for pk, _stamp in stamps}
        prepared: dict[int, _Prepared] = {}
        fresh: dict[int, Any] = {}
        for pk, stamp in stamps:
            entry = known[pk]
            if entry is not None and entry[0] == stamp:
                prepared[pk] = entry[1]
            else:
                fresh[pk] = stamp
        if not fresh:
            return prepared
        loaded = matching_index.load_candidates(visible, list(fresh))
        matching_index.seed_opening_links(loaded, base)  # stored title links: not linked again
        new = {
            o.pk: _Prepared(
                dataclass_replace(opening_to_engine(o), description=""),
                matching_index.short_hash(matching_index.text_hash(matching_index.opening_text(o))),
            )
            for o in loaded
        }
        with self._lock:
            excess = len(self._entries) + len(new) - self.LIMIT
            if excess > 0:  # the longest-kept go first (a dict keeps its insertion order)
                for gone in list(islice(self._entries, excess + self.LIMIT // 10)):
                    del self._entries[gone]
            for pk, one in new.items():
                self._entries[pk] = (fresh[pk], one)
        prepared.update(new)
        return prepared


_OPENINGS = _OpeningCache()


def rank_profiles(
    opening: Any,
    profiles: QuerySet[Any] | Sequence[Any],
    *,
    top: int = 20,
    candidates: int = matching_index.TOP_K,
    matcher: Any | None = None,
) -> list[Ranked]:
    """Rank partner profiles (already consent-checked) for an opening, best first.

    `profiles` is best the consent-checked queryset: only the ids and
    timestamps of all are read; a profile is loaded and converted for the
    engine only when it changed since this process last saw it, and only the
    `top` ranked are loaded to be shown. The profiles' embeddings are the
    stored ones (:class:`ProfileEmbedding`, embedded only when a text
    changed); with more than `candidates` profiles the engine re-ranks the
    `candidates` nearest to the opening. The reasons are worded for the
    employer and leave out the couple's household.
    """
    base = _matcher(matcher)
    if isinstance(profiles, QuerySet):
        # The change stamps as text: only compared, and 5,000 timestamps parsed cost more
        # than the rest of a cached ranking.
        stamps = dict(profiles.values_list("pk", matching_index.change_stamp()))
        loaded: dict[int, Any] = {}
    else:
        loaded = {p.pk: p for p in profiles}
        stamps = {pk: str(p.updated_at) for pk, p in loaded.items()}
    if not stamps:
        return []
    engine_opening = opening_to_engine(opening)
    key = _profiles_key(engine_opening, stamps, top, candidates, _matcher_tag(base))
    entries = cache.get(key)
    if entries is None:
        entries = _rank_profiles(
            opening, engine_opening, stamps, profiles, loaded, base, top, candidates
        )
        cache.set(key, entries, RANKING_CACHE_SECONDS)
    shown = [entry[0] for entry in entries]
    if isinstance(profiles, QuerySet) and shown:
        loaded = profiles.in_bulk(shown)  # one query, read again: what is shown is current
    return [
        Ranked(loaded[pk], score, reasons, fits, concerns)
        for pk, score, reasons, fits, concerns in entries
        if pk in loaded
    ]


def _profiles_key(engine_opening: engine.Opening, stamps: dict[int, Any], *parts: Any) -> str:
    """The cache key of a ranking of profiles for an opening.

    It holds everything the ranking reads: the engine's view of the opening
    (title, text, languages, hours, start, place, occupation), every
    consenting profile with the time it last changed (so a new consent, a
    withdrawal or an edited profile is a new key), the day (start dates are
    read against it) and the reader's language.
    """
    digest = hashlib.sha256(repr(engine_opening).encode())
    digest.update("|".join(f"{pk}:{stamps[pk]}" for pk in sorted(stamps)).encode())
    for part in (_today(), _language(), *parts):
        digest.update(f"|{part}".encode())
    return "matching:profiles:" + digest.hexdigest()


def _rank_profiles(
    opening: Any,
    engine_opening: engine.Opening,
    stamps: dict[int, Any],
    profiles: QuerySet[Any] | Sequence[Any],
    loaded: dict[int, Any],
    base: Any,
    top: int,
    candidates: int,
) -> list[tuple[int, float, list[str], list[str], list[str]]]:
    """`rank_profiles` without the cache: (pk, score, reasons, fits, concerns), best first."""
    converted = _PROFILES.get(stamps, profiles, loaded)
    pks = list(stamps)
    matching_index.seed_opening_links([opening], base)
    vectors = opening_vector = None
    if base.embedder is not None:
        try:
            vectors = _PROFILES.vectors(pks, converted, base)
            opening_vector = matching_index.opening_vector(opening)
        except Exception as exc:
            log.warning("matching: stored embeddings unavailable (%s)", type(exc).__name__)
            vectors = opening_vector = None
    if vectors is not None and opening_vector is not None and len(pks) > candidates:
        nearest = np.argsort(-(vectors @ opening_vector), kind="stable")[:candidates]
        pks = [pks[i] for i in nearest]
        vectors = vectors[nearest]
    results = base.rank_profiles(
        engine_opening,
        [converted[pk] for pk in pks],
        top=top,
        vectors=vectors,
        opening_vector=opening_vector,
    )
    language = _language()
    ranked = [Ranked.of(None, r, language, "employer") for r in results]
    return [
        (int(r.id), item.score, item.reasons, item.fits, item.concerns)
        for r, item in zip(results, ranked, strict=True)
    ]


class _ProfileCache:
    """The engine's view of partner profiles and their embeddings, per process.

    Keyed by primary key and ``updated_at``: a profile saved since is
    converted again. Only professional fields are kept (as in
    :func:`profile_to_engine`); an entry not used for a day is dropped.

    The matrix of the last :meth:`vectors` call is kept (read-only) with the
    profiles it was built for: the employer's next opening, with the same
    consenting profiles and none of them changed, reads it instead of
    checking and stacking 5,000 rows again. Any change of an entry bumps
    ``_version``, which the kept matrix must match. It costs one matrix of
    memory per process (4 bytes x 512 per profile: 10 MB for 5,000 profiles)
    and helps only while one set of consenting profiles is ranked after
    another: employers with different sets, in turn, build their matrix each
    time, as before.
    """

    LIMIT = 50_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._profiles: dict[int, tuple[Any, engine.Profile, str]] = {}
        self._vectors: dict[int, tuple[str, FloatArray]] = {}
        self._hashes: dict[int, tuple[engine.Profile, str]] = {}
        self._version = 0
        self._matrix: tuple[tuple[str, tuple[int, ...]], int, FloatArray] | None = None

    def clear(self) -> None:
        with self._lock:
            self._profiles.clear()
            self._vectors.clear()
            self._hashes.clear()
            self._version += 1
            self._matrix = None

    def get(
        self, stamps: dict[int, Any], profiles: Any, loaded: dict[int, Any]
    ) -> dict[int, engine.Profile]:
        with self._lock:
            known = {pk: self._profiles.get(pk) for pk in stamps}
        stale = [pk for pk, entry in known.items() if entry is None or entry[0] != stamps[pk]]
        if stale:
            if isinstance(profiles, QuerySet):
                fetched = filter_ids_in(profiles, "pk", stale).select_related("case__institution")
                loaded.update({p.pk: p for p in fetched})
            fresh = {
                pk: (stamps[pk], profile_to_engine(loaded[pk], result_id=str(pk)))
                for pk in stale
                if pk in loaded
            }
            with self._lock:
                self._version += 1
                if len(self._profiles) + len(fresh) > self.LIMIT:
                    self._profiles.clear()
                    self._hashes.clear()
                for pk, (stamp, converted) in fresh.items():
                    text = engine.Matcher.profile_text(converted)
                    self._profiles[pk] = known[pk] = (stamp, converted, text)
                    self._hashes[pk] = (converted, matching_index.text_hash(text))
        return {pk: entry[1] for pk, entry in known.items() if entry is not None}

    def text_hash(self, pk: int, converted: engine.Profile, base: Any) -> tuple[str, str]:
        """(text, hash) of the profile's embedded text; hashed once per converted profile."""
        entry = self._hashes.get(pk)
        text = base.profile_text(converted)
        if entry is not None and entry[0] is converted:
            return text, entry[1]
        digest = matching_index.text_hash(text)
        self._hashes[pk] = (converted, digest)
        return text, digest

    def vectors(
        self, pks: Sequence[int], converted: dict[int, engine.Profile], base: Any
    ) -> FloatArray:
        """One stored embedding row per profile of `pks` (zeros for an empty text), read-only."""
        model = matching_index.get_embedder().name
        key = (model, tuple(pks))
        with self._lock:
            version, kept = self._version, self._matrix
        if kept is not None and kept[0] == key and kept[1] == version:
            return kept[2]
        texts: dict[int, str] = {}
        hashes: dict[int, str] = {}
        for pk in pks:
            texts[pk], digest = self.text_hash(pk, converted[pk], base)
            hashes[pk] = f"{model}:{digest}"
        with self._lock:
            known = {pk: self._vectors.get(pk) for pk in pks}
        stale = {
            pk: texts[pk]
            for pk, entry in known.items()
            if texts[pk].strip() and (entry is None or entry[0] != hashes[pk])
        }
        fresh = (
            matching_index.profile_vectors(
                stale,
                positions={pk: converted[pk].desired_positions for pk in stale},
                seed=base,
            )
            if stale
            else {}
        )
        # Kept only if every row is current and no one else changed an entry meanwhile.
        complete = all(pk in fresh for pk in stale)
        with self._lock:
            if fresh:
                self._version += 1
                version += 1
            if len(self._vectors) + len(fresh) > self.LIMIT:
                self._vectors.clear()
            for pk, vector in fresh.items():
                self._vectors[pk] = known[pk] = (hashes[pk], vector)
        dim = matching_index.get_embedder().dim
        zero = np.zeros(dim, dtype=np.float32)
        rows = []
        for pk in pks:
            entry = known[pk]
            rows.append(entry[1] if entry is not None and entry[0] == hashes[pk] else zero)
        matrix = (
            np.stack(rows).astype(np.float32, copy=False)
            if rows
            else np.zeros((0, dim), dtype=np.float32)
        )
        matrix.flags.writeable = False  # shared by the rankings that read it
        with self._lock:
            if complete and self._version == version:
                self._matrix = (key, version, matrix)
        return matrix


_PROFILES = _ProfileCache()


def clear_process_caches() -> None:
    """Forget this process's prepared openings and profiles (tests: ids recur after rollback)."""
    _OPENINGS.clear()
    _PROFILES.clear()


def warm_openings(*, matcher: Any | None = None, chunk: int = 5_000) -> int:
    """Prepare the engine's view of the newest live openings (at most the cache's limit).

    Called by the warm-up of gunicorn's master before it forks the workers,
    which inherit what is prepared (recycled workers too: they are forked
    from the master again). Openings changed or published later are read by
    the rankings that need them. Returns how many were prepared.
    """
    from dualcareer.openings.models import Opening

    base = _matcher(matcher)
    stamps = list(
        Opening.objects.live()
        .order_by("-published_at", "-id")
        .values_list("pk", matching_index.change_stamp())[: int(_OpeningCache.LIMIT * 0.9)]
    )
    prepared = 0
    for start in range(0, len(stamps), chunk):
        prepared += len(_OPENINGS.get(stamps[start : start + chunk], Opening.objects.all(), base))
    return prepared


def warm_profiles(*, matcher: Any | None = None) -> int:
    """Prepare the engine's view and stored embedding of every profile an employer may be shown.

    Called by the warm-up before a process takes traffic, so that its first
    "partners for an opening" page does not convert thousands of profiles.
    Only profiles of open, not anonymised cases whose consent in force
    covers some institution are read (professional fields only, as every
    ranking reads them); the pages still rank only the profiles the
    employer's own consent-checked queryset returns. At most
    :attr:`_ProfileCache.LIMIT`, the most recently changed first. Returns
    how many were prepared.
    """
    from dualcareer.cases import consent
    from dualcareer.cases.models import Case, PartnerProfile

    base = _matcher(matcher)
    cases = (
        Case.objects.filter(pk__in=consent.shown_to_some_employer_case_ids())
        .exclude(status="closed")
        .filter(anonymised_at__isnull=True)
    )
    profiles = PartnerProfile.objects.filter(case__in=cases).select_related("case__institution")
    stamps = dict(
        profiles.order_by("-updated_at").values_list("pk", matching_index.change_stamp())[
            : _ProfileCache.LIMIT
        ]
    )
    if not stamps:
        return 0
    converted = _PROFILES.get(stamps, profiles, {})
    if base.embedder is not None:
        _PROFILES.vectors(list(converted), converted, base)
    return len(converted)


def embed_profile(profile_id: int) -> int:
    """Store the embedding and ESCO links of one saved profile if its text changed.

    The same code path as the command's (:func:`sync_profile_embeddings`):
    an unchanged text costs one query and no embedding. Nothing is done
    (and no model loaded) while the platform has stored no embedding at all:
    matching then works without the index. Returns 1 if the profile has a
    stored embedding now, else 0.
    """
    from dualcareer.cases.models import PartnerProfile

    if not (OpeningEmbedding.objects.exists() or ProfileEmbedding.objects.exists()):
        return 0
    return sync_profile_embeddings(PartnerProfile.objects.filter(pk=profile_id))


def _embed_profile_after_save(profile_id: int) -> None:
    """Embed one saved profile; log (without personal data) instead of raising."""
    try:
        embed_profile(profile_id)
    except Exception as exc:
        log.warning(
            "matching: embedding profile %s failed (%s); "
            "`manage.py matching_index --sync` will retry",
            profile_id,
            type(exc).__name__,
        )


def embed_profile_on_commit(profile: Any) -> None:
    """Store `profile`'s embedding and links (if its text changed) once the transaction commits.

    Called by the services that save a partner profile (through the cases
    app's extension point ``cases.services.profile_saved``), like
    :func:`~dualcareer.openings.matchmaking.index.embed_on_commit` for
    openings, so that no page view has to embed a profile; a failure is
    logged and never breaks the save.
    """
    profile_id = profile.pk
    transaction.on_commit(lambda: _embed_profile_after_save(profile_id), robust=True)


def sync_profile_embeddings(profiles: QuerySet[Any]) -> int:
    """Store the embeddings of `profiles` whose text changed (the command's work); return how many.

    The profile services embed a saved profile (:func:`embed_profile_on_commit`);
    this catches up with writes that bypassed them (bulk writes, a model or
    linker change), so that no page view has to (a ranking still embeds a
    changed profile itself if it must).
    """
    done = 0
    for start in range(0, profiles.count(), 500):
        chunk = list(
            profiles.order_by("pk").select_related("case__institution")[start : start + 500]
        )
        converted = {p.pk: profile_to_engine(p, result_id=str(p.pk)) for p in chunk}
        texts = {pk: engine.Matcher.profile_text(c) for pk, c in converted.items()}
        done += len(
            matching_index.profile_vectors(
                {k: t for k, t in texts.items() if t.strip()},
                positions={pk: c.desired_positions for pk, c in converted.items()},
            )
        )
    return done
