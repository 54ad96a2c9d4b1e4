from __future__ import annotations

import numpy as np
import pytest

from dualcareer.matching.occupations import (
    OccupationCatalog,
    OccupationLinker,
    isco_similarity,
    occupation_similarity,
    occupation_similarity_row,
)


def _top_english(linker: OccupationLinker, text: str, n: int = 3) -> list[str]:
    return [link.occupation.preferred["en"] for link in linker.link(text, top=n)]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Softwareentwickler/in (m/w/d)", "software developer"),
        ("Bürokaufmann/-frau", "office clerk"),
        ("Busfahrerin", "bus driver"),
        ("Data Scientist (all genders)", "data scientist"),
        ("Bäckerin", "baker"),
    ],
)
def test_german_titles_link_to_the_esco_occupation(
    linker: OccupationLinker, title: str, expected: str
) -> None:
    assert expected in _top_english(linker, title)


def test_english_title_links_to_the_same_occupation_as_the_german(
    linker: OccupationLinker,
) -> None:
    german = linker.link("Softwareentwicklerin", top=1)[0].occupation
    english = linker.link("software developer", top=1)[0].occupation
    assert german.uri == english.uri
    assert german.preferred["de"].startswith("Softwareentwickler")


def test_exact_label_is_flagged_and_scores_highest(linker: OccupationLinker) -> None:
    links = linker.link("Fachkraft für Lagerlogistik", top=3)
    assert links[0].exact
    assert links[0].score > links[1].score


def test_isco_gives_graded_credit() -> None:
    assert isco_similarity("2512", "2512") == 1.0
    assert isco_similarity("2512", "2513") == 0.5
    assert isco_similarity("2512", "2521") == 0.25
    assert isco_similarity("2512", "2611") == 0.1
    assert isco_similarity("2512", "5120") == 0.0


def test_occupation_similarity_orders_same_group_and_unrelated(
    catalog: OccupationCatalog,
) -> None:
    by_label = {o.preferred["en"]: o for o in catalog.occupations}
    developer = by_label["software developer"]
    analyst = next(
        o
        for o in catalog.occupations
        if o.isco_group == developer.isco_group and o is not developer
    )
    baker = by_label["baker"]
    assert occupation_similarity(developer, developer) == 1.0
    assert 0 < occupation_similarity(developer, analyst) < 1.0
    assert occupation_similarity(developer, baker) == 0.0


def test_held_out_label_is_not_in_the_index() -> None:
    label = "Backwarenhersteller"  # an alternative German label of "baker"
    full = OccupationCatalog.load()
    assert any(label in o.alternatives["de"] for o in full.occupations)
    reduced = OccupationCatalog.load(exclude_labels={label, label + "in"})
    assert not any(label in o.alternatives["de"] for o in reduced.occupations)
    assert OccupationLinker(reduced).exact_matches(label) == set()


def test_propagation_equals_the_best_scaled_similarity_row(linker: OccupationLinker) -> None:
    by_label = {o.preferred["en"]: i for i, o in enumerate(linker.catalog.occupations)}
    indices = [by_label[label] for label in ("software developer", "baker", "bus driver")]
    indices += list(range(0, 3000, 97))
    confidences = [1.0, 0.8, 0.5] + [0.3] * (len(indices) - 3)
    rows = linker.similarity_rows(indices) * np.asarray(confidences, dtype=np.float32)[:, None]
    assert np.allclose(linker.propagate(indices, confidences), rows.max(axis=0), atol=1e-6)
    assert not linker.propagate([], []).any()


def test_propagation_with_repeated_and_grouped_indices_is_the_pairwise_maximum(
    linker: OccupationLinker,
) -> None:
    """The related occupations of all indices at once (cached per index) give the same maxima."""
    occupations = linker.catalog.occupations
    indices = [5, 5, 17, 1200, 1201, 17, 2999]
    confidences = [0.2, 0.9, 0.4, 0.7, 0.7, 0.1, 1.0]
    expected = np.zeros(len(occupations), dtype=np.float32)
    for i, c in zip(indices, confidences, strict=True):
        row = np.asarray([occupation_similarity(occupations[i], b) for b in occupations])
        expected = np.maximum(expected, (np.float32(c) * row).astype(np.float32))
    for _ in range(2):  # computed, then from the per-index cache
        assert np.allclose(linker.propagate(indices, confidences), expected, atol=1e-6)


def test_similarity_row_is_exactly_the_pairwise_similarity(catalog: OccupationCatalog) -> None:
    """Array rows (rankings use them) equal `occupation_similarity` bit for bit, in float64.

    The sample covers occupations with a short ISCO group and code, and ones deep in ESCO.
    """
    occupations = catalog.occupations
    short = [i for i, o in enumerate(occupations) if len(o.isco_group) < 4][:3]
    deep = sorted(range(len(occupations)), key=lambda i: -len(occupations[i].code.split(".")))
    for index in [*short, *deep[:3], *range(0, len(occupations), 250)]:
        row = occupation_similarity_row(catalog, index)
        expected = [occupation_similarity(occupations[index], b) for b in occupations]
        assert row.dtype == np.float64
        assert row.tolist() == expected


def test_a_label_matched_only_in_its_complement_counts_less(linker: OccupationLinker) -> None:
    """ "Fachkraft im Gastgewerbe" shares the field, not the role, with a teacher's label."""
    factor = linker._label_head_factor(["Fachkraft im Gastgewerbe"], "de")
    rows = {linker._label_text[row]: row for row in linker._bm25_rows["de"]}
    teacher = rows["Lehrkraft im Bereich Hotel- und Gastgewerbe"]
    assert linker.weights.label_head < 1.0
    assert factor[teacher] == pytest.approx(linker.weights.label_head)
    assert factor[rows["Fachkraft für Lagerlogistik"]] == 1.0  # same head: the role matches
    assert factor[rows["Kellner/Kellnerin"]] == 1.0  # no complement: left alone
    english = {linker._label_text[row]: row for row in linker._bm25_rows["en"]}
    assert factor[english["hospitality vocational teacher"]] == 1.0  # other language
