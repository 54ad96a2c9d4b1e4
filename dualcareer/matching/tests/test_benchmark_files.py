"""The hand-judged title benchmarks in bench/titles/ are well-formed.

Runs bench/titles/validate.py on the German titles and the English vacancy
titles, and checks that the validator itself catches each kind of mistake.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

TITLES = Path(__file__).resolve().parents[3] / "bench" / "titles"
FILES = {"de": TITLES / "de_titles.tsv", "en": TITLES / "en_vacancies.tsv"}
MIN_ROWS = {"de": 460, "en": 300}
MAX_CLOSE_VARIANTS = 0.10


@pytest.fixture(scope="module")
def validator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_titles_validate", TITLES / "validate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve annotations through sys.modules
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", sorted(FILES))
def test_benchmark_file_is_valid(validator: Any, lang: str) -> None:
    report = validator.validate(FILES[lang])

    assert report.errors == []
    assert report.rows >= MIN_ROWS[lang]
    assert len(report.close_variants) <= MAX_CLOSE_VARIANTS * report.rows
    splits = {split for _, split in report.counts}
    assert splits == {"dev", "test"}


def test_german_titles_cover_every_style(validator: Any) -> None:
    report = validator.validate(FILES["de"])

    assert {style for style, _ in report.counts} == set(validator.DE_STYLES)


def _write(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    lines = ["\t".join(header or ["id", "title", "style", "gold", "related", "notes", "split"])]
    lines += ["\t".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _uri(validator: Any) -> str:
    return str(min(validator.load_esco().uris))


def test_validator_accepts_a_correct_row(validator: Any, tmp_path: Path) -> None:
    uri = _uri(validator)
    row = [
        "de-0001",
        "Kaufmann/-frau für Büromanagement",
        "training",
        uri,
        "",
        "",
        validator.split_for("de-0001"),
    ]

    report = validator.validate(_write(tmp_path / "ok.tsv", [row]))

    assert report.errors == []
    assert report.rows == 1


def test_validator_reports_each_kind_of_mistake(validator: Any, tmp_path: Path) -> None:
    uri = _uri(validator)
    wrong_split = "dev" if validator.split_for("de-0002") == "test" else "test"
    rows = [
        [
            "de-0001",
            "Elektroniker/in für Betriebstechnik",
            "training",
            uri,
            "",
            "",
            validator.split_for("de-0001"),
        ],
        [
            "de-0001",
            "Industriemeister/in Metall",
            "master",
            uri,
            "",
            "",
            validator.split_for("de-0001"),
        ],
        ["de-0002", "Bäckermeister/in", "master", uri, "", "", wrong_split],
        [
            "de-0003",
            "Brandmeister/in",
            "civil",
            "http://data.europa.eu/esco/occupation/nope",
            "",
            "",
            validator.split_for("de-0003"),
        ],
        ["de-0004", "Polizist/Polizistin", "civil", uri, "", "", validator.split_for("de-0004")],
        ["de-0005", "Studienrat/-rätin", "teacher", uri, "", "", validator.split_for("de-0005")],
        ["de-0006", "Erzieher*in", "pair", "", "", "", validator.split_for("de-0006")],
        ["de-0007", "Fachwirt/in", "further", uri, uri, "", validator.split_for("de-0007")],
    ]

    errors = "\n".join(validator.validate(_write(tmp_path / "bad.tsv", rows)).errors)

    assert "duplicate id de-0001" in errors
    assert "hash rule gives" in errors
    assert "unknown ESCO URI http://data.europa.eu/esco/occupation/nope" in errors
    assert "'Polizist/Polizistin' copies an ESCO label" in errors
    assert "unknown style 'teacher'" in errors
    assert "0 gold URIs" in errors
    assert "repeated URI in gold/related" in errors


def test_validator_rejects_a_wrong_header(validator: Any, tmp_path: Path) -> None:
    path = _write(tmp_path / "header.tsv", [], header=["id", "title", "gold"])

    report = validator.validate(path)

    assert not report.ok
    assert "header is" in report.errors[0]


def test_split_rule_is_the_sha1_hash_rule(validator: Any) -> None:
    splits = [validator.split_for(f"de-{n:04d}") for n in range(1, 1001)]

    assert 0.55 < splits.count("test") / len(splits) < 0.65
    # sha1("de-0001") % 5 == 4, sha1("de-0002") % 5 == 2, sha1("en-0001") % 5 == 2
    assert validator.split_for("de-0001") == "dev"
    assert validator.split_for("de-0002") == "test"
    assert validator.split_for("en-0001") == "test"


def test_close_variants_ignore_gender_markers(validator: Any) -> None:
    assert validator.normalise("Elektroniker*in (m/w/d)") == validator.normalise("Elektroniker")
    assert validator.normalise("Bauzeichner:in") == "bauzeichner"
    assert validator.normalise("Tischler/in") == "tischler"


@pytest.fixture(scope="module")
def agreement() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_titles_agreement", TITLES / "agreement.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("lang", sorted(FILES))
def test_second_judge_covers_exactly_the_sample(validator: Any, agreement: Any, lang: str) -> None:
    judge2 = FILES[lang].with_suffix(".judge2.tsv")
    uris = validator.load_esco().uris

    with open(FILES[lang], encoding="utf-8") as fh:
        sample = {
            line.split("\t", 1)[0]
            for line in list(fh)[1:]
            if agreement.in_sample(line.split("\t", 1)[0])
        }
    with open(judge2, encoding="utf-8") as fh:
        header, *rows = [line.rstrip("\n").split("\t") for line in fh if line.strip()]

    assert header == ["id", "gold", "related"]
    assert {row[0] for row in rows} == sample
    for row in rows:
        assert row[1], f"{row[0]} has no gold"
        assert all(uri in uris for uri in "|".join(row[1:]).split("|") if uri)


def test_cohen_kappa(agreement: Any) -> None:
    assert agreement.cohen_kappa([("1", "1"), ("2", "2"), ("3", "3")]) == 1.0
    # observed 0.5, expected 0.5 (each rater says "1" half of the time): no better than chance
    assert agreement.cohen_kappa([("1", "1"), ("2", "2"), ("1", "2"), ("2", "1")]) == 0.0
    # 3 of 4 agree; expected (3*2 + 1*2) / 16 = 0.5 -> (0.75 - 0.5) / 0.5
    assert agreement.cohen_kappa([("1", "1"), ("1", "1"), ("1", "2"), ("2", "2")]) == pytest.approx(
        0.5
    )


def test_agreement_compares_gold_sets(agreement: Any, tmp_path: Path) -> None:
    sampled = [f"de-{n:04d}" for n in range(1, 200) if agreement.in_sample(f"de-{n:04d}")][:2]
    a, b, c = "http://x/a", "http://x/b", "http://x/c"
    isco = {a: "2512", b: "2512", c: "5120"}
    judge1 = tmp_path / "j1.tsv"
    judge1.write_text(
        "id\ttitle\tstyle\tgold\trelated\tnotes\tsplit\n"
        f"{sampled[0]}\tx\ttraining\t{a}|{b}\t\t\tdev\n"
        f"{sampled[1]}\ty\ttraining\t{c}\t{a}\t\tdev\n",
        encoding="utf-8",
    )
    judge2 = tmp_path / "j2.tsv"
    judge2.write_text(
        f"id\tgold\trelated\n{sampled[0]}\t{b}\t\n{sampled[1]}\t{a}\t\n", encoding="utf-8"
    )

    result = agreement.compare(judge1, judge2, isco)

    assert result.n == 2
    assert result.exact == 0.0
    assert result.overlap == 0.5
    assert result.lenient == 1.0
    assert result.unit == 0.5
    assert result.missing == 0 and result.outside == 0


HARD = {"de": TITLES / "hard_de_titles.tsv", "en": TITLES / "hard_en_vacancies.tsv"}


@pytest.mark.parametrize(("lang", "minimum"), [("de", 400), ("en", 300)])
def test_hard_set_is_judged_against_esco_and_split_by_hash(lang: str, minimum: int) -> None:
    import csv
    import gzip
    import hashlib

    data = TITLES.parents[1] / "dualcareer" / "data" / "esco_occupations_en.csv.gz"
    with gzip.open(data, "rt", encoding="utf-8") as handle:
        known = {row["uri"] for row in csv.DictReader(handle)}
    with HARD[lang].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert len(rows) >= minimum
    assert len({row["id"] for row in rows}) == len(rows)
    assert len({row["title"].lower() for row in rows}) == len(rows)
    for row in rows:
        gold = [uri for uri in row["gold"].split("|") if uri]
        related = [uri for uri in row["related"].split("|") if uri]
        assert 1 <= len(gold) <= 4, row["id"]
        assert set(gold + related) <= known, row["id"]
        digest = int(hashlib.sha1(row["id"].encode(), usedforsecurity=False).hexdigest(), 16)
        assert row["split"] == ("test" if digest % 5 < 3 else "dev"), row["id"]
