"""Agreement between the first and the second judge of the title benchmarks.

Judge 1 wrote the benchmark file (``de_titles.tsv`` by helper benchde,
``en_vacancies.tsv`` by helper benchen). Judge 2 (the other helper) judged a
sample of about 20% of the ids -- those with
``int(sha1(id + "judge2").hexdigest(), 16) % 5 == 0`` -- from the title alone,
without seeing judge 1's gold, related or notes columns, into
``<file>.judge2.tsv`` (columns ``id  gold  related``).

Per sample the table reports:

* ``n``: judged ids;
* ``exact``: judge 2's gold set equals judge 1's gold set;
* ``overlap``: the two gold sets share at least one occupation;
* ``lenient``: judge 2's gold shares an occupation with judge 1's gold or related;
* ``unit``: the gold sets share at least one ISCO-08 unit group (4 digits);
* ``kappa``: Cohen's kappa on the ISCO major group (1 digit) of each judge's first gold URI.

Usage: ``python bench/titles/agreement.py``. Standard library only.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "dualcareer" / "data"
SAMPLES = {
    "German titles (judge 1 benchde, judge 2 benchen)": ("de_titles.tsv", "de_titles.judge2.tsv"),
    "English vacancies (judge 1 benchen, judge 2 benchde)": (
        "en_vacancies.tsv",
        "en_vacancies.judge2.tsv",
    ),
}


def in_sample(item_id: str) -> bool:
    """The ~20% of ids the second judge sees."""
    digest = hashlib.sha1((item_id + "judge2").encode(), usedforsecurity=False).hexdigest()
    return int(digest, 16) % 5 == 0


def load_isco(data_dir: Path = DATA) -> dict[str, str]:
    """ESCO occupation URI -> 4-digit ISCO-08 unit group (armed forces keep their leading 0)."""
    with gzip.open(data_dir / "esco_occupations_en.csv.gz", "rt", encoding="utf-8") as fh:
        return {row["uri"]: row["isco_group"].zfill(4) for row in csv.DictReader(fh)}


def _read(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {
            row["id"]: (
                [u for u in row["gold"].split("|") if u],
                [u for u in (row["related"] or "").split("|") if u],
            )
            for row in reader
        }


def cohen_kappa(pairs: list[tuple[str, str]]) -> float:
    """Cohen's kappa of two raters' labels for the same items."""
    n = len(pairs)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    return 1.0 if expected == 1.0 else (observed - expected) / (1.0 - expected)


@dataclass(frozen=True)
class Agreement:
    n: int
    exact: float
    overlap: float
    lenient: float
    unit: float
    kappa: float
    missing: int  # sample ids judge 2 has not judged
    outside: int  # judged ids that are not in the sample or not in the file


def compare(judge1_path: Path, judge2_path: Path, isco: dict[str, str]) -> Agreement:
    judge1, judge2 = _read(judge1_path), _read(judge2_path)
    sample = {item_id for item_id in judge1 if in_sample(item_id)}
    ids = sorted(sample & judge2.keys())
    exact = overlap = lenient = unit = 0
    majors: list[tuple[str, str]] = []
    for item_id in ids:
        gold1, related1 = judge1[item_id]
        gold2, _ = judge2[item_id]
        exact += set(gold1) == set(gold2)
        overlap += bool(set(gold1) & set(gold2))
        lenient += bool((set(gold1) | set(related1)) & set(gold2))
        unit += bool({isco[u] for u in gold1} & {isco[u] for u in gold2})
        majors.append((isco[gold1[0]][0], isco[gold2[0]][0]))
    n = len(ids)
    share = (lambda k: k / n) if n else (lambda k: float("nan"))
    return Agreement(
        n=n,
        exact=share(exact),
        overlap=share(overlap),
        lenient=share(lenient),
        unit=share(unit),
        kappa=cohen_kappa(majors),
        missing=len(sample - judge2.keys()),
        outside=len(judge2.keys() - sample),
    )


def main() -> int:
    isco = load_isco()
    print("| sample | n | exact | overlap | lenient | unit | kappa (major) |")
    print("|---|---|---|---|---|---|---|")
    status = 0
    for name, (first, second) in SAMPLES.items():
        if not (HERE / first).exists() or not (HERE / second).exists():
            print(f"| {name} | missing file | | | | | |")
            status = 1
            continue
        a = compare(HERE / first, HERE / second, isco)
        print(
            f"| {name} | {a.n} | {a.exact:.2f} | {a.overlap:.2f} | {a.lenient:.2f} "
            f"| {a.unit:.2f} | {a.kappa:.2f} |"
        )
        if a.missing or a.outside:
            print(
                f"  note: {a.missing} sample ids not judged, "
                f"{a.outside} judged ids outside the sample"
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
