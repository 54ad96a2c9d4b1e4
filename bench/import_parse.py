"""Benchmark: reading the JSON-LD blocks of pathological HTML pages for the import.

Compares `dualcareer.openings.importing.ld_json_blocks` (lxml's HTML parser,
fed in chunks under a time bound) with the regular expression the import used before (copied below
as the baseline) and with the standard library's `html.parser` (which is
quadratic on some inputs in Python 3.11). The baselines run on the small
sizes only: on 1 MB they would take hours.

Shapes (each page also holds one valid ld+json block):

- `unclosed-ld-json`: `<script type="application/ld+json">` repeated, the
  elements never closed (quadratic in the old regular expression);
- `unclosed-script-tags`: `<script type="application/ld+json" ` repeated, the
  tags never closed (worse than quadratic in the old regular expression: the
  review measured 3.5 s for 55 KB and 21 s for 109 KB, this machine about 12 s
  and 98 s, so the full run takes about two minutes);
- `unclosed-tags`: `<a` repeated (quadratic in html.parser);
- `many-tags`: an ordinary but large page, `<p>text</p>` repeated.

    .venv/bin/python bench/import_parse.py
    .venv/bin/python bench/import_parse.py --sizes 55000 109000
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

# The import's regular expression before the fix (quadratic on unclosed scripts).
OLD_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*[\"']application/ld\+json[\"'][^>]*>(.*?)</script>",
    re.IGNORECASE | re.DOTALL,
)
BASELINE_MAX = 110_000  # the baselines run on pages up to this size only
VALID = '<script type="application/ld+json">{"@type": "JobPosting"}</script>'
SHAPES: dict[str, str] = {
    "unclosed-ld-json": '<script type="application/ld+json">',
    "unclosed-script-tags": '<script type="application/ld+json" ',
    "unclosed-tags": "<a",
    "many-tags": "<p>Eine Stelle in Essen.</p>\n",
}


def page(shape: str, size: int) -> str:
    unit = SHAPES[shape]
    return "<html><head>" + VALID + unit * max(1, (size - len(VALID) - 12) // len(unit))


class _Blocks(HTMLParser):
    """The ld+json blocks as the standard library's html.parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self.inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.blocks[-1] += data


def html_parser_blocks(text: str) -> list[str]:
    parser = _Blocks()
    parser.feed(text)
    parser.close()
    return parser.blocks


def timed(function: Callable[[str], object], text: str) -> float:
    started = time.perf_counter()
    function(text)
    return time.perf_counter() - started


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument(
        "--sizes", type=int, nargs="+", default=[55_000, 109_000, 1_000_000, 10_000_000]
    )
    arguments.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    options = arguments.parse_args()

    import django

    django.setup()
    from dualcareer.openings.importing import ld_json_blocks

    def new(text: str) -> list[str]:
        return ld_json_blocks(text, seconds=3600)

    print(
        f"{'shape':<20} {'size':>10} {'new s':>8} {'old regex s':>12} {'ratio':>8} "
        f"{'html.parser s':>14}"
    )
    for shape in options.shapes:
        for size in options.sizes:
            text = page(shape, size)
            new_seconds = timed(new, text)
            old = parser = "-"
            ratio = "-"
            if len(text) <= BASELINE_MAX:
                old_seconds = timed(OLD_SCRIPT.findall, text)
                old = f"{old_seconds:.3f}"
                ratio = f"{old_seconds / max(new_seconds, 1e-6):.0f}x"
                parser = f"{timed(html_parser_blocks, text):.3f}"
            print(
                f"{shape:<20} {len(text):>10} {new_seconds:>8.3f} {old:>12} {ratio:>8} "
                f"{parser:>14}",
                flush=True,
            )


if __name__ == "__main__":
    main()
