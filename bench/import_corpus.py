"""Benchmark: reading the test corpus of real-world postings, and what a 304 saves a feed.

1. Every file of `dualcareer/openings/tests/corpus/` read as the import reads
   it (charset, JSON-LD / Microdata / RDFa / recovered objects, mapping of
   each posting), median of `--repeat` runs, grouped by syntax: the cost of
   extruct's Microdata and RDFa next to plain JSON-LD.
2. A career page of `--postings` JobPostings served by a local HTTP server:
   a full fetch + read + map, against a conditional request answered 304
   (what an unchanged feed costs per run: no parsing at all).

No database: the storing side is measured by `bench/openings_import.py`.

    .venv/bin/python bench/import_corpus.py
    .venv/bin/python bench/import_corpus.py --repeat 50 --postings 500
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

CORPUS = ROOT / "dualcareer" / "openings" / "tests" / "corpus"


def median_ms(function: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def syntax(name: str) -> str:
    if "microdata" in name:
        return "Microdata"
    if "rdfa" in name:
        return "RDFa"
    if name.endswith(".json"):
        return "JSON"
    return "HTML + JSON-LD"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--postings", type=int, default=200)
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import override_settings

    from dualcareer.openings.extraction import decode, documents_from_text, postings_from_documents
    from dualcareer.openings.fetching import fetch
    from dualcareer.openings.mapping import posting_to_opening
    from dualcareer.openings.tests.feed_server import FeedServer
    from dualcareer.openings.tests.test_openings_import import posting

    def read(data: bytes, content_type: str = "") -> int:
        text = decode(data, content_type)[0]
        report_others = text.lstrip().startswith(("{", "["))
        count = 0
        for item in postings_from_documents(documents_from_text(text), report_others=report_others):
            try:
                posting_to_opening(item)
                count += 1
            except Exception:  # noqa: S112 - the broken files are part of the corpus
                continue
        return count

    print(f"1. corpus files read and mapped (median of {args.repeat}, ms)")
    by_syntax: dict[str, list[float]] = {}
    for path in sorted(CORPUS.iterdir()):
        if path.name == "manifest.json":
            continue
        data = path.read_bytes()
        read(data)  # warm up (imports, the country names)
        ms = median_ms(lambda data=data: read(data), args.repeat)
        by_syntax.setdefault(syntax(path.name), []).append(ms)
        print(f"   {path.name:48} {len(data):7,d} B {ms:8.2f}")
    print("   by syntax (median over files):")
    for name, values in sorted(by_syntax.items()):
        print(f"   {name:16} {len(values):3d} files {statistics.median(values):8.2f} ms")

    server = FeedServer().start()
    try:
        blocks = "".join(
            f'<script type="application/ld+json">{json.dumps(posting(f"B{n}"))}</script>'
            for n in range(args.postings)
        )
        server.set("/jobs", f"<!DOCTYPE html><html><head>{blocks}</head><body></body></html>")
        with override_settings(OPENINGS_FETCH_TEST_LOOPBACK_PORTS=(server.port,)):
            first = fetch(server.url("/jobs"))

            def full() -> None:
                result = fetch(server.url("/jobs"))
                read(result.body, result.content_type)

            def conditional() -> None:
                result = fetch(server.url("/jobs"), etag=first.etag)
                assert result.not_modified

            full_ms = median_ms(full, args.repeat)
            not_modified_ms = median_ms(conditional, args.repeat)
        print(
            f"\n2. a career page of {args.postings} postings ({len(first.body):,} B), "
            f"median of {args.repeat}"
        )
        print(f"   fetch + read + map (changed feed)   {full_ms:9.2f} ms")
        print(f"   conditional request answered 304    {not_modified_ms:9.2f} ms (nothing parsed)")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
