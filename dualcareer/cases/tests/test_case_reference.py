"""Readable case references: "DC-<year>-<number>", unique, assigned when a case is opened."""

import datetime as dt
import importlib

from django.apps import apps as django_apps

from dualcareer.cases.models import Case, next_reference, reference_for
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseReferenceTests(CaseTestCase):
    def test_opening_a_case_assigns_the_next_number_of_its_year(self):
        year = self.case.opened_on.year
        self.assertEqual(self.case.reference, f"DC-{year}-0001")
        second = self.open_case()
        self.assertEqual(second.reference, f"DC-{year}-0002")

    def test_the_year_is_the_opening_year(self):
        case = self.open_case(opened_on=dt.date(2024, 5, 2))
        self.assertEqual(case.reference, "DC-2024-0001")

    def test_numbers_continue_after_the_highest_even_past_four_digits(self):
        Case.objects.filter(pk=self.case.pk).update(ref="DC-2030-9999")
        self.assertEqual(next_reference(2030), "DC-2030-10000")
        Case.objects.filter(pk=self.case.pk).update(ref="DC-2030-10000")
        self.assertEqual(next_reference(2030), "DC-2030-10001")

    def test_a_taken_number_is_skipped_when_two_cases_race(self):
        year = self.case.opened_on.year
        taken = self.open_case()
        # A second writer computed the same number: the save takes the next free one.
        case = Case(institution=self.inst, recruited_name="X")
        case.ref = None
        original = next_reference.__globals__["next_reference"]
        calls = []

        def stale(year_: int) -> str:
            calls.append(year_)
            return taken.reference if len(calls) == 1 else original(year_)

        next_reference.__globals__["next_reference"] = stale
        try:
            case.save()
        finally:
            next_reference.__globals__["next_reference"] = original
        self.assertEqual(case.reference, reference_for(year, 3))
        self.assertEqual(len(calls), 2)

    def test_the_migration_backfills_existing_cases_in_opening_order(self):
        migration = importlib.import_module(
            "dualcareer.cases.migrations.0004_case_readable_reference"
        )
        later = self.open_case(opened_on=dt.date(2025, 3, 1))
        earlier = self.open_case(opened_on=dt.date(2025, 1, 1))
        Case.objects.filter(pk__in=[later.pk, earlier.pk]).update(ref=None)
        migration.backfill(django_apps, None)
        earlier.refresh_from_db()
        later.refresh_from_db()
        self.assertEqual((earlier.ref, later.ref), ("DC-2025-0001", "DC-2025-0002"))

    def test_a_case_created_in_bulk_gets_its_reference_on_its_next_save(self):
        Case.objects.filter(pk=self.case.pk).update(ref=None)
        case = Case.objects.get(pk=self.case.pk)
        self.assertEqual(case.reference, str(case.public_id).split("-")[0].upper())
        case.recruited_position = "W2"
        case.save(update_fields=["recruited_position"])
        self.assertRegex(Case.objects.get(pk=case.pk).ref or "", r"^DC-\d{4}-\d{4}$")
