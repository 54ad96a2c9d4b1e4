"""The import on a corpus of realistic postings (corpus/, expected outcomes in manifest.json).

German and English; JSON-LD (graphs, lists, item lists, sloppy script types,
several blocks), Microdata, RDFa, objects without @type, places abroad,
Latin-1 files, and broken ones. Every valid posting is imported with title,
employer, places and dates; every broken one is reported with a reason and
nothing else is lost; a second import changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.utils import translation

from dualcareer.openings.extraction import decode
from dualcareer.openings.importing import openings_import
from dualcareer.openings.models import Opening
from dualcareer.testing.base import BaseTestCase

CORPUS = Path(__file__).resolve().parent / "corpus"
MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))
TODAY = dt.date.fromisoformat(MANIFEST["today"])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class CorpusTests(BaseTestCase):
    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def run_file(self, name: str) -> Any:
        text, _encoding = decode((CORPUS / name).read_bytes())
        return openings_import(
            user=self.emil,
            institution=self.employer_inst,
            text=text,
            source_url=MANIFEST["files"][name].get("source_url", ""),
            today=TODAY,
        )

    def test_the_corpus_has_at_least_twenty_postings_in_both_languages_and_three_syntaxes(self):
        files = MANIFEST["files"]
        self.assertEqual(set(files), {p.name for p in CORPUS.iterdir()} - {"manifest.json"})
        items = [item for spec in files.values() for item in spec["items"]]
        self.assertGreaterEqual(len(items), 20)
        self.assertTrue(any(item.get("language") == "en" for item in items))
        self.assertTrue(any("microdata" in name for name in files))
        self.assertTrue(any("rdfa" in name for name in files))
        self.assertTrue(any(item["status"] == "error" for item in items))

    def test_every_file_gives_its_expected_outcome(self) -> None:
        for name, spec in MANIFEST["files"].items():
            with self.subTest(file=name):
                report = self.run_file(name)
                self.assertEqual(
                    [item.status for item in report.items],
                    [item["status"] for item in spec["items"]],
                    [vars(i) for i in report.items],
                )
                for got, expected in zip(report.items, spec["items"], strict=True):
                    self.check_item(got, expected)

    def check_item(self, got: Any, expected: dict[str, Any]) -> None:
        if "reference" in expected:
            self.assertEqual(got.reference, expected["reference"])
        if expected["status"] == "error":
            self.assertIn(expected["reason"], got.reason)
            return
        self.assertEqual(got.key, expected["key"])
        for warning in expected.get("warnings", []):
            self.assertIn(warning, " ".join(got.warnings))
        opening = Opening.objects.get(institution=self.employer_inst, reference=got.reference)
        language = expected.get("language", "de")
        self.assertEqual(getattr(opening, f"title_{language}"), expected["title"])
        self.assertEqual(opening.institution, self.employer_inst)  # the employer
        places = [(p.city, p.country, p.postcode) for p in opening.places.order_by("id")]
        self.assertEqual(places, [tuple(place) for place in expected["places"]])
        self.assertEqual(opening.closing_date, _date(expected.get("closing_date")))
        if "start_date" in expected:
            self.assertEqual(opening.start_date, _date(expected["start_date"]))
        if "salary" in expected:
            self.assertEqual([opening.salary_min, opening.salary_max], expected["salary"])
        for name in ("working_time", "contract_type", "remote_share"):
            if name in expected:
                self.assertEqual(getattr(opening, name), expected[name], name)
        if "coordinates" in expected:
            first = opening.places.order_by("id")[0]
            self.assertEqual([first.latitude, first.longitude], expected["coordinates"])
        if "description_contains" in expected:
            self.assertIn(expected["description_contains"], opening.description_de)
        description = opening.description_de or opening.description_en
        self.assertNotIn("<", description)
        self.assertNotIn("\ufffd", description + opening.title)

    def test_a_second_import_of_every_file_changes_nothing(self) -> None:
        for name in MANIFEST["files"]:
            self.run_file(name)
        before = list(Opening.objects.order_by("pk").values())
        places_before = sorted(
            Opening.objects.values_list("reference", "places__city", "places__latitude")
        )
        for name, spec in MANIFEST["files"].items():
            with self.subTest(file=name):
                report = self.run_file(name)
                expected = [
                    "skipped" if item["status"] == "created" else item["status"]
                    for item in spec["items"]
                ]
                self.assertEqual([item.status for item in report.items], expected)
        self.assertEqual(list(Opening.objects.order_by("pk").values()), before)
        self.assertEqual(
            sorted(Opening.objects.values_list("reference", "places__city", "places__latitude")),
            places_before,
        )

    def test_html_descriptions_keep_paragraphs_and_list_items(self) -> None:
        self.run_file("de_stadtwerke_no_identifier.html")
        opening = Opening.objects.get(title_de__startswith="Ingenieur")
        self.assertIn(
            "• Planung von Mittel- und Niederspannungsnetzen\n• Netzberechnungen",
            (opening.description_de),
        )
        self.assertIn("suchen wir Sie.\n\nIhre Aufgaben", opening.description_de)
