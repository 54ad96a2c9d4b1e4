from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dualcareer.matching.explain import render_all
from dualcareer.matching.geo import Gazetteer, Place
from dualcareer.matching.occupations import OccupationLinker
from dualcareer.matching.score import (
    HardFilters,
    LanguageLevel,
    Matcher,
    Opening,
    Profile,
    cefr_rank,
)


@pytest.fixture(scope="module")
def matcher(linker: OccupationLinker) -> Matcher:
    return Matcher(linker)


def _at(code: str) -> Place:
    place = Gazetteer.default().postcode(code)
    assert place is not None
    return place


@pytest.fixture
def profile() -> Profile:
    return Profile(
        id="p1",
        desired_positions=("Softwareentwicklerin, Schwerpunkt Python",),
        summary="Fünf Jahre Backend-Entwicklung mit Python und SQL.",
        skills=("Python", "SQL"),
        languages=(LanguageLevel("de", "B2"), LanguageLevel("en", "C1")),
        hours_min=30,
        hours_max=40,
        available_from=date(2026, 3, 1),
        home=_at("44801"),
        max_commute_minutes=45,
        partner_workplace=_at("44227"),
        partner_max_commute_minutes=45,
    )


def _opening(**changes: object) -> Opening:
    base = Opening(
        id="dev",
        title="Software Engineer (m/w/d)",
        description="Backend development in Python",
        skills=("Python", "Kubernetes"),
        languages=(LanguageLevel("de", "C1"),),
        hours_per_week=40,
        start=date(2026, 4, 1),
        location=_at("45127"),
    )
    return replace(base, **changes)


def test_matching_occupation_ranks_first_with_reasons(matcher: Matcher, profile: Profile) -> None:
    openings = [_opening(), _opening(id="care", title="Altenpfleger/in", skills=(), description="")]
    results = matcher.rank_openings(profile, openings)
    assert [r.id for r in results] == ["dev", "care"]
    codes = [r.code for r in results[0].reasons]
    assert "occupation.same" in codes
    assert "language.missing" in codes
    english = render_all(results[0].reasons, "en")
    assert "requires German C1, you have B2" in english
    assert any(s.startswith("you could both live in") for s in english)


def test_hard_language_filter_removes_opening(matcher: Matcher, profile: Profile) -> None:
    strict = replace(profile, filters=HardFilters(languages=True))
    assert matcher.rank_openings(strict, [_opening()]) == []
    met = _opening(languages=(LanguageLevel("de", "B1"),))
    assert [r.id for r in matcher.rank_openings(strict, [met])] == ["dev"]


def test_far_opening_scores_lower_and_couple_filter_drops_it(
    matcher: Matcher, profile: Profile
) -> None:
    near, far = _opening(id="essen"), _opening(id="munich", location=_at("80331"))
    scores = {r.id: r.score for r in matcher.rank_openings(profile, [near, far])}
    assert scores["essen"] > scores["munich"]
    strict = replace(profile, filters=HardFilters(couple=True))
    assert [r.id for r in matcher.rank_openings(strict, [near, far])] == ["essen"]


def test_partners_for_an_opening_use_the_same_score(matcher: Matcher, profile: Profile) -> None:
    baker = replace(profile, id="p2", desired_positions=("Bäcker",), skills=(), summary="")
    results = matcher.rank_profiles(_opening(), [baker, profile])
    assert [r.id for r in results] == ["p1", "p2"]
    direct = matcher.rank_openings(profile, [_opening()])[0]
    assert results[0].score == pytest.approx(direct.score)


def test_working_time_and_start_date_reasons(matcher: Matcher, profile: Profile) -> None:
    early = _opening(hours_per_week=20, start=date(2026, 1, 1))
    result = matcher.rank_openings(profile, [early])[0]
    codes = {r.code for r in result.reasons}
    assert {"hours.outside", "start.too_early"} <= codes
    assert result.signals["hours"] < 1.0


def test_cefr_levels() -> None:
    assert cefr_rank("c1") == 5
    assert cefr_rank("native") == 6
    assert cefr_rank("fluent") == 0
