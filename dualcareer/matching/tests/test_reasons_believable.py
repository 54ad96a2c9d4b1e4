"""Reasons people believe: an occupation reason only for really close occupations, the
ESCO label in the reader's language, and blockers apart from what fits."""

from __future__ import annotations

from dualcareer.matching.explain import Reason, render, render_split
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import GROUP_REASON_MIN_SIMILARITY, Matcher


def _pair_in_same_unit_group_and_one_far(catalog: OccupationCatalog) -> tuple[str, str, str]:
    first = catalog.occupations[0]
    same_group = next(
        o for o in catalog.occupations if o.isco_group == first.isco_group and o.uri != first.uri
    )
    far = next(o for o in catalog.occupations if o.isco_group[0] != first.isco_group[0])
    return first.uri, same_group.uri, far.uri


def test_a_loose_relation_gives_no_reason_but_keeps_its_value(linker: OccupationLinker) -> None:
    matcher = Matcher(linker)
    uri = linker.catalog.occupations[0].uri
    name, value, reason, strict = matcher._occupation_outcome(0.3, "Manager", uri, 0.36)
    assert (name, value, reason, strict) == ("occupation", 0.3, None, False)


def test_a_weak_link_gives_no_reason_even_for_the_same_group(linker: OccupationLinker) -> None:
    matcher = Matcher(linker)
    uri = linker.catalog.occupations[0].uri
    # value = confidence * similarity: 0.12 / 0.6 = 0.2 confidence, too weak to tell anyone.
    assert matcher._occupation_outcome(0.12, "Manager", uri, 0.6)[2] is None


def test_the_same_unit_group_gives_the_group_reason_with_both_labels(
    linker: OccupationLinker, catalog: OccupationCatalog
) -> None:
    matcher = Matcher(linker)
    _first, same_group, _far = _pair_in_same_unit_group_and_one_far(catalog)
    reason = matcher._occupation_outcome(
        0.5, "Laborleitung", same_group, GROUP_REASON_MIN_SIMILARITY
    )[2]
    assert reason is not None
    assert reason.code == "occupation.group"
    assert reason.effect == "plus"
    target = catalog[same_group]
    assert reason.params["occupation_de"] == target.title("de")
    assert reason.params["occupation_en"] == target.title("en")
    assert target.title("en") in render(reason, "en")
    assert target.title("de") in render(reason, "de", audience="officer")


def test_the_label_follows_the_reader_not_the_position() -> None:
    reason = Reason(
        "occupation.same",
        {
            "position": "Laborleitung",
            "occupation": "Laborleiter/Laborleiterin",
            "occupation_de": "Laborleiter/Laborleiterin",
            "occupation_en": "laboratory manager",
        },
        "plus",
    )
    assert render(reason, "en").endswith("(laboratory manager)")
    assert render(reason, "de").endswith("(Laborleiter/Laborleiterin)")


def test_blockers_are_never_among_what_fits() -> None:
    reasons = [
        Reason("skills.matched", {"count": 2, "total": 3, "skills": "Python, SQL"}, "plus"),
        Reason("language.missing", {"language": "de", "required": "B2", "have": "A2"}, "minus"),
        Reason("couple.no_home", {"limit_self": 45, "limit_partner": 45}, "minus"),
    ]
    fits, concerns = render_split(reasons, "en")
    assert fits == ["2 of 3 required skills match (Python, SQL)"]
    assert concerns[0] == "requires German B2, you have A2"
    assert len(concerns) == 2
    # The employer never reads about the couple's household.
    _fits, employer_concerns = render_split(reasons, "en", audience="employer")
    assert employer_concerns == ["requires German B2, the profile states A2"]
