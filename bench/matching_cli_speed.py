"""Speed of the command line's ranking (`python -m dualcareer.matching rank`) and warm-up.

    .venv/bin/python bench/matching_cli_speed.py [--docs 3000] [--queries 300]

Phases, each timed as wall clock and as this process's CPU time (the machine
is shared; CPU time is what the work costs on an idle core):

1. warm-up: a fresh process imports the engine and builds
   ``OccupationLinker.default()`` (what a web worker does before its first
   matching request);
2. corpus: ``CorpusRanker`` indexes the first N ESCO preferred labels
   (alternating English and German) as the corpus, as ``rank`` does;
3. ranking: queries per second once warm, over real-style titles
   (``bench/titles/*.tsv``, titles only, all splits; the judgements are not read),
   top 1000 per query written to an in-memory run as the CLI does; the run's
   SHA-256 is printed, so that two codes' results can be compared;
4. linking: CPU per title of ``OccupationLinker.scores`` (what storing an
   opening's or a profile's ESCO links costs), over the same titles, and
   this process's resident memory after ``OccupationLinker.default()``.

BLAS runs on one thread, as the CLI sets it (``--blas-threads 1``, the
default; ``--blas-threads ""`` leaves OpenBLAS its default, one thread per
core, as the code before ran).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WARM_UP = """
import time
wall, cpu = time.perf_counter(), time.process_time()
from dualcareer.matching.occupations import OccupationLinker
OccupationLinker.default()
print(time.perf_counter() - wall, time.process_time() - cpu)
"""


def _titles(limit: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name in ("de_titles.tsv", "en_vacancies.tsv"):
        path = ROOT / "bench" / "titles" / name
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as fh:
            out.extend((row["id"], row["title"]) for row in csv.DictReader(fh, delimiter="\t"))
    if not out:
        with (ROOT / "bench" / "matching_titles_de.tsv").open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip() and not line.startswith("#"):
                    query_id, title, _ = line.split("\t")
                    out.append((query_id, title))
    # Interleave German and English titles.
    german = [q for q in out if q[0].startswith(("de-", "t"))]
    english = [q for q in out if q not in german]
    mixed = [q for pair in zip(german, english, strict=False) for q in pair]
    mixed += german[len(english) :] + english[len(german) :]
    return mixed[:limit]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--warm-up-runs", type=int, default=2)
    parser.add_argument("--blas-threads", default="1", help='"" for OpenBLAS\'s default')
    args = parser.parse_args()
    if args.blas_threads:  # before numpy is imported (the warm-up children inherit it)
        os.environ["OPENBLAS_NUM_THREADS"] = args.blas_threads
    print(f"command: {' '.join(sys.argv)}  (code in {ROOT})")
    print(f"BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'default')}")

    for run in range(args.warm_up_runs):
        result = subprocess.run(
            [sys.executable, "-c", WARM_UP], cwd=ROOT, capture_output=True, text=True, check=True
        )
        wall, cpu = (float(x) for x in result.stdout.split()[-2:])
        print(f"warm-up run {run + 1}: {wall:.1f} s wall, {cpu:.1f} s CPU")

    from dualcareer.matching.occupations import OccupationLinker
    from dualcareer.matching.retrieval import CorpusRanker

    linker = OccupationLinker.default()
    resident_mb = _resident_mb()
    occupations = linker.catalog.occupations
    corpus = [
        (f"c{i}", occupations[i // 2].preferred["en" if i % 2 == 0 else "de"])
        for i in range(min(args.docs, 2 * len(occupations)))
    ]
    queries = _titles(args.queries)

    wall, cpu = time.perf_counter(), time.process_time()
    ranker = CorpusRanker(corpus, method="engine", linker=linker)
    print(
        f"corpus of {len(corpus)} labels indexed: {time.perf_counter() - wall:.1f} s wall, "
        f"{time.process_time() - cpu:.1f} s CPU"
    )
    list(ranker.rank(queries[:5], top=1000))  # first queries fill per-process caches
    wall, cpu = time.perf_counter(), time.process_time()
    out = io.StringIO()
    for query_id, doc_id, score in ranker.rank(queries, top=1000):
        out.write(f"{query_id}\t{doc_id}\t{score:.6f}\n")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"ranking {len(queries)} queries over {len(corpus)} labels (top 1000): "
        f"{len(queries) / wall:.1f} queries/s wall, {len(queries) / cpu:.1f} queries/s CPU"
    )
    print(f"run sha256: {hashlib.sha256(out.getvalue().encode()).hexdigest()[:16]}")
    cpu = time.process_time()
    for _, title in queries:
        linker.scores(title)
    cpu = time.process_time() - cpu
    print(f"linking: {1000 * cpu / len(queries):.1f} ms CPU per title ({len(queries)} titles)")
    print(f"resident memory after OccupationLinker.default(): {resident_mb} MB")


def _resident_mb() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return 0


if __name__ == "__main__":
    main()
