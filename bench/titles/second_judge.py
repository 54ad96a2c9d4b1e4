"""Second judge for the hard title set: a blind sample, and agreement with the first judge.

The hard set (``hard_de_titles.tsv``, ``hard_en_vacancies.tsv``) was written
and judged by one person. A second judge judges a random sample of 80 titles
without seeing the first judge's gold or related columns:

    python bench/titles/second_judge.py sample     # writes second_judge_sample.tsv
    python bench/titles/second_judge.py agree second_judge_answers.tsv

``second_judge_sample.tsv`` lists, per title, candidate ESCO occupations in a
shuffled order: the first judge's gold and related occupations mixed with
distractors from the same ISCO-08 unit or minor group, so the list does not
reveal which ones the first judge chose. Columns::

    id  title  candidates

``candidates`` is ``|``-separated ``uri=English label / German label``.

The second judge returns a file with the columns (header line, tab-separated)::

    id  best  correct

- ``best``: the one ESCO occupation URI the judge thinks fits the title best
  (any ESCO occupation, not only a candidate);
- ``correct``: ``|``-separated URIs of every candidate (or other occupation)
  that is a correct occupation for the title.

``agree`` reports, over the ids both judged:

- Cohen's kappa on "is candidate X a correct occupation for the title"
  (judge 1: X is in gold; judge 2: X is in ``correct``), over every
  (title, candidate) pair of the sample;
- raw agreement on the same pairs;
- top-1 agreement: judge 2's ``best`` is one of judge 1's gold occupations;
- top-1 lenient: ``best`` is in judge 1's gold or related, or shares a gold
  occupation's ISCO-08 unit group.

Standard library only.
"""

from __future__ import annotations

import csv
import gzip
import random
import sys
from collections.abc import Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "dualcareer" / "data"
FILES = (HERE / "hard_de_titles.tsv", HERE / "hard_en_vacancies.tsv")
SAMPLE = HERE / "second_judge_sample.tsv"
SAMPLE_SIZE = 80
SEED = 2026_11_29
DISTRACTORS = 3


def read_rows(paths: Iterable[Path] = FILES) -> dict[str, dict[str, str]]:
    """All rows of the hard set by id."""
    rows: dict[str, dict[str, str]] = {}
    for path in paths:
        with open(path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                rows[row["id"]] = row
    return rows


def split_uris(value: str) -> list[str]:
    return [uri.strip() for uri in value.split("|") if uri.strip()]


def occupations(data_dir: Path = DATA) -> dict[str, tuple[str, str, str]]:
    """ESCO URI -> (ISCO unit group, English label, German label)."""
    labels: dict[str, dict[str, str]] = {}
    groups: dict[str, str] = {}
    for lang in ("en", "de"):
        with gzip.open(data_dir / f"esco_occupations_{lang}.csv.gz", "rt", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                labels.setdefault(row["uri"], {})[lang] = row["preferred_label"]
                groups[row["uri"]] = row["isco_group"].zfill(4)
    return {uri: (groups[uri], names["en"], names.get("de", "")) for uri, names in labels.items()}


def candidates(
    row: dict[str, str], esco: dict[str, tuple[str, str, str]], rng: random.Random
) -> list[str]:
    """The first judge's gold and related occupations plus distractors, shuffled."""
    chosen = split_uris(row["gold"]) + split_uris(row["related"])
    groups = {esco[uri][0] for uri in chosen if uri in esco}
    near = sorted(u for u, (g, _, _) in esco.items() if g in groups and u not in chosen)
    minor = {g[:3] for g in groups}
    wider = sorted(
        u for u, (g, _, _) in esco.items() if g[:3] in minor and g not in groups and u not in chosen
    )
    picked = rng.sample(near, min(2, len(near)))
    pool = [u for u in wider if u not in picked] or [u for u in near if u not in picked]
    picked += rng.sample(pool, min(DISTRACTORS - len(picked), len(pool)))
    result = list(dict.fromkeys(chosen + picked))
    rng.shuffle(result)
    return result


def write_sample(path: Path = SAMPLE, size: int = SAMPLE_SIZE) -> None:
    rows = read_rows()
    esco = occupations()
    rng = random.Random(SEED)
    ids = sorted(rng.sample(sorted(rows), size))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write("id\ttitle\tcandidates\n")
        for item_id in ids:
            uris = candidates(rows[item_id], esco, rng)
            cells = "|".join(f"{u}={esco[u][1]} / {esco[u][2]}" for u in uris)
            handle.write(f"{item_id}\t{rows[item_id]['title']}\t{cells}\n")
    print(f"wrote {size} titles to {path}")


def read_sample(path: Path = SAMPLE) -> dict[str, list[str]]:
    """Sample id -> candidate URIs."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            row["id"]: [cell.split("=", 1)[0] for cell in row["candidates"].split("|") if cell]
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def cohen_kappa(pairs: list[tuple[bool, bool]]) -> float:
    """Cohen's kappa of two binary raters; 1.0 when both agree and never vary."""
    n = len(pairs)
    if n == 0:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / n
    p1 = sum(a for a, _ in pairs) / n
    p2 = sum(b for _, b in pairs) / n
    expected = p1 * p2 + (1 - p1) * (1 - p2)
    if expected == 1.0:
        return 1.0
    return (observed - expected) / (1 - expected)


def agreement(
    first: dict[str, dict[str, str]],
    sample: dict[str, list[str]],
    second: dict[str, tuple[str, set[str]]],
    esco: dict[str, tuple[str, str, str]],
) -> dict[str, float]:
    """Kappa and raw agreement over (title, candidate) pairs; top-1 agreement."""
    pairs: list[tuple[bool, bool]] = []
    top1 = lenient = judged = 0
    for item_id, uris in sample.items():
        if item_id not in second or item_id not in first:
            continue
        judged += 1
        gold = set(split_uris(first[item_id]["gold"]))
        related = set(split_uris(first[item_id]["related"]))
        best, correct = second[item_id]
        pairs.extend((uri in gold, uri in correct) for uri in uris)
        top1 += best in gold
        units = {esco[u][0] for u in gold if u in esco}
        lenient += best in gold | related or (best in esco and esco[best][0] in units)
    n = max(judged, 1)
    return {
        "titles": judged,
        "pairs": len(pairs),
        "kappa": cohen_kappa(pairs),
        "raw": sum(a == b for a, b in pairs) / max(len(pairs), 1),
        "top1": top1 / n,
        "top1_lenient": lenient / n,
    }


def read_answers(path: Path) -> dict[str, tuple[str, set[str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            row["id"]: (row["best"].strip(), set(split_uris(row.get("correct") or "")))
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def main(argv: list[str]) -> int:
    if argv[:1] == ["sample"]:
        write_sample()
        return 0
    if argv[:1] == ["agree"] and len(argv) == 2:
        result = agreement(read_rows(), read_sample(), read_answers(Path(argv[1])), occupations())
        print("| titles | pairs | kappa (correct?) | raw | top-1 | top-1 lenient |")
        print("|---|---|---|---|---|---|")
        print(
            f"| {result['titles']:.0f} | {result['pairs']:.0f} | {result['kappa']:.2f} "
            f"| {result['raw']:.2f} | {result['top1']:.2f} | {result['top1_lenient']:.2f} |"
        )
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
