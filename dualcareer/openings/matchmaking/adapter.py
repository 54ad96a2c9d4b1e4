"""The one adapter between Django models and the matching engine (`dualcareer.matching`).

It turns `Opening` and `PartnerProfile` instances into the engine's plain
dataclasses and calls its ranking; the engine itself imports nothing from
Django. Only professional fields of a profile reach the engine (never the
name, contact, birth date, gender, nationality or address), so the result
can be shown to employers as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

from dualcareer.matching import score as engine
from dualcareer.matching.explain import Audience, render_all
from dualcareer.matching.geo import Gazetteer, Point, minutes_for_km
from dualcareer.openings.matchmaking import index as matching_index

# An opening lists the languages it requires but not the level: "working
# knowledge" (B2) is what German job advertisements mean by "gute Kenntnisse".
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
_SPLIT = re.compile(r"[,;\n]+")


def _items(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in _SPLIT.split(text or "") if part.strip())


def opening_to_engine(opening: Any) -> engine.Opening:
    """The engine's view of an opening: title, text, languages, hours, start, first place."""
    places = list(opening.places.all())
    located = next((p for p in places if p.latitude is not None and p.longitude is not None), None)
    return engine.Opening(
        id=str(opening.public_id),
        title=opening.title_de or opening.title_en,
        description=opening.description_de or opening.description_en,
        languages=tuple(
            engine.LanguageLevel(code, REQUIRED_LEVEL) for code in opening.language_list
        ),
        hours_per_week=float(opening.hours_per_week) if opening.hours_per_week else None,
        start=opening.start_date,
        location=Point(located.latitude, located.longitude) if located else None,
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
    """One ranked item with its score (0..1) and the reasons in the active language."""

    item: Any
    score: float
    reasons: list[str]

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _language() -> str:
    return "en" if get_language() == "en" else "de"


def _matcher(matcher: Any | None) -> Any:
    return matcher if matcher is not None else engine.Matcher.default()


def rank_openings(
    profile: Any,
    openings: Sequence[Any],
    *,
    audience: Audience = "partner",
    top: int = 20,
    matcher: Any | None = None,
) -> list[Ranked]:
    """Rank `openings` (already scoped to the reader) for a partner profile, best first.

    `audience` is who reads the reasons: the partner ("you") or their officer.
    """
    if not openings:
        return []
    by_id = {str(o.public_id): o for o in openings}
    results = _matcher(matcher).rank_openings(
        profile_to_engine(profile, result_id="profile"),
        [opening_to_engine(o) for o in openings],
        top=top,
    )
    language = _language()
    return [
        Ranked(by_id[r.id], r.score, render_all(r.reasons, language, audience)) for r in results
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
    profile in the process's vector index of all live openings
    (:mod:`dualcareer.openings.matchmaking.index`); the engine re-ranks them with
    every signal, reusing their stored vectors. Without a usable index the
    candidates are the newest :data:`FALLBACK_CANDIDATES` openings of `visible`.
    """
    base = _matcher(matcher)
    query_text = engine.Matcher._profile_text(profile_to_engine(profile, result_id="profile"))
    found = matching_index.preselect(visible, query_text, k=candidates)
    if found is None:
        openings = list(visible.order_by("-published_at")[:FALLBACK_CANDIDATES])
        return rank_openings(profile, openings, audience=audience, top=top, matcher=base)
    openings, known = found
    reusing = engine.Matcher(
        base.linker,
        embedder=matching_index.precomputed(base.embedder, known),
        gazetteer=base.gazetteer,
    )
    return rank_openings(profile, openings, audience=audience, top=top, matcher=reusing)


def rank_profiles(
    opening: Any, profiles: Sequence[Any], *, top: int = 20, matcher: Any | None = None
) -> list[Ranked]:
    """Rank partner profiles (already consent-checked) for an opening, best first.

    The reasons are worded for the employer and leave out the couple's household.
    """
    if not profiles:
        return []
    by_id = {str(index): profile for index, profile in enumerate(profiles)}
    results = _matcher(matcher).rank_profiles(
        opening_to_engine(opening),
        [profile_to_engine(p, result_id=key) for key, p in by_id.items()],
        top=top,
    )
    language = _language()
    return [
        Ranked(by_id[r.id], r.score, render_all(r.reasons, language, "employer")) for r in results
    ]
