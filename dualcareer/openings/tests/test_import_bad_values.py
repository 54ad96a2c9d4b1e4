"""Bad values never break an import, nor what comes after it (issue 12).

Each bad value sits between two good postings of the same feed, sent through
the API: the answer is no 500, the good items are kept, the bad one is an
error or a warning on its item, and the list API still answers afterwards.
"""

from __future__ import annotations

import json
from typing import Any
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from dualcareer.core.models import AuditEntry, JobRun
from dualcareer.openings import importing
from dualcareer.openings.models import Opening, OpeningPlace
from dualcareer.openings.tests.test_openings_import import posting
from dualcareer.testing.base import BaseTestCase


class BadValueTests(BaseTestCase):
    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        # The reasons are written in the language of whoever imports: English here.
        self.emil.language = "en"
        self.emil.save(update_fields=["language"])
        self.api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        self.api.force_authenticate(self.emil)

    def send(self, bad: Any, literal: str = "") -> dict[str, Any]:
        """POST good, bad, good; return the finished job's answer (the suite runs jobs at once).

        `literal`: a JSON number written as is in place of the string "__LITERAL__"
        (1e999, which no JSON encoder writes).
        """
        body = json.dumps(
            {
                "employer": self.employer_inst.slug,
                "postings": [posting("GOOD-1"), bad, posting("GOOD-2", title="Data Engineer")],
            }
        )
        if literal:
            body = body.replace('"__LITERAL__"', literal)
        response = self.api.post(
            reverse("api:opening_import"), body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 202, response.content[:300])
        job = self.api.get(response["Location"]).json()
        self.assertEqual(job["status"], "done")
        self.assertEqual(
            set(Opening.objects.values_list("reference", flat=True)) & {"GOOD-1", "GOOD-2"},
            {"GOOD-1", "GOOD-2"},
        )
        listed = self.api.get(reverse("api:opening_list"))
        self.assertEqual(listed.status_code, 200)
        self.assertGreaterEqual(listed.json()["count"], 2)
        return job["items"][1]  # the bad item's report

    def salary(self, value: Any) -> dict[str, Any]:
        return posting(
            "BAD",
            baseSalary={
                "@type": "MonetaryAmount",
                "currency": "EUR",
                "value": {"@type": "QuantitativeValue", "value": value, "unitText": "YEAR"},
            },
        )

    def test_impossible_salaries_are_left_empty_with_a_warning(self) -> None:
        for value in ("Infinity", "1e1000000", 1e12, -5000, "-Infinity", "NaN"):
            with self.subTest(salary=value):
                item = self.send(self.salary(value))
                self.assertEqual(item["status"], "created")
                self.assertIn("not a plausible salary", " ".join(item["warnings"]))
                bad = Opening.objects.get(reference="BAD")
                self.assertEqual((bad.salary_min, bad.salary_max), (None, None))
                Opening.objects.filter(reference="BAD").delete()

    def test_a_nul_character_and_a_lone_surrogate_are_removed_with_a_warning(self) -> None:
        bad = posting("BAD", title="Chemiker\u0000in", description="Analytik \ud800 und Labor")
        item = self.send(bad)
        self.assertEqual(item["status"], "created")
        self.assertIn("invalid characters were removed", " ".join(item["warnings"]))
        opening = Opening.objects.get(reference="BAD")
        self.assertEqual(opening.title_de, "Chemikerin")
        self.assertNotIn("\ud800", opening.description_de)

    def test_ten_thousand_levels_of_nesting_answer_400_not_a_crash(self) -> None:
        nested = "[" * 10_000 + "]" * 10_000
        body = f'{{"employer": "{self.employer_inst.slug}", "postings": {nested}}}'
        response = self.api.post(
            reverse("api:opening_import"), body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("nested", response.json()["detail"])
        self.assertEqual(self.api.get(reverse("api:opening_list")).status_code, 200)

    def test_deep_nesting_inside_a_posting_is_an_item_error(self) -> None:
        deep: Any = "x"
        for _level in range(500):
            deep = {"a": deep}
        item = self.send(posting("BAD", description=deep))
        self.assertEqual(item["status"], "error")
        self.assertIn("nested", item["reason"])

    def test_impossible_coordinates_are_not_stored(self) -> None:
        for latitude in ("NaN", "500", "Infinity"):
            with self.subTest(latitude=latitude):
                place = {
                    "address": {"addressLocality": "Essen", "postalCode": "45127"},
                    "geo": {"latitude": "__LITERAL__", "longitude": 7.0},
                }
                literal = latitude if latitude[0].isdigit() else f'"{latitude}"'
                item = self.send(posting("BAD", jobLocation=place), literal=literal)
                self.assertEqual(item["status"], "created")
                self.assertIn("coordinates", " ".join(item["warnings"]))
                stored = OpeningPlace.objects.get(opening__reference="BAD")
                # The postcode's own coordinates, never the impossible ones.
                self.assertTrue(-90 <= (stored.latitude or 0) <= 90)
                self.assertIsNotNone(stored.latitude)
                Opening.objects.filter(reference="BAD").delete()
        self.client.force_login(self.emil)
        opening = Opening.objects.get(reference="GOOD-1")
        for name in ("openings:detail", "exchange:opening_matches"):
            page = self.client.get(reverse(name, args=[opening.public_id]), follow=True)
            self.assertEqual(page.status_code, 200, name)

    def test_a_latitude_of_1e999_is_refused_by_the_api_and_ignored_in_a_file(self) -> None:
        place = {
            "address": {"addressLocality": "Essen", "postalCode": "45127"},
            "geo": {"latitude": "__LITERAL__", "longitude": 7.0},
        }
        feed = [posting("GOOD-1"), posting("BAD", jobLocation=place)]
        body = json.dumps({"employer": self.employer_inst.slug, "postings": feed})
        response = self.api.post(
            reverse("api:opening_import"),
            body.replace('"__LITERAL__"', "1e999"),
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("postings", response.json())  # names the field
        translation.activate("en")
        report = importing.openings_import(
            user=self.emil,
            institution=self.employer_inst,
            text=json.dumps(feed).replace('"__LITERAL__"', "1e999"),
        )
        self.assertEqual([item.status for item in report.items], ["created", "created"])
        self.assertIn("coordinates", " ".join(report.items[1].warnings))
        latitude = OpeningPlace.objects.get(opening__reference="BAD").latitude
        self.assertIsNotNone(latitude)
        self.assertTrue(-90 <= (latitude or 0) <= 90)
        self.assertEqual(self.api.get(reverse("api:opening_list")).status_code, 200)

    def test_impossible_coordinates_abroad_leave_the_place_without_coordinates(self) -> None:
        place = {
            "address": {"addressLocality": "Maastricht", "addressCountry": "NL"},
            "geo": {"latitude": 500, "longitude": 5.69},
        }
        item = self.send(posting("BAD", jobLocation=place))
        self.assertEqual(item["status"], "created")
        stored = OpeningPlace.objects.get(opening__reference="BAD")
        self.assertEqual((stored.country, stored.latitude, stored.longitude), ("NL", None, None))

    def test_a_long_description_is_cut_and_an_absurd_one_refused(self) -> None:
        item = self.send(posting("BAD", description="<p>" + "Wort " * 10_000 + "</p>"))
        self.assertEqual(item["status"], "created")
        self.assertIn("cut", " ".join(item["warnings"]))
        self.assertLessEqual(len(Opening.objects.get(reference="BAD").description_de), 20_000)
        Opening.objects.filter(reference="BAD").delete()
        item = self.send(posting("BAD", description="x" * 1_500_000))
        self.assertEqual(item["status"], "error")
        self.assertIn("longer than", item["reason"])
        self.assertFalse(Opening.objects.filter(reference="BAD").exists())

    def test_a_body_over_the_limit_answers_413_naming_the_limit(self) -> None:
        body = b'{"employer": "x", "postings": "' + b"a" * (50 * 1024 * 1024) + b'"}'
        response = self.api.post(
            reverse("api:opening_import"), body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 413)
        self.assertEqual(int(response.json()["limit_bytes"]), 10 * 1024 * 1024)
        self.assertIn("10 MB", response.json()["detail"])
        self.assertFalse(JobRun.objects.exists())
        self.assertEqual(self.api.get(reverse("api:opening_list")).status_code, 200)

    def test_a_latin1_file_is_read_by_its_charset(self) -> None:
        text = json.dumps(
            [posting("L1", title="Referentin für Öffentlichkeitsarbeit")], ensure_ascii=False
        )
        upload = SimpleUploadedFile("jobs.json", text.encode("latin-1"), "application/json")
        self.client.force_login(self.emil)
        self.client.post(
            reverse("openings:import"),
            {"institution": self.employer_inst.pk, "visibility": "network", "file": upload},
        )
        self.assertEqual(
            Opening.objects.get(reference="L1").title_de, "Referentin für Öffentlichkeitsarbeit"
        )

    def test_a_database_failure_in_the_middle_leaves_a_report_and_an_audit_entry(self) -> None:
        feed = json.dumps([posting(f"R{n}") for n in range(1, 7)])
        real = OpeningPlace.objects.bulk_create
        calls = []

        def fail_second_window(*args: Any, **kwargs: Any) -> Any:
            calls.append(1)
            if len(calls) == 2:
                raise DatabaseError("simulated")
            return real(*args, **kwargs)

        with mock.patch.object(OpeningPlace.objects, "bulk_create", fail_second_window):
            report = importing.openings_import(
                user=self.emil, institution=self.employer_inst, text=feed, batch_size=2
            )
        self.assertEqual(
            [item.status for item in report.items],
            ["created"] * 2 + ["error"] * 2 + ["created"] * 2,
        )
        self.assertIn("could not be stored", report.items[2].reason)
        self.assertEqual(
            sorted(Opening.objects.values_list("reference", flat=True)), ["R1", "R2", "R5", "R6"]
        )
        entry = AuditEntry.objects.get(action="opening.imported")
        self.assertEqual((entry.data["created"], entry.data["errors"]), (4, 2))
        self.assertEqual(self.api.get(reverse("api:opening_list")).status_code, 200)


class ImportJobCrashTests(BaseTestCase):
    def test_an_unexpected_error_in_a_job_leaves_the_run_failed_with_an_audit_entry(self) -> None:
        with mock.patch.object(importing, "openings_import", side_effect=RuntimeError("boom")):
            run = importing.import_enqueue(
                user=self.emil, institution=self.employer_inst, text=json.dumps([posting("X")])
            )
        run.refresh_from_db()
        self.assertEqual((run.status, run.last_error, run.input), ("failed", "RuntimeError", ""))
        entry = AuditEntry.objects.get(action="opening.import_failed")
        self.assertEqual(entry.data, {"created": 0, "updated": 0, "errors": 0})
