from __future__ import annotations

import pytest

from dualcareer.matching.texts import (
    CompoundSplitter,
    analyse,
    detect_language,
    masculine_word,
    normalise_title,
    strip_gender_tags,
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Entwickler/in", "Entwickler"),
        ("Entwickler/-in", "Entwickler"),
        ("Entwickler*in", "Entwickler"),
        ("Entwickler:in", "Entwickler"),
        ("Entwickler_in", "Entwickler"),
        ("EntwicklerIn", "Entwickler"),
        ("Ingenieurin", "Ingenieur"),
        ("Softwareentwickler/in (m/w/d)", "Softwareentwickler"),
        ("Pflegefachkraft (w/m/d)", "Pflegefachkraft"),
        ("Data Scientist (all genders)", "Data Scientist"),
        ("Bürokaufmann/-frau", "Bürokaufmann"),
        ("Koch/Köchin", "Koch"),
        ("Arzt/Ärztin", "Arzt"),
    ],
)
def test_german_gender_forms_become_one_form(title: str, expected: str) -> None:
    assert normalise_title(title, "de") == expected


def test_pair_of_different_titles_keeps_both() -> None:
    assert normalise_title("Maler/Lackierer", "de") == "Maler / Lackierer"


def test_gender_tag_is_removed_but_rest_kept() -> None:
    assert strip_gender_tags("Software Engineer (m/f/d) Berlin") == "Software Engineer Berlin"


def test_feminine_words_get_masculine_form_and_others_stay() -> None:
    assert masculine_word("ärztin") == "arzt"
    assert masculine_word("entwicklerinnen") == "entwickler"
    assert masculine_word("psychologin") == "psychologe"
    assert masculine_word("medizin") == "medizin"
    assert masculine_word("termin") == "termin"


def test_compound_is_split_into_its_parts() -> None:
    terms = analyse("Intensivpflegefachkraft", "de")
    assert {"intensiv", "pfleg", "fachkraft"} <= set(terms)


def test_umlaut_spellings_meet() -> None:
    assert analyse("Bäcker", "de") == analyse("Baecker", "de")
    assert analyse("Bürokauffrau", "de")[0] == analyse("Buerokaufmann", "de")[0]


def test_splitter_prefers_fewest_known_parts() -> None:
    splitter = CompoundSplitter(
        {"wissen": 50, "schaft": 5, "wissenschaft": 20, "manager": 30, "pflege": 10}
    )
    head, tail = splitter.split("wissenschaftsmanager")  # not wissen|schafts|manager
    assert head.startswith("wissenschaft")
    assert tail == "manager"
    assert splitter.split("pflegeroboter") == ("pflegeroboter",)  # "roboter" is unknown


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Softwareentwicklerin mit Erfahrung in der Cloud", "de"),
        ("Fachkraft für Lagerlogistik", "de"),
        ("Bäcker", "de"),
        ("Senior software engineer with experience in the cloud", "en"),
        ("nurse", "en"),
        ("project manager", "en"),
    ],
)
def test_language_is_detected(text: str, lang: str) -> None:
    assert detect_language(text) == lang
