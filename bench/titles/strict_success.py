"""Strict scores of engine runs on the title benchmark: only the gold occupations count.

`matching_eval.py` counts grade 1 (related occupations and the gold's whole
ISCO unit group) as relevant, as the other tasks do. The product owner's
held-out figures count the linked occupations only, so this script scores the
same runs that way:

    .venv/bin/python bench/matching_eval.py --split test --tasks bench-de,bench-en \
        --methods engine --run-dir /tmp/runs
    .venv/bin/python bench/titles/strict_success.py /tmp/runs
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
TASKS = {
    "bench-de-en": HERE / "de_titles.tsv",
    "bench-de-de": HERE / "de_titles.tsv",
    "bench-en-de": HERE / "en_vacancies.tsv",
    "hard-de-en": HERE / "hard_de_titles.tsv",
    "hard-de-de": HERE / "hard_de_titles.tsv",
    "hard-en-de": HERE / "hard_en_vacancies.tsv",
}


def gold(path: Path, split: str) -> dict[str, set[str]]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {
            row["id"]: {uri.rsplit("/", 1)[-1] for uri in row["gold"].split("|") if uri}
            for row in rows
            if row["split"] == split
        }


def ranking(path: Path) -> dict[str, list[str]]:
    scored: dict[str, list[tuple[float, str]]] = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        query, doc, score = line.split("\t")
        scored[query].append((float(score), doc))
    return {q: [doc for _, doc in sorted(v, key=lambda x: -x[0])] for q, v in scored.items()}


def main(run_dir: Path, split: str = "test") -> None:
    print("| task | n | strict MAP | strict success@1 | strict success@10 |")
    print("|---|---|---|---|---|")
    for task, path in TASKS.items():
        run_file = run_dir / f"{task}.engine.run"
        if not run_file.exists():
            continue
        relevant, ranked = gold(path, split), ranking(run_file)
        s1 = s10 = 0
        ap = 0.0
        for query, wanted in relevant.items():
            docs = ranked.get(query, [])
            s1 += bool(docs[:1] and docs[0] in wanted)
            s10 += any(doc in wanted for doc in docs[:10])
            hits, precision = 0, 0.0
            for rank, doc in enumerate(docs[:1000], 1):
                if doc in wanted:
                    hits += 1
                    precision += hits / rank
            ap += precision / len(wanted)
        n = len(relevant)
        print(f"| {task} | {n} | {ap / n:.3f} | {s1 / n:.3f} | {s10 / n:.3f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]), *(sys.argv[2:3] or ["test"]))
