from __future__ import annotations

from pathlib import Path

import pytest

from dualcareer.matching.__main__ import main
from dualcareer.matching.metrics import read_run

CORPUS = """\
c1\tsoftware developer
c2\tbaker
c3\tbus driver
c4\twarehouse worker
c5\tICT system administrator
"""
QUERIES = """\
q1\tSoftwareentwicklerin (m/w/d)
q2\tBäcker/in
q3\tFachkraft für Lagerlogistik
"""
QRELS = """\
q1 0 c1 2
q1 0 c5 1
q2 0 c2 2
q3 0 c4 2
"""


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "corpus.tsv").write_text(CORPUS, encoding="utf-8")
    (tmp_path / "queries.tsv").write_text(QUERIES, encoding="utf-8")
    (tmp_path / "qrels.txt").write_text(QRELS, encoding="utf-8")
    return tmp_path


def test_rank_then_evaluate_round_trip(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run = files / "run.tsv"
    assert (
        main(
            [
                "rank",
                "--corpus",
                str(files / "corpus.tsv"),
                "--queries",
                str(files / "queries.tsv"),
                "--top",
                "3",
                "--out",
                str(run),
            ]
        )
        == 0
    )
    ranking = read_run(run.read_text(encoding="utf-8").splitlines())
    assert ranking["q1"][0] == "c1"
    assert ranking["q2"][0] == "c2"
    assert ranking["q3"][0] == "c4"
    assert all(len(docs) == 3 for docs in ranking.values())

    assert main(["evaluate", "--qrels", str(files / "qrels.txt"), "--run", str(run)]) == 0
    printed = dict(line.split("\t") for line in capsys.readouterr().out.splitlines())
    assert float(printed["success@1"]) == 1.0
    assert float(printed["MRR"]) == 1.0
    assert printed["queries"] == "3"


def test_baseline_writes_to_stdout(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "rank",
        "--corpus",
        str(files / "corpus.tsv"),
        "--queries",
        str(files / "queries.tsv"),
        "--top",
        "2",
        "--method",
        "chars",
    ]
    assert main(args) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    assert all(len(line.split("\t")) == 3 for line in lines)


def test_bad_input_is_an_error(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (files / "bad.tsv").write_text("no tab here\n", encoding="utf-8")
    code = main(
        [
            "rank",
            "--corpus",
            str(files / "bad.tsv"),
            "--queries",
            str(files / "queries.tsv"),
            "--method",
            "bm25",
        ]
    )
    assert code == 2
    assert "expected 'id<TAB>text'" in capsys.readouterr().err
