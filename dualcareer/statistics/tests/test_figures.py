"""Every statistic against the hand-counted fixture (`fixture.py`), protected as the rules say."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from dualcareer.statistics import selectors
from dualcareer.statistics.tables import Table
from dualcareer.statistics.tests import fixture
from dualcareer.testing.base import BaseTestCase


def grid(table: Table) -> dict[str, list[str]]:
    return {row.label: [cell.display for cell in row.cells] for row in table.rows}


class FigureTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fixture.build(cls)

    def setUp(self) -> None:
        self.enterContext(translation.override("en"))

    def officer_scope(self) -> Any:
        return selectors.scope_for_member(
            user=self.alice, year_from=fixture.YEARS[0], year_to=fixture.YEARS[1]
        )

    def network_scope(self) -> Any:
        return selectors.scope_for_member(
            user=self.cora, year_from=fixture.YEARS[0], year_to=fixture.YEARS[1]
        )

    def test_an_officer_sees_their_institution_against_the_network(self) -> None:
        scope = self.officer_scope()
        self.assertEqual(scope.institution, self.inst)
        self.assertEqual(scope.audience, "officer")

    def test_cases_per_year_institution_against_network(self) -> None:
        table = selectors.cases_by_year(self.officer_scope())
        self.assertEqual(table.columns, ["Universität Alpha", self.network.name])
        # Alpha 3 and 8, the network 9 and 17. Alpha's 3 is small; its sum over
        # the period (11) would give it back by subtracting the 8 of 2024 alone.
        self.assertEqual(
            grid(table),
            {"2023": ["< 5", "9"], "2024": ["8", "17"], "All years": ["x", "26"]},
        )

    def test_cases_per_institution_and_year_for_the_coordinator(self) -> None:
        table = selectors.cases_by_institution(self.network_scope())
        # Alpha 3/8/11, Beta 6/9/15, network 9/17/26; members without cases are left out.
        # 2023: Alpha's 3 is small, 9 - 3 would give Beta's 6, so that is withheld; the
        # institutions' period totals are withheld as their years are.
        self.assertEqual(
            grid(table),
            {
                "Universität Alpha": ["< 5", "8", "x"],
                "Universität Beta": ["x", "9", "x"],
                "Network": ["9", "17", "26"],
            },
        )

    def test_the_coordinator_sees_the_network_alone_without_suppression_by_comparison(
        self,
    ) -> None:
        table = selectors.cases_by_year(self.network_scope())
        self.assertEqual(grid(table), {"2023": ["9"], "2024": ["17"], "All years": ["26"]})

    def test_recruitment_against_retention_with_the_differencing_case(self) -> None:
        table = selectors.case_kinds(self.officer_scope())
        rows = grid(table)
        # 2023: Alpha 3 recruitment, network 9. 2024: Alpha 6 and 2 (8), network
        # 11 and 6 (17): the network's 6 minus Alpha's 2 leaves the other members'
        # 4: withheld, and then 17 - 6 would give it back, so the 11 is withheld too.
        self.assertEqual(rows["Recruitment"][0::2], ["x", "x"])
        self.assertEqual(rows["Retention"][0::2], ["< 5", "x"])
        self.assertEqual(rows["All cases"][0::2], ["x", "26"])

    def test_outcome_counts_and_shares(self) -> None:
        table = selectors.outcomes(self.officer_scope())
        rows = grid(table)
        # closed: Alpha 5 network jobs + 1 did not come (6); network 8 network jobs,
        # 4 elsewhere, 1 did not come (13)
        self.assertEqual(rows["Job found through the network"][0::2], ["x", "x"])
        self.assertEqual(rows["Job found elsewhere"][0::2], ["0", "< 5"])
        self.assertEqual(rows["Couple did not come"][0::2], ["< 5", "< 5"])
        self.assertEqual(rows["All closed cases"][0::2], ["6", "13"])
        self.assertEqual(rows["Self-employed"][1], "0 %")

    def test_outcome_shares_when_the_figures_are_large_enough(self) -> None:
        table = selectors.outcomes(self.network_scope())
        rows = grid(table)
        # the network alone: 8 of 13 network jobs = 62 %
        self.assertEqual(rows["Job found through the network"], ["8", "62 %"])
        self.assertEqual(rows["Job found elsewhere"], ["< 5", "< 5"])

    def test_time_to_outcome_quartiles(self) -> None:
        table = selectors.time_to_outcome(self.officer_scope())
        numbers = {row.label: [cell.value for cell in row.cells] for row in table.rows}
        # Alpha: 10 20 30 40 50 60 days; the network adds 100 ... 160
        self.assertEqual(numbers["Universität Alpha"], [6, 10.0, 22.5, 35.0, 47.5, 60.0])
        self.assertEqual(numbers[self.network.name], [13, 10.0, 40.0, 100.0, 130.0, 160.0])

    def test_time_to_outcome_is_not_shown_for_fewer_than_five_cases(self) -> None:
        scope = selectors.scope_for_member(user=self.alice, year_from=2023, year_to=2023)
        table = selectors.time_to_outcome(scope)
        self.assertEqual(grid(table)["Universität Alpha"], ["0", *["\u2013"] * 5])
        self.assertEqual(table.chart, "box")

    def test_professional_fields(self) -> None:
        table = selectors.partner_fields(self.officer_scope())
        # 2023: Alpha Chemie 3; network Chemie 3, Physik 6 (the 6 withheld: 9 - 6).
        # 2024: Alpha Physik 6, none 2 (the 6 withheld: 8 - 6); network Chemie 9,
        # Physik 6, none 2 (17): the 2 is small and Physik's 6 is all Alpha's, so
        # the Chemie 9 is withheld. The period sums follow their years.
        self.assertEqual(
            grid(table),
            {
                "Chemie": ["< 5", "x"],
                "Physik": ["x", "x"],
                "Other fields": ["0", "0"],
                "Not stated": ["< 5", "< 5"],
                "All partners": ["x", "26"],
            },
        )

    def test_rare_fields_are_counted_as_other(self) -> None:
        from dualcareer.cases.models import PartnerProfile

        PartnerProfile.objects.filter(
            case__institution=self.inst, professional_field="Chemie"
        ).update(professional_field="Ägyptologie")
        table = selectors.partner_fields(self.network_scope())
        self.assertNotIn("Ägyptologie", grid(table))
        self.assertEqual(grid(table)["Other fields"], ["< 5"])

    def test_desired_sectors(self) -> None:
        rows = grid(selectors.partner_sectors(self.officer_scope()))
        self.assertEqual(rows["Company"], ["6", "12"])
        self.assertEqual(rows["University"], ["0", "6"])
        self.assertEqual(rows["Museum"], ["0", "0"])

    def test_introductions_and_answers(self) -> None:
        rows = grid(selectors.introductions(self.officer_scope()))
        # Alpha: 5 interviews (5 cases), 2 "no fit" (1 case): 7. Beta: 3 "interested"
        # (3 cases). The 2022 introduction is outside the period.
        self.assertEqual(rows["Interested"][0::2], ["0", "< 5"])
        self.assertEqual(rows["Invited to an interview"][0::2], ["x", "5"])
        self.assertEqual(rows["No fit"][0::2], ["< 5", "< 5"])
        self.assertEqual(rows["No answer yet"][0::2], ["0", "0"])
        # the network's 10 minus Alpha's 7 are Beta's 3 introductions: withheld
        self.assertEqual(rows["All introductions"][0::2], ["7", "x"])

    def test_the_period_filters_introductions(self) -> None:
        scope = selectors.scope_for_member(user=self.cora, year_from=2022, year_to=2022)
        self.assertEqual(grid(selectors.introductions(scope))["No answer yet"], ["< 5", "< 5"])

    def test_the_coordinator_may_choose_any_member(self) -> None:
        scope = selectors.scope_for_member(
            user=self.cora, institution_id=self.other_inst.pk, year_from=2023, year_to=2024
        )
        table = selectors.cases_by_year(scope)
        # Beta 6 and 9 (15); the network's 9 of 2023 minus Beta's 6 is Alpha's 3: withheld
        self.assertEqual(grid(table)["2023"], ["6", "x"])
        self.assertEqual(grid(table)["All years"], ["15", "x"])

    def test_an_officer_may_not_choose_another_institution(self) -> None:
        with self.assertRaises(Http404):
            selectors.scope_for_member(user=self.alice, institution_id=self.other_inst.pk)

    def test_people_without_a_case_role_have_no_statistics(self) -> None:
        for user in (self.emil, self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                selectors.scope_for_member(user=user)

    def test_an_officer_gets_no_list_of_members(self) -> None:
        keys = [table.key for table in selectors.tables_for(self.officer_scope())]
        self.assertIn("cases_by_year", keys)
        self.assertNotIn("cases_by_institution", keys)  # the officer compares, no list of members

    def test_the_number_of_queries_does_not_grow_with_the_cases(self) -> None:
        scope = self.network_scope()
        with self.assertNumQueries(self.count_queries(scope)):
            selectors.case_kinds(scope)
            selectors.outcomes(scope)
        fixture.build(self)  # twice the cases
        with self.assertNumQueries(self.count_queries(scope)):
            selectors.case_kinds(scope)
            selectors.outcomes(scope)

    def count_queries(self, scope: Any) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            selectors.case_kinds(scope)
            selectors.outcomes(scope)
        return len(context.captured_queries)

    def test_trainings_held_and_participants(self) -> None:
        import datetime as dt

        from django.utils import timezone

        from dualcareer.trainings.tests.factories import make_registration, make_training

        start = timezone.make_aware(dt.datetime(2024, 3, 5, 9))
        for people in (6, 2):
            training = make_training(
                self.network, sessions=[(start, start + dt.timedelta(hours=3))]
            )
            for i in range(people):
                make_registration(training, email=f"p{people}-{i}@example.org", attended=True)
        make_registration(training, email="absent@example.org", attended=False)
        rows = grid(selectors.trainings(self.officer_scope()))
        # 2 trainings in 2024 with 6 + 2 attending (the absent one does not count)
        self.assertEqual(rows, {"2023": ["0", "0"], "2024": ["2", "8"], "All years": ["2", "8"]})
