"""Array scoring (``Matcher.score_arrays``, used by both rankings) equals pair scoring.

``Matcher.score_pair`` is the reference: it scores one pair at a time and
words the reasons. The rankings score all candidates as arrays and word the
reasons of the best only; on a varied fixture both must give the same order,
the same scores and the same reasons.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from dualcareer.matching.geo import Gazetteer, Place, Point
from dualcareer.matching.occupations import OccupationLinker
from dualcareer.matching.score import (
    HardFilters,
    LanguageLevel,
    Matcher,
    MatchResult,
    Opening,
    Profile,
    best_shared_home,
)

TITLES = (
    "Softwareentwickler (m/w/d)",
    "Software Engineer",
    "Data Scientist",
    "Altenpfleger/in",
    "Bäckerin",
    "Lehrkraft für Mathematik",
    "Projektmanagerin",
    "Buchhalter",
    "Laboratory technician",
    "Elektroniker für Betriebstechnik",
    "Verwaltungsfachangestellte",
    "Marketing Manager",
    "Sachbearbeiter Personal",
    "",
)
POSTCODES = ("44801", "44227", "45127", "47051", "42103", "80331", "20095", "58452", "59065")
SKILLS = ("Python", "SQL", "Kubernetes", "Buchhaltung", "Pflege", "Excel", "Teamfähigkeit")


@pytest.fixture(scope="module")
def matcher(linker: OccupationLinker) -> Matcher:
    return Matcher(linker)


def _at(code: str) -> Place:
    place = Gazetteer.default().postcode(code)
    assert place is not None
    return place


def _openings(n: int, rng: random.Random) -> list[Opening]:
    out = []
    for i in range(n):
        out.append(
            Opening(
                id=f"o{i:03d}",
                title=rng.choice(TITLES),
                description="Wir suchen Verstärkung im Team.",
                skills=tuple(rng.sample(SKILLS, rng.randrange(0, 3))),
                languages=tuple(
                    LanguageLevel(lang, rng.choice(("B1", "B2", "C1", "C2")))
                    for lang in rng.sample(("de", "en", "fr"), rng.randrange(0, 3))
                ),
                hours_per_week=rng.choice((None, 20.0, 30.0, 39.5, 40.0)),
                start=rng.choice((None, date(2026, 1, 1) + timedelta(days=rng.randrange(200)))),
                location=rng.choice((None, _at(rng.choice(POSTCODES)), Point(48.21, 16.37))),
                occupation_uris=(),
            )
        )
    return out


def _profile(pid: str, rng: random.Random, filters: HardFilters) -> Profile:
    return Profile(
        id=pid,
        desired_positions=tuple(rng.sample(TITLES[:-1], rng.randrange(0, 3))),
        summary=rng.choice(("", "Fünf Jahre Erfahrung mit Python, SQL und Excel.")),
        skills=tuple(rng.sample(SKILLS, rng.randrange(0, 4))),
        languages=(LanguageLevel("de", rng.choice(("B1", "C1"))), LanguageLevel("en", "B2")),
        hours_min=rng.choice((None, 20.0, 30.0)),
        hours_max=rng.choice((None, 40.0)),
        available_from=rng.choice((None, date(2026, 3, 1))),
        home=rng.choice((None, _at("44801"), _at("45127"))),
        max_commute_minutes=rng.choice((None, 30.0, 45.0, 60.0)),
        partner_workplace=rng.choice((None, _at("44227"))),
        partner_max_commute_minutes=rng.choice((None, 45.0)),
        filters=filters,
    )


def _reference(
    matcher: Matcher,
    pairs: list[tuple[Profile, Opening, str]],
    semantic: np.ndarray | None,
    top: int,
) -> list[MatchResult]:
    """The ranking as it was computed before: every pair through score_pair, then sorted."""
    results = []
    for i, (profile, opening, result_id) in enumerate(pairs):
        cosine = float(semantic[i]) if semantic is not None else None
        result = matcher.score_pair(profile, opening, semantic=cosine, result_id=result_id)
        if result is not None:
            results.append(result)
    results.sort(key=lambda r: (-r.score, r.id))
    return results[:top]


def _assert_same(got: list[MatchResult], expected: list[MatchResult]) -> None:
    assert [r.id for r in got] == [r.id for r in expected]
    for a, b in zip(got, expected, strict=True):
        assert a.score == pytest.approx(b.score, abs=1e-9)
        assert a.reasons == b.reasons
        assert a.signals == b.signals


FILTERS = (
    HardFilters(),
    HardFilters(languages=True, hours=True),
    HardFilters(start=True, commute=True, couple=True),
)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_openings_for_a_partner_equal_pair_scoring(matcher: Matcher, seed: int) -> None:
    rng = random.Random(seed)
    openings = _openings(150, rng)
    profile = _profile("p", rng, FILTERS[seed % len(FILTERS)])
    semantic = np.asarray([rng.uniform(-0.1, 1.0) for _ in openings])

    expected = _reference(matcher, [(profile, o, o.id) for o in openings], semantic, 40)
    got = matcher._rank_pairs(
        [profile] * len(openings), openings, semantic, [o.id for o in openings], 40
    )
    _assert_same(got, expected)

    # Every pair, not only the best: same score, same exclusion.
    score, excluded = matcher.score_arrays([profile] * len(openings), openings, semantic)
    for i, opening in enumerate(openings):
        pair = matcher.score_pair(profile, opening, semantic=float(semantic[i]))
        assert excluded[i] == (pair is None)
        if pair is not None:
            assert score[i] == pytest.approx(pair.score, abs=1e-9)


@pytest.mark.parametrize("seed", [5, 6])
def test_partners_for_an_opening_equal_pair_scoring(matcher: Matcher, seed: int) -> None:
    rng = random.Random(seed)
    opening = replace(
        _openings(1, rng)[0], title="Softwareentwickler (m/w/d)", location=_at("45127")
    )
    profiles = [_profile(f"p{i:03d}", rng, FILTERS[i % len(FILTERS)]) for i in range(120)]
    semantic = np.asarray([rng.uniform(-0.1, 1.0) for _ in profiles])

    expected = _reference(matcher, [(p, opening, p.id) for p in profiles], semantic, 30)
    got = matcher._rank_pairs(
        profiles, [opening] * len(profiles), semantic, [p.id for p in profiles], 30
    )
    _assert_same(got, expected)

    # One opening for every pair (its own path) gives each pair exactly the general path's
    # occupation value, and every pair's score equals the pair scorer's.
    one = matcher._occupation_array(profiles, [opening] * len(profiles))
    general = matcher._occupation_array(profiles, [replace(opening) for _ in profiles])
    assert one[0].tolist() == general[0].tolist()
    assert one[1].tolist() == general[1].tolist()
    assert (one[0] > 0).sum() > 10  # the fixture exercises the occupation signal
    score, excluded = matcher.score_arrays(profiles, [opening] * len(profiles), semantic)
    for i, profile in enumerate(profiles):
        pair = matcher.score_pair(profile, opening, semantic=float(semantic[i]))
        assert excluded[i] == (pair is None)
        if pair is not None:
            assert score[i] == pytest.approx(pair.score, abs=1e-9)


def test_rankings_without_a_model_score_without_the_semantic_signal(
    linker: OccupationLinker,
) -> None:
    matcher = Matcher(linker)
    matcher.embedder = None
    rng = random.Random(9)
    openings = _openings(60, rng)
    profile = _profile("p", rng, HardFilters())
    got = matcher.rank_openings(profile, openings, top=10)
    expected = _reference(matcher, [(profile, o, o.id) for o in openings], None, 10)
    _assert_same(got, expected)
    assert all("semantic" not in r.signals for r in got)


def test_best_shared_home_equals_a_scan_of_every_postcode() -> None:
    from dualcareer.matching.geo import _haversine, minutes_for_km

    gazetteer = Gazetteer.default()
    codes, lats, lons, _ = gazetteer.postcode_arrays()
    work_b = _at("44227")
    for code in ("45127", "44801", "47051", "59065", "80331"):
        work_a = _at(code)
        got = best_shared_home(work_a, work_b, limit_a=45, limit_b=45, gazetteer=gazetteer)
        minutes_a = minutes_for_km(_haversine(work_a.lat, work_a.lon, lats, lons))
        minutes_b = minutes_for_km(_haversine(work_b.lat, work_b.lon, lats, lons))
        load = np.maximum(minutes_a / 45, minutes_b / 45)
        i = int(np.argmin(load))
        if load[i] > 1.0:
            assert got is None
        else:
            assert got is not None
            assert got[0].endswith(f"({codes[i]})")
            assert got[3] == pytest.approx(float(load[i]))


def test_place_of_work_without_coordinates_gives_an_unknown_commute(matcher: Matcher) -> None:
    from dualcareer.matching.explain import render_all

    rng = random.Random(11)
    profile = replace(
        _profile("p", rng, HardFilters(commute=True)), home=_at("44801"), max_commute_minutes=45.0
    )
    abroad = replace(_openings(1, rng)[0], id="vienna", location=Point(48.21, 16.37))
    unknown = replace(abroad, id="nowhere", location=None)
    results = matcher.rank_openings(profile, [abroad, unknown])
    # Coordinates abroad: the commute is estimated (too far: the strict filter drops it).
    assert [r.id for r in results] == ["nowhere"]
    result = results[0]
    assert "commute" not in result.signals
    reason = next(r for r in result.reasons if r.code == "commute.unknown")
    assert reason.effect == "neutral"
    for audience in ("partner", "officer", "employer"):
        assert any("unknown" in text for text in render_all([reason], "en", audience))
        assert any("unbekannt" in text for text in render_all([reason], "de", audience))
