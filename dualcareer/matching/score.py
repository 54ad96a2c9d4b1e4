"""One ranking of openings for a partner, and of partners for an opening.

Inputs are plain dataclasses (:class:`Opening`, :class:`Profile`); the
Django adapter (``dualcareer/openings/matchmaking/adapter.py``) builds them from
model instances. Entry points::

    matcher = Matcher.default()                       # shared, loads ESCO + model once
    results = matcher.rank_openings(profile, openings, top=50)
    results = matcher.rank_profiles(opening, profiles, top=50)
    for r in results:
        r.id, r.score, r.signals, render_all(r.reasons, "de")

Signals, each 0..1, and their weights in the score (a signal that cannot be
computed, e.g. no start date given, is left out and the others are rescaled):

============  ======  =========================================================
occupation    0.35    best ESCO link of a desired position vs. the opening's title
semantic      0.15    sentence-embedding cosine of profile text and opening text
skills        0.15    share of the opening's skills found in the profile
languages     0.10    required CEFR levels met (partial credit one level below)
hours         0.05    opening's weekly hours within the partner's range
start         0.05    opening starts when the partner is available
commute       0.075   estimated commute from the partner's home within the limit
couple        0.075   a home exists within both partners' commute limits
============  ======  =========================================================

Hard filters (:class:`HardFilters`) drop results outright where the partner
asked for it: a language level not met, hours outside the range, a start
before availability, a commute over the limit, no home for the couple.
"""

from __future__ import annotations

import hashlib
import math
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from dualcareer.matching.explain import ParamValue, Reason
from dualcareer.matching.geo import (
    Gazetteer,
    HasCoordinates,
    _haversine,
    commute_minutes,
    haversine_pairs,
    minutes_for_km,
)
from dualcareer.matching.occupations import (
    LANGUAGES,
    Occupation,
    OccupationLink,
    OccupationLinker,
    occupation_similarity_row,
)
from dualcareer.matching.texts import analyse, detect_language
from dualcareer.matching.vectors import Embedder, FloatArray

# An occupation reason only for really close occupations (0.6: the same ISCO-08
# unit group, see `occupations.occupation_similarity`) linked with some confidence.
GROUP_REASON_MIN_SIMILARITY = 0.6
OCCUPATION_REASON_MIN_CONFIDENCE = 0.4

CEFR_LEVELS = ("A1", "A2", "B1", "B2", "C1", "C2")
WEIGHTS = {
    "occupation": 0.35,
    "semantic": 0.15,
    "skills": 0.15,
    "languages": 0.10,
    "hours": 0.05,
    "start": 0.05,
    "commute": 0.075,
    "couple": 0.075,
}
START_TOLERANCE = timedelta(days=14)

# What each signal check returns: (name, value 0..1, reason, fails a hard filter), or None.
# Per signal of all pairs: (values, present, fails a hard filter).
_Signal = tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]
# A value of None: no signal, only the reason (e.g. a commute that cannot be estimated).
_Outcome = tuple[str, float | None, Reason | None, bool] | None


def cefr_rank(level: str) -> int:
    """Return 1..6 for A1..C2 ('native' and 'C2' count as 6), 0 for anything else."""
    level = level.strip().upper()
    if level in ("NATIVE", "MUTTERSPRACHE"):
        return 6
    return CEFR_LEVELS.index(level) + 1 if level in CEFR_LEVELS else 0


@dataclass(frozen=True)
class LanguageLevel:
    """A language (ISO 639-1 code, e.g. "de") at a CEFR level ("A1".."C2", or "native")."""

    language: str
    level: str


@dataclass(frozen=True)
class HardFilters:
    """Which constraints the partner made strict; strict ones remove results, others only score."""

    languages: bool = False
    hours: bool = False
    start: bool = False
    commute: bool = False
    couple: bool = False


@dataclass(frozen=True)
class Opening:
    """A job opening as the engine sees it.

    `location` is any object with `lat`/`lon` (a :class:`~dualcareer.matching.geo.Place`
    from ``Gazetteer.default().postcode(...)``, or a Point). `occupation_uris`
    are ESCO occupation URIs if the opening was classified already (e.g. by an
    import); otherwise the title is linked to ESCO automatically.
    """

    id: str
    title: str
    description: str = ""
    skills: tuple[str, ...] = ()  # required skills, free text, one per item
    languages: tuple[LanguageLevel, ...] = ()  # required language levels
    hours_per_week: float | None = None
    start: date | None = None
    location: HasCoordinates | None = None
    occupation_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Profile:
    """The accompanying partner's profile (anonymised: no name or contact data is needed).

    `home` is where the couple lives or plans to live; `partner_workplace` is
    the recruited researcher's workplace. Commute limits are one-way minutes.
    """

    id: str
    desired_positions: tuple[str, ...]  # job titles in German or English
    summary: str = ""  # experience and qualifications, free text
    skills: tuple[str, ...] = ()
    languages: tuple[LanguageLevel, ...] = ()
    hours_min: float | None = None
    hours_max: float | None = None
    available_from: date | None = None
    home: HasCoordinates | None = None
    max_commute_minutes: float | None = None
    partner_workplace: HasCoordinates | None = None
    partner_max_commute_minutes: float | None = None
    filters: HardFilters = field(default_factory=HardFilters)


@dataclass(frozen=True)
class MatchResult:
    """One ranked result: the id of the opening (or profile), score 0..1, signals and reasons."""

    id: str
    score: float
    signals: dict[str, float]
    reasons: list[Reason]


class Matcher:
    """Scores profile-opening pairs; both ranking directions share the same pair score."""

    def __init__(
        self,
        linker: OccupationLinker,
        embedder: Embedder | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.linker = linker
        self.embedder = embedder if embedder is not None else linker.embedder
        self.gazetteer = gazetteer

    @classmethod
    def default(cls) -> Matcher:
        """Return the shared matcher with the full ESCO catalogue and the engine's model.

        Built once per process behind a lock: threads that ask while it is
        being built wait for that one build instead of starting their own.
        """
        matcher = _DEFAULT.get("matcher")
        if matcher is None:
            with _DEFAULT_LOCK:
                matcher = _DEFAULT.get("matcher")
                if matcher is None:
                    matcher = _DEFAULT["matcher"] = cls(
                        OccupationLinker.default(), gazetteer=Gazetteer.default()
                    )
        return matcher

    def is_default(self) -> bool:
        """Whether this is the shared matcher of :meth:`default` (without building it)."""
        return _DEFAULT.get("matcher") is self

    # -- public entry points ---------------------------------------------------------------

    def rank_openings(
        self,
        profile: Profile,
        openings: Sequence[Opening],
        *,
        top: int = 50,
        vectors: FloatArray | None = None,
        profile_vector: FloatArray | None = None,
    ) -> list[MatchResult]:
        """Return the best `top` openings for `profile` (hard filters applied), best first.

        `vectors` (one row per opening) and `profile_vector` are the embeddings
        of :meth:`opening_text` and :meth:`profile_text` if the caller stored
        them; whatever is not given is embedded here.
        """
        if not openings:
            return []
        if vectors is None:
            vectors = self._embed([self.opening_text(o) for o in openings])
        if profile_vector is None:
            embedded = self._embed([self.profile_text(profile)])
            profile_vector = embedded[0] if embedded is not None else None
        semantic = _cosines(profile_vector, vectors)
        ids = [o.id for o in openings]
        return self._rank_pairs([profile] * len(openings), list(openings), semantic, ids, top)

    def rank_profiles(
        self,
        opening: Opening,
        profiles: Sequence[Profile],
        *,
        top: int = 50,
        vectors: FloatArray | None = None,
        opening_vector: FloatArray | None = None,
    ) -> list[MatchResult]:
        """Return the best `top` profiles for `opening` (their hard filters applied), best first.

        `vectors` (one row per profile) and `opening_vector` as in :meth:`rank_openings`.
        """
        if not profiles:
            return []
        if vectors is None:
            vectors = self._embed([self.profile_text(p) for p in profiles])
        if opening_vector is None:
            embedded = self._embed([self.opening_text(opening)])
            opening_vector = embedded[0] if embedded is not None else None
        semantic = _cosines(opening_vector, vectors)
        ids = [p.id for p in profiles]
        return self._rank_pairs(list(profiles), [opening] * len(profiles), semantic, ids, top)

    # -- the text that is embedded (the platform stores these embeddings) ----------------------

    @staticmethod
    def opening_text(opening: Opening) -> str:
        """The text of an opening that the engine embeds: title and the start of the description."""
        return " ".join(filter(None, [opening.title, opening.description[:1000]]))

    @staticmethod
    def profile_text(profile: Profile) -> str:
        """The text of a profile that the engine embeds: desired positions and the summary."""
        return " ".join(filter(None, [*profile.desired_positions, profile.summary[:1000]]))

    def embed_texts(self, texts: Sequence[str]) -> FloatArray | None:
        """Embed `texts` with the engine's model (None without a model)."""
        return self._embed(list(texts))

    # -- stored occupation links (the platform stores them with the embeddings) -------------

    @property
    def links_key(self) -> str:
        """Which linker computes this matcher's links (stored links of another key are unusable)."""
        linker = self.linker
        parts = (
            linker.embedder.name if linker.embedder is not None else "-",
            repr(linker.weights),
            str(len(linker.catalog.occupations)),
            str(len(linker._label_text)),
            linker.reranker.fingerprint() if linker.reranker is not None else "-",
        )
        return f"{LINKS_VERSION}:" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]

    def links_for(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        """The top occupation links of each text as (ESCO URI, score): what rankings use."""
        return [
            [(link.occupation.uri, float(link.score)) for link in _cached_links(self.linker, text)]
            for text in texts
        ]

    def unlinked(self, texts: Sequence[str]) -> list[str]:
        """The texts among `texts` whose links this process has not computed or been given."""
        return [text for text in texts if (id(self.linker), text) not in _LINK_CACHE]

    def seed_links(self, pairs: Mapping[str, Sequence[Sequence[Any]]]) -> None:
        """Put links computed earlier by :meth:`links_for` (text -> links) into the link cache.

        Rankings then use them instead of linking those texts again, with
        the same result. Links naming an occupation not in the catalogue are
        ignored (the text is linked again when needed).
        """
        by_uri = self.linker.catalog.by_uri
        occupations = self.linker.catalog.occupations
        for text, links in pairs.items():
            if (id(self.linker), text) in _LINK_CACHE:
                continue
            if any(str(uri) not in by_uri for uri, _ in links):
                continue
            _store_links(
                self.linker,
                text,
                [
                    OccupationLink(
                        occupations[by_uri[str(uri)]], float(score), "", float(score) >= 1.0
                    )
                    for uri, score in links
                ],
            )

    # -- array scoring -----------------------------------------------------------------------

    def score_arrays(
        self,
        profiles: Sequence[Profile],
        openings: Sequence[Opening],
        semantic: npt.NDArray[np.float64] | None = None,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """Return (score, excluded) of the pairs ``(profiles[i], openings[i])`` as arrays.

        The same scores as :meth:`score_pair` (the reference, which also words
        the reasons), computed for all pairs at once: per-object work (links,
        analysed terms, the partner's reach) is done once per distinct object,
        distances as numpy arrays. Scores are rounded like :meth:`score_pair`'s.
        """
        n = len(profiles)
        acc: npt.NDArray[np.float64] = np.zeros(n)
        total: npt.NDArray[np.float64] = np.zeros(n)
        excluded = np.zeros(n, dtype=bool)
        for name, (values, present, fails) in self._signal_arrays(profiles, openings).items():
            acc = acc + np.where(present, WEIGHTS[name] * values, 0.0)
            total = total + np.where(present, WEIGHTS[name], 0.0)
            excluded |= fails
        if semantic is not None:
            similar = np.maximum(0.0, np.minimum(1.0, (semantic - 0.2) / 0.6))
            acc = acc + WEIGHTS["semantic"] * similar
            total = total + WEIGHTS["semantic"]
        raw = acc / np.where(total == 0, 1.0, total)
        score = np.fromiter((round(float(x), 4) for x in raw), dtype=np.float64, count=n)
        return score, excluded

    def _rank_pairs(
        self,
        profiles: list[Profile],
        openings: list[Opening],
        semantic: npt.NDArray[np.float64] | None,
        ids: list[str],
        top: int,
    ) -> list[MatchResult]:
        """Rank the pairs by their array scores; word the reasons of the `top` only."""
        score, excluded = self.score_arrays(profiles, openings, semantic)
        kept = [i for i in range(len(ids)) if not excluded[i]]
        kept.sort(key=lambda i: (-score[i], ids[i]))
        results = []
        for i in kept[:top]:
            result = self.score_pair(
                profiles[i],
                openings[i],
                semantic=float(semantic[i]) if semantic is not None else None,
                result_id=ids[i],
            )
            if result is not None:
                results.append(result)
        results.sort(key=lambda r: (-r.score, r.id))
        return results

    def _signal_arrays(
        self, profiles: Sequence[Profile], openings: Sequence[Opening]
    ) -> dict[str, tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]]:
        """Per signal, in :data:`WEIGHTS` order: (values, present, fails a hard filter)."""
        n = len(profiles)
        out: dict[str, _Signal] = {}
        occupation = self._occupation_array(profiles, openings)
        out["occupation"] = (occupation[0], occupation[1], np.zeros(n, dtype=bool))
        for name, check in (
            ("skills", self._skills_value),
            ("languages", self._languages_value),
            ("hours", self._hours_value),
            ("start", self._start_value),
        ):
            outcomes = [check(p, o) for p, o in zip(profiles, openings, strict=True)]
            out[name] = (
                np.fromiter((x[0] if x else 0.0 for x in outcomes), np.float64, n),
                np.fromiter((x is not None for x in outcomes), np.bool_, n),
                np.fromiter((x[1] if x else False for x in outcomes), np.bool_, n),
            )
        out["commute"] = self._commute_array(profiles, openings)
        out["couple"] = self._couple_array(profiles, openings)
        return out

    def _occupation_array(
        self, profiles: Sequence[Profile], openings: Sequence[Opening]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        if len(openings) > 1 and all(o is openings[0] for o in openings):
            return self._occupation_for_one_opening(profiles, openings[0])
        n = len(profiles)
        values, present = np.zeros(n), np.zeros(n, dtype=bool)
        catalog = self.linker.catalog
        groups: dict[int, list[int]] = {}
        for i, profile in enumerate(profiles):
            if profile.desired_positions:
                groups.setdefault(id(profile), []).append(i)
        for rows in groups.values():
            profile = profiles[rows[0]]
            links = [
                (position, min(1.0, link.score / 1.2), catalog.by_uri[link.occupation.uri])
                for position in profile.desired_positions
                for link in _cached_links(self.linker, position)
            ]
            # One column block per distinct target list of the group's openings.
            blocks: dict[tuple[str, tuple[str, ...]], list[int]] = {}
            for i in rows:
                key = (openings[i].title, openings[i].occupation_uris)
                blocks.setdefault(key, []).append(i)
            targets = [self._targets(openings[members[0]]) for members in blocks.values()]
            bests: list[tuple[float, str, str, float]] = []
            if links and any(len(t[0]) for t in targets):
                conf = np.asarray([c for _, c, _ in links])
                sims = np.stack([self._similarity_row(index) for _, _, index in links])
                t_index = np.concatenate([t[0] for t in targets])
                t_conf = np.concatenate([t[1] for t in targets])
                matrix = (conf[:, None] * t_conf[None, :]) * sims[:, t_index]
                for value, p, column in _block_argmax(matrix, targets):
                    best = (0.0, "", "", 0.0)
                    if value > 0.0:
                        target_index = int(t_index[column])
                        best = (
                            value,
                            links[p][0],
                            catalog.occupations[target_index].uri,
                            float(sims[p, target_index]),
                        )
                    bests.append(best)
            else:
                bests = [(0.0, "", "", 0.0)] * len(blocks)
            for members, best in zip(blocks.values(), bests, strict=True):
                # As _occupation_outcome: a best pair at or below 0.05 counts as none.
                value = best[0] if best[0] > 0.05 else 0.0
                values[members] = value
                present[members] = True
        return values, present

    def _occupation_for_one_opening(
        self, profiles: Sequence[Profile], opening: Opening
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
        """:meth:`_occupation_array` when every pair has the same opening (partners for it).

        The same values, with no per-profile array work: every profile's links
        in one array against the opening's few targets, whose similarity rows
        are the columns (the similarity is symmetric, exactly), the best per
        profile by one ``maximum.at``.
        """
        n = len(profiles)
        values, present = np.zeros(n), np.zeros(n, dtype=bool)
        by_uri = self.linker.catalog.by_uri
        owner: list[int] = []
        conf: list[float] = []
        index: list[int] = []
        for i, profile in enumerate(profiles):
            if not profile.desired_positions:
                continue
            present[i] = True
            for position in profile.desired_positions:
                for link in _cached_links(self.linker, position):
                    owner.append(i)
                    conf.append(min(1.0, link.score / 1.2))
                    index.append(by_uri[link.occupation.uri])
        t_index, t_conf = self._targets(opening)
        if not owner or not len(t_index):
            return values, present
        columns = np.stack([self._similarity_row(int(t)) for t in t_index])[:, index].T
        matrix = (np.asarray(conf)[:, None] * t_conf[None, :]) * columns
        best = np.zeros(n)
        np.maximum.at(best, np.asarray(owner, dtype=np.int64), matrix.max(axis=1))
        # As _occupation_outcome: a best pair at or below 0.05 counts as none.
        values[:] = np.where(best > 0.05, best, 0.0)
        return values, present

    def _targets(self, opening: Opening) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        """The opening's occupations (catalogue indices) with their confidence, as arrays."""
        key = (id(self.linker), opening.title, opening.occupation_uris)
        found = _TARGETS.get(key)
        if found is None:
            found = self._link_targets(opening)
            if len(_TARGETS) > 100_000:
                _TARGETS.clear()
            _TARGETS[key] = found
        return found

    def _link_targets(
        self, opening: Opening
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
        catalog = self.linker.catalog
        targets = [
            (catalog.by_uri[uri], 1.0) for uri in opening.occupation_uris if uri in catalog.by_uri
        ] or [
            (catalog.by_uri[link.occupation.uri], min(1.0, link.score / 1.2))
            for link in _cached_links(self.linker, opening.title)
        ]
        return (
            np.asarray([t[0] for t in targets], dtype=np.int64),
            np.asarray([t[1] for t in targets], dtype=np.float64),
        )

    def _similarity_row(self, index: int) -> npt.NDArray[np.float64]:
        """occupation_similarity of occupation `index` to every occupation (cached, float64)."""
        key = (id(self.linker.catalog), index)
        row = _SIMILARITY_ROWS.get(key)
        if row is None:
            row = occupation_similarity_row(self.linker.catalog, index)
            if len(_SIMILARITY_ROWS) > 5_000:
                _SIMILARITY_ROWS.clear()
            _SIMILARITY_ROWS[key] = row
        return row

    def _skills_value(self, profile: Profile, opening: Opening) -> tuple[float, bool] | None:
        if not opening.skills:
            return None
        have = _profile_terms((*profile.skills, profile.summary, *profile.desired_positions))
        matched = sum(1 for terms in _skill_terms(opening.skills) if terms and terms <= have)
        return matched / len(opening.skills), False

    def _languages_value(self, profile: Profile, opening: Opening) -> tuple[float, bool] | None:
        if not opening.languages:
            return None
        value, fail = _language_credit(profile.languages, opening.languages)
        return value, fail and profile.filters.languages

    def _hours_value(self, profile: Profile, opening: Opening) -> tuple[float, bool] | None:
        if opening.hours_per_week is None or (
            profile.hours_min is None and profile.hours_max is None
        ):
            return None
        low = profile.hours_min if profile.hours_min is not None else 0.0
        high = profile.hours_max if profile.hours_max is not None else 60.0
        hours = opening.hours_per_week
        gap = max(low - hours, hours - high, 0.0)
        return max(0.0, 1.0 - gap / 10.0), gap != 0 and profile.filters.hours

    def _start_value(self, profile: Profile, opening: Opening) -> tuple[float, bool] | None:
        if opening.start is None or profile.available_from is None:
            return None
        if opening.start + START_TOLERANCE >= profile.available_from:
            return 1.0, False
        early = (profile.available_from - opening.start).days
        return max(0.0, 1.0 - early / 90.0), profile.filters.start

    def _commute_array(
        self, profiles: Sequence[Profile], openings: Sequence[Opening]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        n = len(profiles)
        values, present, fails = np.zeros(n), np.zeros(n, bool), np.zeros(n, bool)
        rows = [
            i for i in range(n) if profiles[i].home is not None and openings[i].location is not None
        ]
        if not rows:
            return values, present, fails
        homes = [profiles[i].home for i in rows]
        places = [openings[i].location for i in rows]
        minutes = minutes_for_km(
            haversine_pairs(
                np.asarray([h.lat for h in homes if h is not None]),
                np.asarray([h.lon for h in homes if h is not None]),
                np.asarray([p.lat for p in places if p is not None]),
                np.asarray([p.lon for p in places if p is not None]),
            )
        )
        limit = np.asarray([profiles[i].max_commute_minutes or 45.0 for i in rows])
        values[rows] = np.maximum(0.0, np.minimum(1.0, 1.0 - (minutes - limit * 0.5) / limit))
        present[rows] = True
        strict = np.asarray([profiles[i].filters.commute for i in rows], dtype=bool)
        fails[rows] = (minutes > limit) & strict
        return values, present, fails

    def _couple_array(
        self, profiles: Sequence[Profile], openings: Sequence[Opening]
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        n = len(profiles)
        values, present, fails = np.zeros(n), np.zeros(n, bool), np.zeros(n, bool)
        for i in range(n):
            profile, location = profiles[i], openings[i].location
            if (
                profile.partner_workplace is None
                or location is None
                or profile.max_commute_minutes is None
                or profile.partner_max_commute_minutes is None
            ):
                continue
            best = best_shared_home(
                location,
                profile.partner_workplace,
                limit_a=profile.max_commute_minutes,
                limit_b=profile.partner_max_commute_minutes,
                gazetteer=self.gazetteer,
            )
            present[i] = True
            if best is None:
                fails[i] = profile.filters.couple
            else:
                values[i] = 1.0 - 0.5 * best[3]
        return values, present, fails

    def score_pair(
        self,
        profile: Profile,
        opening: Opening,
        *,
        semantic: float | None = None,
        result_id: str | None = None,
    ) -> MatchResult | None:
        """Return the pair's score with reasons, or None if a hard filter excludes it."""
        signals: dict[str, float] = {}
        reasons: list[Reason] = []
        excluded = False
        for check in (
            self._occupation,
            self._skills,
            self._languages,
            self._hours,
            self._start,
            self._commute,
            self._couple,
        ):
            outcome = check(profile, opening)
            if outcome is None:
                continue
            name, value, reason, strict_fail = outcome
            if value is not None:
                signals[name] = value
            if reason is not None:
                reasons.append(reason)
            excluded = excluded or strict_fail
        if excluded:
            return None
        if semantic is not None:
            signals["semantic"] = max(0.0, min(1.0, (semantic - 0.2) / 0.6))
            if signals["semantic"] >= 0.6:
                reasons.append(Reason("semantic.similar", {}, "plus"))
        total = sum(WEIGHTS[name] for name in signals)
        score = sum(WEIGHTS[name] * value for name, value in signals.items()) / (total or 1.0)
        # Strongest evidence first: plus reasons before minus, then by signal weight.
        order = {"plus": 0, "minus": 1, "neutral": 2}
        reasons.sort(key=lambda r: order[r.effect])
        return MatchResult(
            id=result_id or opening.id, score=round(score, 4), signals=signals, reasons=reasons
        )

    # -- signals: each returns (name, value 0..1, reason, fails a hard filter) or None -------

    def _occupation(self, profile: Profile, opening: Opening) -> _Outcome:
        if not profile.desired_positions:
            return None
        catalog = self.linker.catalog
        targets = [
            (catalog.by_uri[uri], 1.0) for uri in opening.occupation_uris if uri in catalog.by_uri
        ] or [
            (catalog.by_uri[link.occupation.uri], min(1.0, link.score / 1.2))
            for link in _cached_links(self.linker, opening.title)
        ]
        best = (0.0, "", "", 0.0)
        for position in profile.desired_positions:
            for link in _cached_links(self.linker, position):
                conf = min(1.0, link.score / 1.2)
                sims = self._similarity_row(catalog.by_uri[link.occupation.uri])
                for index, target_conf in targets:
                    target = catalog.occupations[index]
                    sim = float(sims[index])  # occupation_similarity(link.occupation, target)
                    value = conf * target_conf * sim
                    if value > best[0]:
                        best = (value, position, target.uri, sim)
        return self._occupation_outcome(*best)

    def _occupation_outcome(
        self, value: float, position: str, occupation_uri: str, sim: float
    ) -> tuple[str, float, Reason | None, bool]:
        """The occupation signal and its reason from the best pair of occupations found.

        A reason is given only when the occupations are really close: the same
        occupation, ESCO relatives, or the same ISCO unit group
        (:data:`GROUP_REASON_MIN_SIMILARITY`), and only when both texts were
        linked to their occupations with some confidence
        (:data:`OCCUPATION_REASON_MIN_CONFIDENCE`). A looser relation still
        counts in the score, but no reader is told "same occupation group as
        … (rail project engineer)" for a life-sciences manager. The ESCO label
        is given in both languages so that each reader gets their own.
        """
        if value <= 0.05:
            return "occupation", 0.0, Reason("occupation.none", {}, "minus"), False
        if sim < GROUP_REASON_MIN_SIMILARITY or value / sim < OCCUPATION_REASON_MIN_CONFIDENCE:
            return "occupation", value, None, False
        code = (
            "occupation.same"
            if sim >= 1.0
            else "occupation.close"
            if sim >= 0.7
            else "occupation.group"
        )
        target = self.linker.catalog[occupation_uri]
        params: dict[str, ParamValue] = {
            "position": position,
            "occupation": _title(target, _lang(position)),
            "occupation_de": _title(target, "de"),
            "occupation_en": _title(target, "en"),
        }
        return "occupation", value, Reason(code, params, "plus"), False

    def _skills(self, profile: Profile, opening: Opening) -> _Outcome:
        if not opening.skills:
            return None
        have = _profile_terms((*profile.skills, profile.summary, *profile.desired_positions))
        matched = [
            skill
            for skill, terms in zip(opening.skills, _skill_terms(opening.skills), strict=True)
            if terms and terms <= have
        ]
        value = len(matched) / len(opening.skills)
        if matched:
            params: dict[str, ParamValue] = {
                "count": len(matched),
                "total": len(opening.skills),
                "skills": ", ".join(matched[:3]),
            }
            return "skills", value, Reason("skills.matched", params, "plus"), False
        reason = Reason("skills.none", {"total": len(opening.skills)}, "minus")
        return "skills", 0.0, reason, False

    def _languages(self, profile: Profile, opening: Opening) -> _Outcome:
        if not opening.languages:
            return None
        levels = {s.language: cefr_rank(s.level) for s in profile.languages}
        credits, worst, fail = [], None, False
        for requirement in opening.languages:
            required = cefr_rank(requirement.level)
            have = levels.get(requirement.language, 0)
            credit = 1.0 if have >= required else 0.5 if have == required - 1 else 0.0
            credits.append(credit)
            if have < required and (worst is None or credit < worst[0]):
                worst = (credit, requirement, have)
            fail = fail or have < required
        value = sum(credits) / len(credits)
        if worst is None:
            req = max(opening.languages, key=lambda r: cefr_rank(r.level))
            params = {
                "language": req.language,
                "required": req.level.upper(),
                "have": _level_name(levels.get(req.language, 0)),
            }
            return "languages", value, Reason("language.met", params, "plus"), False
        _, req, have_rank = worst
        params = {
            "language": req.language,
            "required": req.level.upper(),
            "have": _level_name(have_rank),
        }
        reason = Reason("language.missing", params, "minus")
        return "languages", value, reason, fail and profile.filters.languages

    def _hours(self, profile: Profile, opening: Opening) -> _Outcome:
        if opening.hours_per_week is None or (
            profile.hours_min is None and profile.hours_max is None
        ):
            return None
        low = profile.hours_min if profile.hours_min is not None else 0.0
        high = profile.hours_max if profile.hours_max is not None else 60.0
        hours = opening.hours_per_week
        gap = max(low - hours, hours - high, 0.0)
        value = max(0.0, 1.0 - gap / 10.0)
        params = {"hours": _num(hours), "low": _num(low), "high": _num(high)}
        if gap == 0:
            return "hours", value, Reason("hours.fits", params, "plus"), False
        return "hours", value, Reason("hours.outside", params, "minus"), profile.filters.hours

    def _start(self, profile: Profile, opening: Opening) -> _Outcome:
        if opening.start is None or profile.available_from is None:
            return None
        early = (profile.available_from - opening.start).days
        params = {
            "start": opening.start.isoformat(),
            "available": profile.available_from.isoformat(),
        }
        if opening.start + START_TOLERANCE >= profile.available_from:
            return "start", 1.0, Reason("start.fits", params, "plus"), False
        value = max(0.0, 1.0 - early / 90.0)
        return "start", value, Reason("start.too_early", params, "minus"), profile.filters.start

    def _commute(self, profile: Profile, opening: Opening) -> _Outcome:
        if profile.home is not None and opening.location is None:
            # A place of work without coordinates (e.g. abroad, not in the gazetteer):
            # no commute signal, and the reader is told it is unknown.
            return "commute", None, Reason("commute.unknown", {}, "neutral"), False
        if profile.home is None or opening.location is None:
            return None
        minutes = commute_minutes(profile.home, opening.location)
        limit = profile.max_commute_minutes or 45.0
        value = max(0.0, min(1.0, 1.0 - (minutes - limit * 0.5) / limit))
        params: dict[str, str | int | float] = {"minutes": round(minutes)}
        if minutes <= limit:
            return "commute", value, Reason("commute.within", params, "plus"), False
        params["limit"] = round(limit)
        reason = Reason("commute.too_far", params, "minus")
        return "commute", value, reason, profile.filters.commute

    def _couple(self, profile: Profile, opening: Opening) -> _Outcome:
        if (
            profile.partner_workplace is None
            or opening.location is None
            or profile.max_commute_minutes is None
            or profile.partner_max_commute_minutes is None
        ):
            return None
        best = best_shared_home(
            opening.location,
            profile.partner_workplace,
            limit_a=profile.max_commute_minutes,
            limit_b=profile.partner_max_commute_minutes,
            gazetteer=self.gazetteer,
        )
        if best is None:
            params = {
                "limit_self": round(profile.max_commute_minutes),
                "limit_partner": round(profile.partner_max_commute_minutes),
            }
            reason = Reason("couple.no_home", params, "minus")
            return "couple", 0.0, reason, profile.filters.couple
        district, minutes_self, minutes_partner, load = best
        shared: dict[str, ParamValue] = {
            "district": district,
            "minutes_self": round(minutes_self),
            "minutes_partner": round(minutes_partner),
        }
        return "couple", 1.0 - 0.5 * load, Reason("couple.home_exists", shared, "plus"), False

    # -- helpers ---------------------------------------------------------------------------

    def _embed(self, texts: list[str]) -> FloatArray | None:
        return self.embedder.embed(texts) if self.embedder is not None and texts else None


def _cosines(
    query: FloatArray | None, vectors: FloatArray | None
) -> npt.NDArray[np.float64] | None:
    """Cosines (inner products of unit vectors) of `query` with each row, as float64."""
    if query is None or vectors is None:
        return None
    matrix = np.asarray(vectors, dtype=np.float32)
    return (matrix @ np.asarray(query, dtype=np.float32)).astype(np.float64)


def best_shared_home(
    work_a: HasCoordinates,
    work_b: HasCoordinates,
    *,
    limit_a: float,
    limit_b: float,
    gazetteer: Gazetteer | None = None,
) -> tuple[str, float, float, float] | None:
    """Return (district name, minutes to A, minutes to B, load 0..1) of the best home, or None.

    The load is the larger share of a commute limit used; the best home has the
    smallest. This is the fast check behind the "couple" signal;
    :func:`dualcareer.matching.geo.couple_homes` ranks whole districts.

    Only the postcodes within B's limit can be homes (:meth:`Gazetteer.reach`,
    precomputed once per workplace and limit); answers are cached per pair of
    places and limits, since openings and workplaces repeat.
    """
    gazetteer = gazetteer or Gazetteer.default()
    key = (id(gazetteer), work_a.lat, work_a.lon, work_b.lat, work_b.lon, limit_a, limit_b)
    if key in _HOME_CACHE:
        return _HOME_CACHE[key]
    best = _best_shared_home(work_a, work_b, limit_a=limit_a, limit_b=limit_b, gazetteer=gazetteer)
    if len(_HOME_CACHE) > 200_000:
        _HOME_CACHE.clear()
    _HOME_CACHE[key] = best
    return best


def _best_shared_home(
    work_a: HasCoordinates,
    work_b: HasCoordinates,
    *,
    limit_a: float,
    limit_b: float,
    gazetteer: Gazetteer,
) -> tuple[str, float, float, float] | None:
    # A shared home needs the workplaces within reach of each other at all.
    if commute_minutes(work_a, work_b) > 2 * max(limit_a, limit_b) + 10:
        return None
    rows, minutes_b = gazetteer.reach(work_b, limit_b)
    if not len(rows):
        return None
    codes, lats, lons, _ = gazetteer.postcode_arrays()
    minutes_a = minutes_for_km(_haversine(work_a.lat, work_a.lon, lats[rows], lons[rows]))
    load = np.maximum(minutes_a / limit_a, minutes_b / limit_b)
    i = int(np.argmin(load))
    if load[i] > 1.0:
        return None
    place = gazetteer.postcode(codes[rows[i]])
    name = f"{place.name} ({place.postcode})" if place is not None else codes[rows[i]]
    return name, float(minutes_a[i]), float(minutes_b[i]), float(load[i])


_DEFAULT: dict[str, Matcher] = {}
_DEFAULT_LOCK = threading.Lock()
_HOME_CACHE: dict[tuple[int, float, float, float, float, float, float], Any] = {}
_SIMILARITY_ROWS: dict[tuple[int, int], npt.NDArray[np.float64]] = {}
_TARGETS: dict[tuple[int, str, tuple[str, ...]], Any] = {}


def _block_argmax(
    matrix: npt.NDArray[np.float64], blocks: Sequence[tuple[npt.NDArray[np.int64], Any]]
) -> list[tuple[float, int, int]]:
    """Per column block of `matrix` (links x targets): (max, row, column) of its first maximum.

    "First" in the order of a loop over rows, then columns (the reference's
    order, which keeps the first pair of a tie). An empty block gives (0.0, 0, 0).
    """
    widths = np.asarray([len(b[0]) for b in blocks], dtype=np.int64)
    out = [(0.0, 0, 0)] * len(blocks)
    nonempty = np.flatnonzero(widths)
    if not len(nonempty):
        return out
    col_max = matrix.max(axis=0)
    col_arg = matrix.argmax(axis=0)  # first row with the column's maximum
    offsets = np.concatenate([[0], np.cumsum(widths)[:-1]])
    starts = offsets[nonempty]
    block_max = np.maximum.reduceat(col_max, starts)
    owner = np.repeat(np.arange(len(nonempty)), widths[nonempty])
    local = np.arange(matrix.shape[1]) - starts[owner]
    stride = int(widths.max()) + 1
    key = np.where(col_max == block_max[owner], col_arg * stride + local, np.iinfo(np.int64).max)
    first = np.minimum.reduceat(key, starts)
    for j, block in enumerate(nonempty):
        row, column = divmod(int(first[j]), stride)
        out[int(block)] = (float(block_max[j]), row, int(starts[j]) + column)
    return out


@lru_cache(maxsize=4096)
def _profile_terms(texts: tuple[str, ...]) -> frozenset[str]:
    """Analysed terms of a profile's texts in every language (the skills check's haystack)."""
    have: set[str] = set()
    for text in texts:
        for text_lang in LANGUAGES:
            have.update(analyse(text, text_lang))
    return frozenset(have)


@lru_cache(maxsize=65_536)
def _skill_terms(skills: tuple[str, ...]) -> tuple[frozenset[str], ...]:
    """Analysed terms of each required skill, in the skill's own language."""
    return tuple(
        frozenset(analyse(skill, detect_language(skill), split_compounds=False)) for skill in skills
    )


_LINK_CACHE: dict[tuple[int, str], list[OccupationLink]] = {}
# Bump when linking changes in a way the key below does not see (stored links are then redone).
LINKS_VERSION = "links-1"


def _cached_links(linker: OccupationLinker, text: str) -> list[OccupationLink]:
    """Return the top 5 occupation links of `text`, cached (titles repeat a lot)."""
    key = (id(linker), text)
    links = _LINK_CACHE.get(key)
    if links is None:
        links = linker.link(text, top=5)
        _store_links(linker, text, links)
    return links


def _store_links(linker: OccupationLinker, text: str, links: list[OccupationLink]) -> None:
    if len(_LINK_CACHE) > 50_000:
        _LINK_CACHE.clear()
    _LINK_CACHE[(id(linker), text)] = links


@lru_cache(maxsize=65_536)
def _language_credit(
    have_levels: tuple[LanguageLevel, ...], required_levels: tuple[LanguageLevel, ...]
) -> tuple[float, bool]:
    """The languages signal's value and whether a requirement is not met (see ``_languages``)."""
    levels = {s.language: cefr_rank(s.level) for s in have_levels}
    credits, fail = [], False
    for requirement in required_levels:
        required = cefr_rank(requirement.level)
        have = levels.get(requirement.language, 0)
        credits.append(1.0 if have >= required else 0.5 if have == required - 1 else 0.0)
        fail = fail or have < required
    return sum(credits) / len(credits), fail


_TITLES: dict[tuple[str, str], str] = {}


def _title(occupation: Occupation, lang: str) -> str:
    """``occupation.title(lang)``, cached (normalising a German label is not free)."""
    key = (occupation.uri, lang)
    title = _TITLES.get(key)
    if title is None:
        title = _TITLES[key] = occupation.title(lang)
    return title


@lru_cache(maxsize=65_536)
def _lang(text: str) -> str:
    return detect_language(text)


def _level_name(rank: int) -> str:
    return CEFR_LEVELS[rank - 1] if rank > 0 else "none"


def _num(value: float) -> int | float:
    return int(value) if math.isclose(value, round(value)) else round(value, 1)
