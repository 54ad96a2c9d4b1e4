"""Occupation links computed earlier (and stored by the platform) rank exactly like linking anew.

``Matcher.links_for`` gives what a ranking would link; ``Matcher.seed_links``
hands such links back, so that no stored title is linked again (issue 13).
"""

import json
from datetime import date

import pytest

from dualcareer.matching import score
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import LanguageLevel, Matcher, Opening, Profile

TITLES = [
    "Softwareentwickler (m/w/d)",
    "Laborleitung Proteinanalytik",
    "Buchhalterin",
    "Data Scientist",
    "Pflegefachkraft Intensivstation",
    "Busfahrer im Linienverkehr",
]
POSITIONS = ("Softwareentwicklerin", "Data Engineer")


@pytest.fixture(scope="module")
def matcher():
    return Matcher(OccupationLinker(OccupationCatalog.default(), None, vectors_path=None))


@pytest.fixture
def fresh_caches():
    score._LINK_CACHE.clear()
    score._TARGETS.clear()
    yield
    score._LINK_CACHE.clear()
    score._TARGETS.clear()


@pytest.fixture
def link_calls(monkeypatch):
    """The texts OccupationLinker.link is called with."""
    calls: list[str] = []
    original = OccupationLinker.link

    def counting(self, text, *args, **kwargs):
        calls.append(text)
        return original(self, text, *args, **kwargs)

    monkeypatch.setattr(OccupationLinker, "link", counting)
    return calls


def _openings():
    return [
        Opening(
            id=str(i),
            title=title,
            description="Team in Göttingen",
            languages=(LanguageLevel("de", "B2"),),
            hours_per_week=39.0,
            start=date(2027, 1, 1),
        )
        for i, title in enumerate(TITLES)
    ]


def _profile():
    return Profile(
        id="p",
        desired_positions=POSITIONS,
        summary="Python, Datenbanken",
        skills=("Python",),
        languages=(LanguageLevel("de", "C1"),),
        hours_min=30,
        hours_max=40,
        available_from=date(2026, 12, 1),
    )


def _view(results):
    return [(r.id, r.score, r.signals, r.reasons) for r in results]


def _stored(matcher, texts):
    """Links as the platform stores them: JSON, read back."""
    return json.loads(json.dumps(dict(zip(texts, matcher.links_for(texts), strict=True))))


def test_seeded_links_rank_exactly_like_linking_on_the_fly(matcher, fresh_caches, link_calls):
    texts = [*TITLES, *POSITIONS]
    stored = _stored(matcher, texts)
    assert all(len(links) for links in stored.values())
    score._LINK_CACHE.clear()
    score._TARGETS.clear()
    on_the_fly = _view(matcher.rank_openings(_profile(), _openings(), top=10))
    both_ways = _view(matcher.rank_profiles(_openings()[0], [_profile()], top=10))
    assert on_the_fly and on_the_fly[0][3]  # there are reasons to compare

    score._LINK_CACHE.clear()
    score._TARGETS.clear()
    link_calls.clear()
    matcher.seed_links(stored)
    assert matcher.unlinked(texts) == []
    assert _view(matcher.rank_openings(_profile(), _openings(), top=10)) == on_the_fly
    assert _view(matcher.rank_profiles(_openings()[0], [_profile()], top=10)) == both_ways
    assert link_calls == []  # nothing was linked again


def test_links_for_is_what_the_ranking_links(matcher, fresh_caches):
    [links] = matcher.links_for(["Buchhalterin"])
    assert 0 < len(links) <= 5
    assert [
        (link.occupation.uri, link.score)
        for link in score._cached_links(matcher.linker, "Buchhalterin")
    ] == links


def test_unknown_occupations_are_not_seeded(matcher, fresh_caches, link_calls):
    matcher.seed_links({"Buchhalterin": [["http://example.org/not-esco", 1.0]]})
    assert matcher.unlinked(["Buchhalterin"]) == ["Buchhalterin"]
    matcher.links_for(["Buchhalterin"])
    assert link_calls == ["Buchhalterin"]


def test_the_key_names_the_linker(matcher):
    other = Matcher(
        OccupationLinker(OccupationCatalog.default(), None, vectors_path=None),
    )
    assert other.links_key == matcher.links_key
    assert matcher.links_key.startswith(score.LINKS_VERSION)
