"""Command line: rank a corpus for queries, evaluate a run against judgements.

    python -m dualcareer.matching rank --corpus C.tsv --queries Q.tsv --top 1000 [--out RUN]
    python -m dualcareer.matching evaluate --qrels QRELS --run RUN [--min-relevance 1]

`rank` reads `id<TAB>text` lines and writes `query_id<TAB>corpus_id<TAB>score`
lines; `evaluate` reads TREC qrels (`query_id 0 corpus_id relevance`) and
prints MAP, MRR, success@1/5/10 and nDCG@10. Everything runs offline.
"""

from __future__ import annotations

import os

# One BLAS thread (set before numpy loads OpenBLAS): a query costs a few small
# matrix-vector products, for which a second thread costs more than it saves (it
# spins while it waits: ~4x the CPU, and far more wall time on a busy machine).
# The results are the same; OPENBLAS_NUM_THREADS in the environment still wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from dualcareer.matching.metrics import evaluate_files, format_metrics
from dualcareer.matching.retrieval import METHODS, CorpusRanker, read_tsv


def _rank(args: argparse.Namespace, out: TextIO) -> None:
    with args.corpus.open(encoding="utf-8") as fh:
        corpus = read_tsv(fh.readlines())
    with args.queries.open(encoding="utf-8") as fh:
        queries = read_tsv(fh.readlines())
    linker = embedder = None
    if args.method in ("engine", "embedding"):
        from dualcareer.matching.vectors import default_embedder

        embedder = default_embedder()
    if args.method == "engine":
        from dualcareer.matching.occupations import OccupationLinker

        linker = OccupationLinker.default()
    ranker = CorpusRanker(corpus, method=args.method, linker=linker, embedder=embedder)
    for query_id, doc_id, score in ranker.rank(queries, top=args.top):
        out.write(f"{query_id}\t{doc_id}\t{score:.6f}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m dualcareer.matching", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    rank = commands.add_parser("rank", help="rank corpus texts for each query")
    rank.add_argument("--corpus", type=Path, required=True, help="id<TAB>text per line")
    rank.add_argument("--queries", type=Path, required=True, help="id<TAB>text per line")
    rank.add_argument("--top", type=int, default=1000, help="results per query (default 1000)")
    rank.add_argument("--out", type=Path, help="write the run here instead of stdout")
    rank.add_argument("--method", choices=METHODS, default="engine", help="engine or a baseline")
    evaluate = commands.add_parser("evaluate", help="score a run against relevance judgements")
    evaluate.add_argument("--qrels", type=Path, required=True, help="query_id 0 doc_id relevance")
    evaluate.add_argument("--run", type=Path, required=True, help="query_id<TAB>doc_id<TAB>score")
    evaluate.add_argument("--min-relevance", type=int, default=1, help="relevant from (default 1)")
    args = parser.parse_args(argv)

    try:
        if args.command == "rank":
            if args.out:
                with args.out.open("w", encoding="utf-8") as out:
                    _rank(args, out)
            else:
                _rank(args, sys.stdout)
        else:
            print(format_metrics(evaluate_files(args.qrels, args.run, args.min_relevance)))
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
