"""Postcode -> coordinates and distances, for places of work and the radius filter.

Postcodes are looked up through `dualcareer.network.geo.postcode_lookup`
(the matching engine's GeoNames gazetteer), distances with the engine's
great-circle formula, so the platform has one copy of the data and one rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from dualcareer.matching import geo as engine_geo
from dualcareer.network.geo import postcode_lookup


@dataclass(frozen=True)
class Point:
    latitude: float
    longitude: float
    place: str = ""


def postcode_point(postcode: str) -> Point | None:
    """Return the coordinates of a German postcode, or None if it is malformed or unknown."""
    found = postcode_lookup(postcode)
    if found is None:
        return None
    return Point(float(found.latitude), float(found.longitude), found.place)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    return engine_geo.distance_km(engine_geo.Point(lat1, lon1), engine_geo.Point(lat2, lon2))


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
