"""Postcode -> place and coordinates, from the GeoNames data the project ships.

The one entry point is `postcode_lookup`. It reads
`dualcareer/data/postcodes_de.csv.gz` (GeoNames, CC BY 4.0) once per process;
when the matching engine's gazetteer (`dualcareer.matching.geo`) offers the
same lookup, this function is the one place to swap.
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "postcodes_de.csv.gz"
_FIVE_DIGITS = re.compile(r"^[0-9]{5}$")


@dataclass(frozen=True)
class PostcodePlace:
    """Where a German postcode lies: its main place name and mean coordinates."""

    postcode: str
    place: str
    latitude: Decimal
    longitude: Decimal


@lru_cache(maxsize=1)
def _table() -> dict[str, PostcodePlace]:
    sums: dict[str, list[float]] = {}
    places: dict[str, str] = {}
    with gzip.open(DATA_FILE, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code = row["postcode"]
            entry = sums.setdefault(code, [0.0, 0.0, 0.0])
            entry[0] += float(row["lat"])
            entry[1] += float(row["lon"])
            entry[2] += 1
            places.setdefault(code, row["place"])
    return {
        code: PostcodePlace(
            postcode=code,
            place=places[code],
            latitude=Decimal(f"{lat / n:.6f}"),
            longitude=Decimal(f"{lon / n:.6f}"),
        )
        for code, (lat, lon, n) in sums.items()
    }


def postcode_lookup(postcode: str) -> PostcodePlace | None:
    """Return the place of a German postcode, or None if it is malformed or unknown."""
    code = (postcode or "").strip()
    if not _FIVE_DIGITS.match(code):
        return None
    return _table().get(code)
