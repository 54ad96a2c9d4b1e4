import itertools
import json
from unittest import mock

from django.core.exceptions import PermissionDenied
from django.utils import translation

from dualcareer.core.models import AuditEntry
from dualcareer.openings.importing import html_to_text, ld_json_blocks, openings_import
from dualcareer.openings.models import Opening, Source
from dualcareer.testing.base import BaseTestCase


def posting(ref, title="Softwareentwicklerin (m/w/d)", **extra):
    data = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "identifier": {"@type": "PropertyValue", "name": "Beispiel GmbH", "value": ref},
        "title": title,
        "description": (
            "<p>Sie entwickeln unsere Plattform <b>weiter</b>.</p><ul><li>Python</li></ul>"
        ),
        "employmentType": ["FULL_TIME", "PART_TIME"],
        "validThrough": "2099-12-31",
        "jobLocation": {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "postalCode": "45127",
                "addressLocality": "Essen",
                "addressCountry": "DE",
            },
        },
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "EUR",
            "value": {
                "@type": "QuantitativeValue",
                "minValue": 4000,
                "maxValue": 5000,
                "unitText": "MONTH",
            },
        },
    }
    data.update(extra)
    return data


class OpeningsImportTests(BaseTestCase):
    def setUp(self):
        # Reasons are reported in the active language; these tests read the English ones.
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def run_import(self, feed, user=None):
        return openings_import(
            user=user or self.emil, institution=self.employer_inst, text=json.dumps(feed)
        )

    def test_it_creates_openings_from_a_feed(self):
        report = self.run_import([posting("A1"), posting("A2", title="Data Engineer")])
        self.assertEqual(
            (report.created, report.updated, report.skipped, report.errors), (2, 0, 0, 0)
        )
        opening = Opening.objects.get(reference="A1")
        self.assertEqual(opening.title_de, "Softwareentwicklerin (m/w/d)")
        self.assertEqual(opening.working_time, "either")
        self.assertEqual(opening.salary_min, 48000)
        self.assertEqual(opening.source, Source.JSONLD)
        self.assertNotIn("<p>", opening.description_de)
        self.assertIn("Python", opening.description_de)
        self.assertEqual(opening.places.get().city, "Essen")
        self.assertIsNotNone(opening.places.get().latitude)
        english = Opening.objects.get(reference="A2")
        self.assertEqual(english.title_en, "Data Engineer")

    def test_importing_the_same_feed_twice_changes_nothing(self):
        feed = {"@context": "https://schema.org", "@graph": [posting("A1"), posting("A2")]}
        self.run_import(feed)
        before = list(Opening.objects.order_by("pk").values())
        report = self.run_import(feed)
        self.assertEqual((report.created, report.updated, report.skipped), (0, 0, 2))
        self.assertEqual([i.reason for i in report.items], ["unchanged", "unchanged"])
        self.assertEqual(list(Opening.objects.order_by("pk").values()), before)

    def test_a_changed_posting_is_updated_not_duplicated(self):
        self.run_import([posting("A1")])
        report = self.run_import([posting("A1", title="Senior-Softwareentwicklerin")])
        self.assertEqual(report.updated, 1)
        self.assertEqual(Opening.objects.count(), 1)
        self.assertEqual(Opening.objects.get().title_de, "Senior-Softwareentwicklerin")

    def test_malformed_items_are_reported_and_good_ones_kept(self):
        feed = [
            posting("OK1"),
            {
                "@type": "JobPosting",
                "identifier": "NO-TITLE",
                "description": "x",
                "jobLocation": {"address": {"postalCode": "45127"}},
            },
            posting("BAD-DATE", validThrough="next week"),
            "just a string",
            {"@type": "Organization", "name": "not a job"},
            posting("BAD-PLZ", jobLocation={"address": {"postalCode": "123"}}),
            posting("BAD-TYPE", employmentType="SOMETIMES"),
            posting("OK2"),
        ]
        report = self.run_import(feed)
        self.assertEqual(report.created, 4)
        self.assertEqual(report.errors, 4)
        errors = {item.index: item for item in report.items if item.status == "error"}
        self.assertEqual(sorted(errors), [2, 4, 5, 6])
        self.assertIn("title", errors[2].reason)
        self.assertEqual(errors[2].reference, "NO-TITLE")
        self.assertIn("where the work is", errors[6].reason)
        # Values that cannot be read are left empty with a warning, not a refusal.
        warned = {item.index: item.warnings for item in report.items if item.warnings}
        self.assertIn("validThrough", " ".join(warned[3]))
        self.assertIn("SOMETIMES", " ".join(warned[7]).upper())
        self.assertIsNone(Opening.objects.get(reference="BAD-DATE").closing_date)
        self.assertEqual(
            set(Opening.objects.values_list("reference", flat=True)),
            {"OK1", "OK2", "BAD-DATE", "BAD-TYPE"},
        )

    def test_invalid_json_is_one_reported_error(self):
        report = openings_import(user=self.emil, institution=self.employer_inst, text="{not json")
        self.assertEqual(report.errors, 1)
        self.assertIn("not valid JSON", report.items[0].reason)

    def test_html_page_with_ld_json_blocks(self):
        page = (
            "<html><head><script type='application/ld+json'>"
            + json.dumps(posting("H1"))
            + '</script><script type="application/ld+json">{broken</script></head></html>'
        )
        report = openings_import(user=self.emil, institution=self.employer_inst, text=page)
        self.assertEqual(report.created, 1)
        self.assertEqual(report.errors, 1)

    def test_duplicate_reference_in_one_feed_is_skipped(self):
        report = self.run_import([posting("A1"), posting("A1", title="Other")])
        self.assertEqual((report.created, report.skipped), (1, 1))

    def test_expired_posting_is_skipped(self):
        report = self.run_import([posting("OLD", validThrough="2001-01-31")])
        self.assertEqual(report.skipped, 1)
        self.assertFalse(Opening.objects.exists())

    def test_it_refuses_other_institutions_staff(self):
        for outsider in (self.charlie, self.paula, self.nobody, self.alice):
            with self.assertRaises(PermissionDenied):
                self.run_import([posting("A1")], user=outsider)
        self.assertFalse(Opening.objects.exists())

    def test_one_audit_entry_with_counts(self):
        self.run_import([posting("A1"), {"@type": "JobPosting"}])
        entry = AuditEntry.objects.get(action="opening.imported")
        self.assertEqual(entry.data, {"created": 1, "updated": 0, "skipped": 0, "errors": 1})

    def test_small_batches_give_the_same_result(self):
        feed = [posting(f"R{i}") for i in range(7)]
        report = openings_import(
            user=self.emil, institution=self.employer_inst, text=json.dumps(feed), batch_size=3
        )
        self.assertEqual(report.created, 7)
        self.assertEqual(Opening.objects.count(), 7)
        self.assertEqual(Opening.objects.filter(places__isnull=False).distinct().count(), 7)


class HtmlPageReadingTests(BaseTestCase):
    """HTML pages are read in one linear pass, with a time bound (no timing asserted here)."""

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def block(self, ref):
        return '<script type="application/ld+json">' + json.dumps(posting(ref)) + "</script>"

    def run_page(self, page):
        return openings_import(user=self.emil, institution=self.employer_inst, text=page)

    def test_a_megabyte_of_unclosed_script_tags_is_read_and_the_good_posting_imported(self):
        # The shape that made the old regular expression quadratic (hours for 1 MB).
        page = "<html><head>" + self.block("P1") + '<script type="application/ld+json">' * 30_000
        self.assertGreater(len(page), 1_000_000)
        report = self.run_page(page)
        self.assertEqual((report.created, report.errors), (1, 1))
        self.assertIn("script block 2", report.items[1].reason)
        self.assertIn("not valid JSON", report.items[1].reason)

    def test_inputs_that_make_html_parsers_quadratic_are_read_to_the_end(self):
        shapes = (
            "< " * 600_000 + self.block("P1"),
            self.block("P1") + "<a" * 600_000,
            self.block("P1") + "<script " * 150_000,
            self.block("P1") + '<script type="application/ld+json" ' * 30_000,
            self.block("P1") + "<!--" + "-" * 1_200_000,
            "<p>" * 400_000 + self.block("P1") + "</p>" * 300_000,
        )
        for page in shapes:
            with self.subTest(start=page[:20]):
                self.assertEqual(len(ld_json_blocks(page)), 1)

    def test_scripts_inside_comments_attributes_or_text_elements_are_not_postings(self):
        hidden = self.block("HIDDEN")
        page = (
            f"<!-- {hidden} --><a title='{hidden}'>x</a><textarea>{hidden}</textarea>"
            f"<style>{hidden}</style><script>var s = '{hidden}';</script>"
            f'<script type="text/javascript">{json.dumps(posting("JS"))}</script>'
            + self.block("SHOWN")
        )
        self.assertEqual(
            [json.loads(b)["identifier"]["value"] for b in ld_json_blocks(page)], ["SHOWN"]
        )

    def test_the_script_type_is_read_like_a_browser_reads_it(self):
        for tag in (
            "<script type=application/ld+json>",
            "<SCRIPT TYPE=' Application/LD+JSON; charset=utf-8 '>",
            '<script type="application&#47;ld+json" async>',
        ):
            with self.subTest(tag=tag):
                self.assertEqual(ld_json_blocks(tag + "{}</script >"), ["{}"])

    def test_reading_stops_with_a_clear_error_when_the_time_bound_is_reached(self):
        page = '<script type="application/ld+json">{}</script>' * 3
        with mock.patch("dualcareer.openings.extraction.time") as clock:
            clock.monotonic.side_effect = itertools.count(0, 60)  # a minute per look
            report = self.run_page(page)
        self.assertEqual(report.errors, 1)
        self.assertIn("could not be read within 10 seconds", report.items[0].reason)
        self.assertFalse(Opening.objects.exists())

    def test_a_description_with_a_long_unclosed_tag_is_converted_in_one_pass(self):
        description = "<p>Python</p><br" + " " * 1_000_000 + "x>Django"
        self.assertEqual(html_to_text(description), "Python\n\nDjango")
