"""Demo: the Ruhr network publishes its case counts, outcomes and trainings (idempotent)."""

from __future__ import annotations

from typing import TextIO

from dualcareer.network.models import Network
from dualcareer.statistics.models import FigureGroup, PublicationSetting

PUBLISHED = [FigureGroup.CASES, FigureGroup.KINDS, FigureGroup.OUTCOMES, FigureGroup.TRAININGS]


def load(out: TextIO) -> None:
    network = Network.objects.filter(slug="dcn-ruhr").first()
    if network is None:
        out.write("statistics: skipped (no demo network)\n")
        return
    PublicationSetting.objects.get_or_create(
        network=network, defaults={"groups": [str(group) for group in PUBLISHED]}
    )
    out.write("statistics: the Ruhr network publishes case counts, outcomes and trainings\n")
