"""The hand-counted fixture of the statistics tests (counted out in the comments).

Period 2023-2024. `inst` (Alpha): 2023 3 recruitment cases (Chemie); 2024 6
recruitment cases closed in 2024 (5 "job through the network" after 10, 20,
30, 40, 50 days, 1 "did not come" after 60; Physik, wanting a company) and 2
open retention cases (no field). `other_inst` (Beta): 2023 6 recruitment
cases (Physik, wanting a company or a university); 2024 9 cases (Chemie):
4 retention closed "job elsewhere" after 100, 110, 120, 130 days, 3
recruitment closed "job through the network" after 140, 150, 160, 2
recruitment open. Introductions 2024: each of Alpha's 5 network jobs had one
"interview", Alpha's first case two more "no fit"; 3 of Beta's cases one
"interested" each; one Beta introduction in 2022 (outside the period).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dualcareer.statistics.tests.factories import case, introduction

YEARS = (2023, 2024)


def build(test: Any) -> None:
    inst, other, employer = test.inst, test.other_inst, test.employer_inst
    for _i in range(3):
        case(inst, dt.date(2023, 3, 1), professional_field="Chemie")
    alpha_jobs = [
        case(
            inst,
            dt.date(2024, 1, 1),
            closed_after_days=days,
            outcome="job_network",
            professional_field="Physik",
            sectors=["company"],
        )
        for days in (10, 20, 30, 40, 50)
    ]
    case(
        inst,
        dt.date(2024, 1, 1),
        closed_after_days=60,
        outcome="did_not_come",
        professional_field="physik ",  # counted with "Physik"
        sectors=["company"],
    )
    for _i in range(2):
        case(inst, dt.date(2024, 5, 1), kind="retention")
    for _i in range(6):
        case(
            other,
            dt.date(2023, 6, 1),
            professional_field="Physik",
            sectors=["company", "university"],
        )
    beta = [
        case(
            other,
            dt.date(2024, 1, 1),
            kind="retention",
            closed_after_days=days,
            outcome="job_elsewhere",
            professional_field="Chemie",
        )
        for days in (100, 110, 120, 130)
    ]
    beta += [
        case(
            other,
            dt.date(2024, 1, 1),
            closed_after_days=days,
            outcome="job_network",
            professional_field="Chemie",
        )
        for days in (140, 150, 160)
    ]
    beta += [case(other, dt.date(2024, 2, 1), professional_field="Chemie") for _i in range(2)]
    on = dt.date(2024, 6, 1)
    for made in alpha_jobs:
        introduction(made, employer=employer, created_by=test.alice, on=on, answer="interview")
    for _i in range(2):
        introduction(
            alpha_jobs[0], employer=employer, created_by=test.alice, on=on, answer="no_fit"
        )
    for made in beta[:3]:
        introduction(made, employer=employer, created_by=test.charlie, on=on, answer="interested")
    introduction(beta[3], employer=employer, created_by=test.charlie, on=dt.date(2022, 6, 1))
