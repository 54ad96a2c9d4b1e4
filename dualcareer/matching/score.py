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

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import numpy as np

from dualcareer.matching.explain import ParamValue, Reason
from dualcareer.matching.geo import (
    Gazetteer,
    HasCoordinates,
    _haversine,
    commute_minutes,
    minutes_for_km,
)
from dualcareer.matching.occupations import (
    LANGUAGES,
    OccupationLink,
    OccupationLinker,
    occupation_similarity,
)
from dualcareer.matching.texts import analyse, detect_language
from dualcareer.matching.vectors import Embedder

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
_Outcome = tuple[str, float, Reason | None, bool] | None


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
    @lru_cache(maxsize=1)
    def default(cls) -> Matcher:
        """Return the shared matcher with the full ESCO catalogue and the engine's model."""
        return cls(OccupationLinker.default())

    # -- public entry points ---------------------------------------------------------------

    def rank_openings(
        self, profile: Profile, openings: Sequence[Opening], *, top: int = 50
    ) -> list[MatchResult]:
        """Return the best `top` openings for `profile` (hard filters applied), best first."""
        vectors = self._embed([self._opening_text(o) for o in openings])
        profile_vector = self._embed([self._profile_text(profile)])
        results = []
        for i, opening in enumerate(openings):
            result = self.score_pair(
                profile,
                opening,
                semantic=self._cosine(profile_vector, vectors, 0, i),
                result_id=opening.id,
            )
            if result is not None:
                results.append(result)
        results.sort(key=lambda r: (-r.score, r.id))
        return results[:top]

    def rank_profiles(
        self, opening: Opening, profiles: Sequence[Profile], *, top: int = 50
    ) -> list[MatchResult]:
        """Return the best `top` profiles for `opening` (their hard filters applied), best first."""
        vectors = self._embed([self._profile_text(p) for p in profiles])
        opening_vector = self._embed([self._opening_text(opening)])
        results = []
        for i, profile in enumerate(profiles):
            result = self.score_pair(
                profile,
                opening,
                semantic=self._cosine(opening_vector, vectors, 0, i),
                result_id=profile.id,
            )
            if result is not None:
                results.append(result)
        results.sort(key=lambda r: (-r.score, r.id))
        return results[:top]

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
                for index, target_conf in targets:
                    target = catalog.occupations[index]
                    sim = occupation_similarity(link.occupation, target)
                    value = conf * target_conf * sim
                    if value > best[0]:
                        best = (value, position, target.title(_lang(position)), sim)
        value, position, occupation, sim = best
        if value <= 0.05:
            return "occupation", 0.0, Reason("occupation.none", {}, "minus"), False
        code = (
            "occupation.same"
            if sim >= 1.0
            else "occupation.close"
            if sim >= 0.7
            else "occupation.group"
        )
        params = {"position": position, "occupation": occupation}
        return "occupation", value, Reason(code, params, "plus" if sim >= 0.5 else "neutral"), False

    def _skills(self, profile: Profile, opening: Opening) -> _Outcome:
        if not opening.skills:
            return None
        have: set[str] = set()
        for text in (*profile.skills, profile.summary, *profile.desired_positions):
            for text_lang in LANGUAGES:
                have.update(analyse(text, text_lang))
        matched = []
        for skill in opening.skills:
            lang = detect_language(skill)
            terms = set(analyse(skill, lang, split_compounds=False))
            if terms and terms <= have:
                matched.append(skill)
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

    @staticmethod
    def _opening_text(opening: Opening) -> str:
        return " ".join(filter(None, [opening.title, opening.description[:1000]]))

    @staticmethod
    def _profile_text(profile: Profile) -> str:
        return " ".join(filter(None, [*profile.desired_positions, profile.summary[:1000]]))

    def _embed(self, texts: list[str]) -> np.ndarray | None:
        return self.embedder.embed(texts) if self.embedder is not None and texts else None

    @staticmethod
    def _cosine(a: np.ndarray | None, b: np.ndarray | None, i: int, j: int) -> float | None:
        if a is None or b is None:
            return None
        return float(a[i] @ b[j])


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
    """
    gazetteer = gazetteer or Gazetteer.default()
    # A shared home needs the workplaces within reach of each other at all.
    if commute_minutes(work_a, work_b) > 2 * max(limit_a, limit_b) + 10:
        return None
    codes, lats, lons, _ = gazetteer.postcode_arrays()
    minutes_a = minutes_for_km(_haversine(work_a.lat, work_a.lon, lats, lons))
    minutes_b = minutes_for_km(_haversine(work_b.lat, work_b.lon, lats, lons))
    load = np.maximum(minutes_a / limit_a, minutes_b / limit_b)
    i = int(np.argmin(load))
    if load[i] > 1.0:
        return None
    place = gazetteer.postcode(codes[i])
    name = f"{place.name} ({place.postcode})" if place is not None else codes[i]
    return name, float(minutes_a[i]), float(minutes_b[i]), float(load[i])


_LINK_CACHE: dict[tuple[int, str], list[OccupationLink]] = {}


def _cached_links(linker: OccupationLinker, text: str) -> list[OccupationLink]:
    """Return the top 5 occupation links of `text`, cached (titles repeat a lot)."""
    key = (id(linker), text)
    links = _LINK_CACHE.get(key)
    if links is None:
        links = linker.link(text, top=5)
        if len(_LINK_CACHE) > 50_000:
            _LINK_CACHE.clear()
        _LINK_CACHE[key] = links
    return links


def _lang(text: str) -> str:
    return detect_language(text)


def _level_name(rank: int) -> str:
    return CEFR_LEVELS[rank - 1] if rank > 0 else "none"


def _num(value: float) -> int | float:
    return int(value) if math.isclose(value, round(value)) else round(value, 1)
