"""Trainings figures from the trainings app (`trainings.selectors.training_figures`).

Trainings belong to a network, not to one institution: the figures are the
network's in every scope.
"""

from __future__ import annotations

import datetime as dt

from dualcareer.network.models import Network
from dualcareer.trainings.selectors import training_figures


def figures(*, network: Network, year_from: int, year_to: int) -> dict[int, tuple[int, int]]:
    """Per year of the period: (trainings held, participants who attended)."""
    result: dict[int, tuple[int, int]] = {}
    for year in range(year_from, year_to + 1):
        counted = training_figures(network, dt.date(year, 1, 1), dt.date(year, 12, 31))
        result[year] = (counted.trainings, counted.participants)
    return result
