"""Validate the hand-judged occupation-title benchmark files.

Checks one or more TSV files with the columns
``id  title  style  gold  related  notes  split``:

* the header line is exactly those columns;
* ids are unique and look like ``de-0001`` / ``en-0001`` (one prefix per file);
* the style is known (for German titles) and non-empty (for any file);
* every gold/related URI is an ESCO v1.2.0 occupation in ``dualcareer/data``;
  gold has 1-4 URIs and related does not repeat a gold URI;
* no title is identical to an ESCO label (preferred, alternative or hidden,
  German or English) after lower-casing;
* the split column follows the hash rule
  ``test if int(sha1(id).hexdigest(), 16) % 5 < 3 else dev``.

It also reports "close variants": titles whose normalised form (gender
markers such as ``(m/w/d)``, ``/-in``, ``*in`` removed, punctuation folded)
equals a normalised ESCO label. That is a figure, not an error.

Usage::

    python bench/titles/validate.py [FILE ...]   # default: both files here

Exit status 1 when any file has errors. Only the standard library is used, so
the check is independent of the matching engine.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "dualcareer" / "data"
DEFAULT_FILES = (HERE / "de_titles.tsv", HERE / "en_vacancies.tsv")
HEADER = ["id", "title", "style", "gold", "related", "notes", "split"]
DE_STYLES = frozenset(
    {
        "training",
        "master",
        "technician",
        "further",
        "civil",
        "academic",
        "jobboard",
        "pair",
        "austrian",
    }
)
ID_RE = re.compile(r"^(de|en)-\d{4}$")
MAX_GOLD = 4

_GENDER_MARKERS = re.compile(
    r"\((?:[mwfdx]\s*/\s*){2,3}[mwfdx]\)|\(all genders\)|\(gn\)|\(m/f\)|\(f/m\)|\(w/m\)|\(m/w\)",
    re.IGNORECASE,
)
_GENDER_SUFFIX = re.compile(r"(?:/-?|\*|:|_)(?:in|innen|frau|r|e)\b|\((?:in|r)\)", re.IGNORECASE)


def split_for(item_id: str) -> str:
    """The dev/test split of an id (about 60% test, 40% dev)."""
    digest = hashlib.sha1(item_id.encode(), usedforsecurity=False).hexdigest()
    return "test" if int(digest, 16) % 5 < 3 else "dev"


def normalise(text: str) -> str:
    """Lower-case, drop gender markers and punctuation, collapse blanks."""
    text = _GENDER_MARKERS.sub(" ", text)
    text = _GENDER_SUFFIX.sub("", text)
    text = re.sub(r"[^\w]+", " ", text.lower())
    return " ".join(text.split())


@dataclass(frozen=True)
class Esco:
    uris: frozenset[str]
    labels: frozenset[str]  # lower-cased, exact
    normalised: frozenset[str]  # normalise()d, each "A/B" preferred label split


def _label_forms(row: dict[str, str]) -> list[str]:
    forms = [row["preferred_label"], *row["preferred_label"].split("/")]
    for column in ("alt_labels", "hidden_labels"):
        forms += [label for label in row[column].split("|") if label]
    return [form.strip() for form in forms if form.strip()]


@lru_cache(maxsize=1)
def load_esco(data_dir: Path = DATA) -> Esco:
    """All occupation URIs and labels of both languages."""
    uris: set[str] = set()
    labels: set[str] = set()
    normalised: set[str] = set()
    for lang in ("de", "en"):
        with gzip.open(data_dir / f"esco_occupations_{lang}.csv.gz", "rt", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                uris.add(row["uri"])
                forms = _label_forms(row)
                labels.update(form.lower() for form in forms)
                normalised.update(normalise(form) for form in forms)
    return Esco(frozenset(uris), frozenset(labels), frozenset(normalised))


@dataclass
class Report:
    path: Path
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    close_variants: list[str] = field(default_factory=list)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        styles = sorted({style for style, _ in self.counts})
        lines = [f"{self.path.name}: {self.rows} rows, {len(self.errors)} errors"]
        lines.append(f"  {'style':<12}{'dev':>6}{'test':>6}{'all':>6}")
        for style in styles:
            dev, test = self.counts[style, "dev"], self.counts[style, "test"]
            lines.append(f"  {style:<12}{dev:>6}{test:>6}{dev + test:>6}")
        dev = sum(n for (_, s), n in self.counts.items() if s == "dev")
        test = sum(n for (_, s), n in self.counts.items() if s == "test")
        lines.append(f"  {'total':<12}{dev:>6}{test:>6}{dev + test:>6}")
        share = len(self.close_variants) / self.rows if self.rows else 0.0
        lines.append(f"  close variants of an ESCO label: {len(self.close_variants)} ({share:.1%})")
        lines += [f"  ERROR {error}" for error in self.errors[:50]]
        if len(self.errors) > 50:
            lines.append(f"  ... {len(self.errors) - 50} more errors")
        return "\n".join(lines)


def _uris(cell: str) -> list[str]:
    return [uri for uri in cell.split("|") if uri]


def validate(path: Path, esco: Esco | None = None) -> Report:
    """Check one benchmark file; problems are collected in ``Report.errors``."""
    esco = esco or load_esco()
    report = Report(path)
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header != HEADER:
            report.errors.append(f"header is {header!r}, expected {HEADER!r}")
            return report
        seen: set[str] = set()
        prefixes: set[str] = set()
        for line_no, row in enumerate(reader, start=2):
            if not any(row):
                continue
            report.rows += 1
            where = f"line {line_no}"
            if len(row) != len(HEADER):
                report.errors.append(f"{where}: {len(row)} columns, expected {len(HEADER)}")
                continue
            item_id, title, style, gold, related, _notes, split = row
            match = ID_RE.match(item_id)
            if not match:
                report.errors.append(f"{where}: bad id {item_id!r}")
            else:
                prefixes.add(match.group(1))
            if item_id in seen:
                report.errors.append(f"{where}: duplicate id {item_id}")
            seen.add(item_id)
            if not title.strip():
                report.errors.append(f"{where}: empty title")
            if not style:
                report.errors.append(f"{where}: empty style")
            elif item_id.startswith("de-") and style not in DE_STYLES:
                report.errors.append(f"{where}: unknown style {style!r}")
            gold_uris, related_uris = _uris(gold), _uris(related)
            if not 1 <= len(gold_uris) <= MAX_GOLD:
                report.errors.append(f"{where}: {len(gold_uris)} gold URIs, expected 1-{MAX_GOLD}")
            for uri in gold_uris + related_uris:
                if uri not in esco.uris:
                    report.errors.append(f"{where}: unknown ESCO URI {uri}")
            if len(set(gold_uris)) != len(gold_uris) or set(gold_uris) & set(related_uris):
                report.errors.append(f"{where}: repeated URI in gold/related")
            if title.strip().lower() in esco.labels:
                report.errors.append(f"{where}: title {title!r} copies an ESCO label")
            elif normalise(title) in esco.normalised:
                report.close_variants.append(item_id)
            if split != split_for(item_id):
                report.errors.append(
                    f"{where}: split {split!r} but the hash rule gives {split_for(item_id)!r}"
                )
            report.counts[style, split] += 1
        if len(prefixes) > 1:
            report.errors.append(f"mixed id prefixes {sorted(prefixes)}")
    if report.rows == 0:
        report.errors.append("no rows")
    return report


def main(argv: list[str]) -> int:
    paths = [Path(arg) for arg in argv] or [path for path in DEFAULT_FILES if path.exists()]
    reports = [validate(path) for path in paths]
    for report in reports:
        print(report.summary())
    return 0 if all(report.ok for report in reports) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
