"""The grid cells of the places of work: the radius filter's index (issue 18).

Every opening keeps the cells of its places in ``Opening.place_cells``
(written with its search column whenever its places are written). On
PostgreSQL a GIN index over them (migration 0014) finds the openings near a
place without reading the places: a radius asks for the cells that meet its
bounding box, and the exact distance is tested on those openings' places
only. Since the cells are a short column of the opening's own row, a list
page can read the newest openings and test each one cheaply, and a word
near a place tests the cells of the openings holding the word.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

# The grid of the places' cells (`Opening.place_cells`): a fine one of 0.1 degree
# (about 11 x 7 km in Germany) for the usual radii, a coarse one of 1 degree for the
# long ones, so that a radius never asks for more than about `MAX_FINE_CELLS` cells.
FINE_DEGREES = 10  # cells per degree
MAX_FINE_CELLS = 150


def place_cells(latitude: float | None, longitude: float | None) -> list[str]:
    """The grid cells (fine and coarse) holding a place, as words ("f514_72", "c51_7")."""
    if latitude is None or longitude is None:
        return []
    return [
        f"f{math.floor(latitude * FINE_DEGREES)}_{math.floor(longitude * FINE_DEGREES)}",
        f"c{math.floor(latitude)}_{math.floor(longitude)}",
    ]


def covering_cells(box: tuple[float, float, float, float]) -> list[str]:
    """Every cell of one grid that meets the box (min_lat, max_lat, min_lon, max_lon).

    A place inside the box lies in one of them (rounding is monotonic, so a place on
    the box's edge falls into a cell of the box's edge). The fine grid when it needs
    at most `MAX_FINE_CELLS` cells, else the coarse one.
    """
    min_lat, max_lat, min_lon, max_lon = box

    def span(low: float, high: float, per_degree: int) -> range:
        return range(math.floor(low * per_degree), math.floor(high * per_degree) + 1)

    prefix, per_degree = "f", FINE_DEGREES
    if len(span(min_lat, max_lat, per_degree)) * len(span(min_lon, max_lon, per_degree)) > (
        MAX_FINE_CELLS
    ):
        prefix, per_degree = "c", 1
    return [
        f"{prefix}{row}_{col}"
        for row in span(min_lat, max_lat, per_degree)
        for col in span(min_lon, max_lon, per_degree)
    ]


def cells_text(places: Iterable[Any]) -> str:
    """The value of ``Opening.place_cells`` for `places`: their cells, sorted, space-separated."""
    found = {cell for place in places for cell in place_cells(place.latitude, place.longitude)}
    return " ".join(sorted(found))
