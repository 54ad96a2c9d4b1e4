"""The readable export: labels in the reader's language, formatted values, no technical ids."""

from django.utils import translation

from dualcareer.cases import gdpr
from dualcareer.cases.pdf import export_pdf
from dualcareer.cases.services import activity_log, consent_grant
from dualcareer.cases.tests.helpers import CaseTestCase


class ReadableExportTests(CaseTestCase):
    def sections(self, language):
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        activity_log(case=self.case, kind="talk", actor=self.alice, note="intern")
        data = gdpr.partner_export(case=self.case, actor=self.paula)
        with translation.override(language):
            return {s.key: s for s in gdpr.readable_export(data)}

    def test_german_labels_and_values(self):
        sections = self.sections("de")
        profile = dict(sections["profile"].records[0].rows)
        self.assertEqual(profile["Vorname"], "Paula")
        consent = dict(sections["consents"].records[0].rows)
        self.assertIn("Arbeitgebern", consent["Bereich"])
        activity = dict(sections["activities"].records[0].rows)
        self.assertNotIn("intern", activity.values())
        self.assertNotIn("[internal note", str(activity))

    def test_dates_are_formatted_and_ids_left_out(self):
        sections = self.sections("en")
        case = dict(sections["case"].records[0].rows)
        self.assertNotIn("id", {label.lower() for label in case})
        opened = case["opened on"]
        self.assertRegex(opened, r"^\S")
        self.assertNotRegex(opened, r"^\d{4}-\d{2}-\d{2}$")
        history = sections["access_history"]
        self.assertTrue(history.as_table)
        labels = [label for label, _value in history.records[0].rows]
        self.assertEqual(labels[:3], ["when", "what", "by whom"])
        self.assertIn("case opened", [dict(r.rows)["what"] for r in history.records])

    def test_pdf_with_umlauts_and_sharp_s(self):
        section = gdpr.ExportSection(
            key="profile",
            title="Profil",
            records=[gdpr.ExportRecord(title="", rows=[("Nachname", "Weiß-Müller, Ärzte Öl")])],
        )
        pdf = export_pdf(sections=[section], title="Ihre Daten", subtitle="Art. 15", reference="X")
        self.assertTrue(pdf.startswith(b"%PDF-"))
        self.assertIn(b"Vera", pdf)
