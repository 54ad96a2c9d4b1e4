"""Postcode -> place and coordinates, from the GeoNames data the project ships.

The one entry point is `postcode_lookup`. It asks the matching engine's
gazetteer (`dualcareer.matching.geo`, GeoNames postcodes, CC BY 4.0), so the
platform keeps one copy of the data in memory and one rule for which place
represents a postcode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from dualcareer.matching.geo import Gazetteer

_FIVE_DIGITS = re.compile(r"^[0-9]{5}$")


@dataclass(frozen=True)
class PostcodePlace:
    """Where a German postcode lies: its main place name and mean coordinates."""

    postcode: str
    place: str
    latitude: Decimal
    longitude: Decimal


def postcode_lookup(postcode: str) -> PostcodePlace | None:
    """Return the place of a German postcode, or None if it is malformed or unknown."""
    code = (postcode or "").strip()
    if not _FIVE_DIGITS.match(code):
        return None
    place = Gazetteer.default().postcode(code)
    if place is None:
        return None
    return PostcodePlace(
        postcode=code,
        place=place.name,
        latitude=Decimal(f"{place.lat:.6f}"),
        longitude=Decimal(f"{place.lon:.6f}"),
    )
