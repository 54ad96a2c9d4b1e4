"""Postcode -> coordinates and distances, for places of work and the radius filter.

Uses the shared gazetteer (`dualcareer.core.geo`, else the matching engine's
`dualcareer.matching.geo`) when one exists; otherwise reads the GeoNames
postcodes the product ships (`dualcareer/data/postcodes_de.csv.gz`).
"""

from __future__ import annotations

import csv
import gzip
import importlib
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data" / "postcodes_de.csv.gz"
EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    place: str = ""


@lru_cache(maxsize=1)
def _table() -> dict[str, Point]:
    table: dict[str, Point] = {}
    with gzip.open(DATA, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            # The first row of a postcode is its main place; later rows are sub-places.
            table.setdefault(
                row["postcode"], Point(float(row["lat"]), float(row["lon"]), row["place"])
            )
    return table


@lru_cache(maxsize=1)
def _shared_gazetteer() -> Any:
    """The shared gazetteer object, or None when no app provides one."""
    for name in ("dualcareer.core.geo", "dualcareer.matching.geo"):
        try:
            module: Any = importlib.import_module(name)
        except ImportError:
            continue
        gazetteer = getattr(module, "Gazetteer", None)
        if gazetteer is not None and hasattr(gazetteer, "default"):
            try:
                return gazetteer.default()
            except Exception:
                return None
    return None


def _shared_lookup(postcode: str) -> Point | None | bool:
    """Ask a shared gazetteer; False when none is installed or it fails."""
    gazetteer = _shared_gazetteer()
    if gazetteer is not None:
        try:
            found = gazetteer.postcode(postcode)
        except Exception:
            return False
        if found is None:
            return None
        lat = getattr(found, "lat", getattr(found, "latitude", None))
        lon = getattr(found, "lon", getattr(found, "longitude", None))
        if lat is None or lon is None:
            return False
        return Point(float(lat), float(lon), str(getattr(found, "place", "") or ""))
    return False


def postcode_point(postcode: str) -> Point | None:
    """Return the coordinates of a German postcode, or None if it is unknown."""
    postcode = (postcode or "").strip()
    if len(postcode) != 5 or not postcode.isdigit():
        return None
    shared = _shared_lookup(postcode)
    if shared is not False:
        return shared if isinstance(shared, Point) else None
    return _table().get(postcode)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def bounding_box(point: Point, radius_km: float) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lon, max_lon) around `point` (a cheap pre-filter)."""
    dlat = radius_km / 111.0
    dlon = radius_km / (111.0 * max(math.cos(math.radians(point.latitude)), 0.01))
    return (
        point.latitude - dlat,
        point.latitude + dlat,
        point.longitude - dlon,
        point.longitude + dlon,
    )
