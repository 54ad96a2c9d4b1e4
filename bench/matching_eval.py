"""Matching quality on real data: the engine against baselines, measured in the same run.

    .venv/bin/python bench/matching_eval.py [--queries 600] [--split test] [--seed 13]

Tasks (queries -> corpus; relevance 2 = same occupation, 1 = same ISCO-08 unit group):

- ``esco-de->en``: German ESCO alternative labels -> English preferred labels.
- ``esco-de->de``: the same German labels -> German preferred labels.
- ``esco-en->de``: English ESCO alternative labels -> German preferred labels.
- ``titles-de->en`` / ``titles-de->de``: hand-written German job titles in the
  style of job boards and the BA's classification (``bench/matching_titles_de.tsv``,
  not ESCO labels) -> ESCO preferred labels, judged by hand.
- ``bench-de->en`` / ``bench-de->de``: the harder benchmark of real-style German
  titles (``bench/titles/de_titles.tsv``: training, master, technician,
  further-training, civil-service, academic, job-board, pair and Austrian
  forms) -> English / German ESCO preferred labels.
- ``hard-de->en`` / ``hard-de->de`` / ``hard-en->de``: the same, on the harder
  set written without looking at ESCO (``bench/titles/hard_*.tsv``).
- ``bench-en->de``: real-style English vacancy titles
  (``bench/titles/en_vacancies.tsv``: seniority, company names, slashes,
  abbreviations) -> German ESCO preferred labels.
  Relevance in the ``bench-*`` tasks: 2 = a gold occupation, 1 = a "related"
  occupation or another occupation in a gold occupation's ISCO-08 unit group.
  ``--split`` picks the rows of that split (the files' own ``split`` column).
- ``real-en->de`` / ``real-en->en``: real-style English vacancy titles written
  as employers post them (``bench/titles/real_en_vacancies.tsv``: pay, shifts,
  requisition codes, company names, Denglisch, all sectors) -> German / English
  ESCO preferred labels; graded like the ``bench-*`` tasks.

The ESCO query labels are held out: they, and every label of the same
language with the same normalised terms (gender variants), are removed from
the catalogue the engine links with, and from its compound vocabulary; no
label that normalises like its occupation's preferred label is used as a
query. Occupations are split by a hash of their URI into a "dev" half (used
while choosing the weights) and a "test" half (reported).

Methods: engine (this package), chars (character 3-5-gram tf-idf), bm25
(stemmed, compound-split terms), embedding (USE multilingual alone).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dualcareer.matching.metrics import Qrels, evaluate, read_run  # noqa: E402
from dualcareer.matching.occupations import (  # noqa: E402
    LANGUAGES,
    OccupationCatalog,
    OccupationLinker,
    label_key,
)
from dualcareer.matching.retrieval import METHODS, CorpusRanker  # noqa: E402
from dualcareer.matching.texts import normalise_title  # noqa: E402
from dualcareer.matching.vectors import default_embedder, second_embedder  # noqa: E402

TITLES = Path(__file__).resolve().parent / "matching_titles_de.tsv"
BENCH = Path(__file__).resolve().parent / "titles"
BENCH_FILES = {"de": BENCH / "de_titles.tsv", "en": BENCH / "en_vacancies.tsv"}
HARD_FILES = {"de": BENCH / "hard_de_titles.tsv", "en": BENCH / "hard_en_vacancies.tsv"}
REAL_FILES = {"en": BENCH / "real_en_vacancies.tsv"}
METRICS = ("MAP", "MRR", "success@1", "success@5", "success@10", "nDCG@10")


def _half(uri: str) -> str:
    return "dev" if hashlib.sha256(uri.encode()).digest()[0] % 2 == 0 else "test"


def _key(label: str, lang: str) -> str:
    return label_key(normalise_title(label, "de") if lang == "de" else label, lang)  # type: ignore[arg-type]


def held_out_queries(
    catalog: OccupationCatalog, lang: str, n: int, split: str, seed: int
) -> tuple[list[tuple[str, str]], set[str]]:
    """Pick one alternative label per sampled occupation; return queries and labels to exclude."""
    rng = random.Random(seed)
    candidates = []
    for occupation in catalog.occupations:
        if _half(occupation.uri) != split:
            continue
        own = _key(occupation.preferred[lang], lang)
        labels = [
            label for label in occupation.alternatives[lang] if _key(label, lang) not in ("", own)
        ]
        if labels:
            candidates.append((occupation.uri, rng.choice(sorted(labels))))
    rng.shuffle(candidates)
    chosen = sorted(candidates[:n])
    held_keys = {_key(label, lang) for _, label in chosen}
    excluded = {
        label
        for occupation in catalog.occupations
        for label in occupation.alternatives[lang]
        if _key(label, lang) in held_keys
    }
    return [(uri, label) for uri, label in chosen], excluded


def graded_qrels(catalog: OccupationCatalog, targets: dict[str, set[str]]) -> Qrels:
    """Return qrels: 2 for a target occupation, 1 for others in a target's ISCO group."""
    qrels: Qrels = {}
    for query_id, uris in targets.items():
        groups = {catalog[u].isco_group for u in uris}
        judged = {o.uri: 1 for o in catalog.occupations if o.isco_group in groups}
        judged.update(dict.fromkeys(uris, 2))
        qrels[query_id] = judged
    return qrels


def hand_titles(catalog: OccupationCatalog) -> tuple[list[tuple[str, str]], dict[str, set[str]]]:
    """Read the hand-judged titles: id, title, English preferred labels of the right occupations."""
    by_label = {o.preferred["en"]: o.uri for o in catalog.occupations}
    queries, targets = [], {}
    for line in TITLES.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        query_id, title, labels = line.split("\t")
        queries.append((query_id, title))
        targets[query_id] = {by_label[label.strip()] for label in labels.split(";")}
    return queries, targets


def bench_titles(
    catalog: OccupationCatalog, path: Path, split: str, styles: set[str] | None = None
) -> tuple[list[tuple[str, str]], Qrels]:
    """Read a benchmark file's rows of `split`; return queries and graded qrels (full URIs).

    Grade 2: the gold occupations; grade 1: the "related" ones and every other
    occupation in a gold occupation's ISCO-08 unit group.
    """
    queries: list[tuple[str, str]] = []
    qrels: Qrels = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        if not line.strip():
            continue
        row = dict(zip(header, line.split("\t"), strict=False))
        if row.get("split", "").strip() != split:
            continue
        if styles and row.get("style", "").strip() not in styles:
            continue
        gold = [u for u in row.get("gold", "").split("|") if u.strip()]
        related = [u for u in row.get("related", "").split("|") if u.strip()]
        gold = [u.strip() for u in gold if u.strip() in catalog.by_uri]
        if not gold:
            continue
        groups = {catalog[u].isco_group for u in gold}
        judged = {o.uri: 1 for o in catalog.occupations if o.isco_group in groups}
        judged.update(dict.fromkeys((u.strip() for u in related if u.strip() in catalog.by_uri), 1))
        judged.update(dict.fromkeys(gold, 2))
        queries.append((row["id"], row["title"]))
        qrels[row["id"]] = judged
    return queries, qrels


def run_methods(
    corpus: Sequence[tuple[str, str]],
    queries: Sequence[tuple[str, str]],
    qrels: Qrels,
    linker: OccupationLinker,
    methods: Sequence[str],
    run_dir: Path | None = None,
    task: str = "",
) -> dict[str, dict[str, float]]:
    """Return metrics per method, ranking the whole corpus for each query."""
    results = {}
    for method in methods:
        started = time.perf_counter()
        ranker = CorpusRanker(corpus, method=method, linker=linker)  # type: ignore[arg-type]
        lines = [f"{q}\t{d}\t{s}" for q, d, s in ranker.rank(queries, top=1000)]
        if run_dir is not None and task:
            run_dir.mkdir(parents=True, exist_ok=True)
            safe = task.replace(">", "").replace("/", "_")
            (run_dir / f"{safe}.{method}.run").write_text("\n".join(lines) + "\n", "utf-8")
        metrics = evaluate(qrels, read_run(lines))
        metrics["seconds"] = time.perf_counter() - started
        results[method] = metrics
    return results


def print_table(task: str, n_queries: int, results: dict[str, dict[str, float]]) -> None:
    print(f"\n{task}  ({n_queries} queries, relevant = grade >= 1)")
    print(f"| method    | {' | '.join(f'{m:>10}' for m in METRICS)} | seconds |")
    print(f"|-----------|{'|'.join('-' * 12 for _ in METRICS)}|---------|")
    for method, metrics in results.items():
        cells = " | ".join(f"{metrics[m]:>10.3f}" for m in METRICS)
        print(f"| {method:<9} | {cells} | {metrics['seconds']:>7.1f} |")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=600, help="held-out labels per task")
    parser.add_argument("--split", choices=("dev", "test"), default="test")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument(
        "--tasks",
        default="esco-de,esco-en,titles,bench-de,bench-en,hard-de,hard-en,real-en",
        help="comma-separated",
    )
    parser.add_argument("--styles", default="", help="bench-* tasks: only these styles")
    parser.add_argument("--run-dir", type=Path, help="write each engine run here (TREC format)")
    args = parser.parse_args()
    methods = args.methods.split(",")
    tasks = args.tasks.split(",")
    print(f"command: {' '.join(sys.argv)}")
    full = OccupationCatalog.default()
    embedder = default_embedder()
    corpora = {
        lang: [(o.uri.rsplit("/", 1)[1], o.preferred[lang]) for o in full.occupations]
        for lang in LANGUAGES
    }

    def short(uri: str) -> str:
        return uri.rsplit("/", 1)[1]

    for query_lang in ("de", "en"):
        if f"esco-{query_lang}" not in tasks:
            continue
        queries, excluded = held_out_queries(full, query_lang, args.queries, args.split, args.seed)
        started = time.perf_counter()
        catalog = OccupationCatalog.load(exclude_labels=excluded)
        linker = OccupationLinker(catalog, embedder, second=second_embedder())
        print(
            f"\nheld out {len(excluded)} {query_lang} labels; linker built in "
            f"{time.perf_counter() - started:.1f} s"
        )
        qrels = graded_qrels(full, {short(u): {u} for u, _ in queries})
        qrels = {q: {short(d): r for d, r in j.items()} for q, j in qrels.items()}
        query_rows = [(short(u), label) for u, label in queries]
        targets = ("en", "de") if query_lang == "de" else ("de",)
        for corpus_lang in targets:
            results = run_methods(corpora[corpus_lang], query_rows, qrels, linker, methods)
            print_table(f"esco-{query_lang}->{corpus_lang}", len(queries), results)

    if "titles" in tasks:
        linker = OccupationLinker.default()
        queries, targets_by_query = hand_titles(full)
        qrels = graded_qrels(full, targets_by_query)
        qrels = {q: {short(d): r for d, r in j.items()} for q, j in qrels.items()}
        for corpus_lang in ("en", "de"):
            results = run_methods(corpora[corpus_lang], queries, qrels, linker, methods)
            print_table(f"titles-de->{corpus_lang}", len(queries), results)

    styles = set(filter(None, args.styles.split(",")))
    for name, files in (("bench", BENCH_FILES), ("hard", HARD_FILES), ("real", REAL_FILES)):
        for query_lang in ("de", "en"):
            path = files.get(query_lang)
            if f"{name}-{query_lang}" not in tasks or path is None or not path.exists():
                continue
            linker = OccupationLinker.default()
            queries, full_qrels = bench_titles(full, path, args.split, styles)
            qrels = {q: {short(d): r for d, r in j.items()} for q, j in full_qrels.items()}
            corpus_langs = ("en", "de") if query_lang == "de" else ("de",)
            for corpus_lang in ("de", "en") if name == "real" else corpus_langs:
                task = f"{name}-{query_lang}->{corpus_lang}"
                results = run_methods(
                    corpora[corpus_lang], queries, qrels, linker, methods, args.run_dir, task
                )
                print_table(f"{task} [{args.split}]", len(queries), results)


if __name__ == "__main__":
    main()
