"""Strict scores of the ``real-en`` runs: only the gold occupations count.

``matching_eval.py`` counts grade 1 (related occupations and the gold's whole
ISCO-08 unit group) as relevant; the product owner's held-out English figures
count the linked occupations, so this scores every method's run that way:

    .venv/bin/python bench/matching_eval.py --split test --tasks real-en \
        --methods engine,chars,bm25 --run-dir /tmp/runs
    .venv/bin/python bench/titles/real_en_strict.py /tmp/runs test

Standard library only; ``strict_success.py`` does the same for the engine runs
of the other title sets.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from strict_success import gold, ranking  # noqa: E402

FILE = HERE / "real_en_vacancies.tsv"
TASKS = ("real-en-de", "real-en-en")


def strict(wanted_by_query: dict[str, set[str]], ranked: dict[str, list[str]]) -> dict[str, float]:
    """Strict MAP, success@1 and success@10 (a query without a run scores 0)."""
    s1 = s10 = 0
    ap = 0.0
    for query, wanted in wanted_by_query.items():
        docs = ranked.get(query, [])
        s1 += bool(docs[:1] and docs[0] in wanted)
        s10 += any(doc in wanted for doc in docs[:10])
        hits, precision = 0, 0.0
        for rank, doc in enumerate(docs[:1000], 1):
            if doc in wanted:
                hits += 1
                precision += hits / rank
        ap += precision / len(wanted)
    n = max(len(wanted_by_query), 1)
    return {"MAP": ap / n, "success@1": s1 / n, "success@10": s10 / n}


def main(run_dir: Path, split: str = "test") -> None:
    wanted = gold(FILE, split)
    print(f"split {split}, {len(wanted)} queries")
    print("| task | method | strict MAP | strict success@1 | strict success@10 |")
    print("|---|---|---|---|---|")
    for task in TASKS:
        for run_file in sorted(run_dir.glob(f"{task}.*.run")):
            method = run_file.name[len(task) + 1 : -len(".run")]
            m = strict(wanted, ranking(run_file))
            print(
                f"| {task} | {method} | {m['MAP']:.3f} | {m['success@1']:.3f} "
                f"| {m['success@10']:.3f} |"
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(sys.argv[2:3] or ["test"]))
