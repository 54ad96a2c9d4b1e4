"""The export contains every field stored about the partner (GDPR Art. 15)."""

import json

from django.core.exceptions import PermissionDenied

from dualcareer.cases import gdpr
from dualcareer.cases.models import Case, PartnerProfile
from dualcareer.cases.services import activity_log, consent_grant, profile_update
from dualcareer.cases.tests.helpers import CaseTestCase

SECTIONS = gdpr.OWN_SECTIONS


def fields_of(model):
    return {f.name for f in model._meta.concrete_fields} | {
        f.name for f in model._meta.many_to_many
    }


class PartnerExportTests(CaseTestCase):
    def setUp(self):
        profile_update(case=self.case, actor=self.paula, data={"skills": "Rust", "city": "Bochum"})
        consent_grant(case=self.case, scope="academic", actor=self.paula)
        activity_log(case=self.case, kind="talk", actor=self.alice, note="Internal remark")
        from dualcareer.cases.invitations import partner_invite

        partner_invite(case=self.open_case(), actor=self.alice, email="x@example.org")

    def test_every_model_holding_personal_data_is_exported(self):
        related = {rel.related_model for rel in Case._meta.related_objects}
        others = {rel.related_model for rel in gdpr.other_related_models()}
        self.assertEqual(
            related - set(SECTIONS) - others, set(), "a model about the case is not exported"
        )
        data = gdpr.partner_export(case=self.case, actor=self.alice)
        for model in others:
            with self.subTest(model=model.__name__):
                self.assertIn(model._meta.label_lower, data["other_records"])

    def test_every_field_is_exported_or_explicitly_excluded(self):
        data = gdpr.partner_export(case=self.case, actor=self.alice)
        for model, section in SECTIONS.items():
            excluded = set(gdpr.EXPORT_EXCLUDED.get(model, {}))
            exported = set(gdpr.export_fields(model))
            with self.subTest(model=model.__name__):
                self.assertEqual(fields_of(model) - excluded, exported)
                self.assertTrue(excluded <= fields_of(model), "stale exclusion")
                record = data[section]
                if isinstance(record, list):
                    record = record[0] if record else None
                if record is not None:
                    self.assertEqual(set(record), exported)
        self.assertEqual(data["profile"]["skills"], "Rust")
        self.assertEqual(data["profile"]["city"], "Bochum")
        self.assertEqual(data["account"]["email"], "paula@example.org")
        self.assertEqual(data["consents"][0]["scope"], "academic")
        self.assertEqual(data["activities"][0]["note"], "Internal remark")
        self.assertEqual(len(data["tasks"]), self.case.tasks.count())
        json.dumps(data)  # machine readable

    def test_the_export_test_notices_a_forgotten_field(self):
        original = gdpr.EXPORT_EXCLUDED[PartnerProfile]
        try:
            gdpr.EXPORT_EXCLUDED[PartnerProfile] = {**original, "skills": "forgotten"}
            self.assertNotIn("skills", gdpr.export_fields(PartnerProfile))
        finally:
            gdpr.EXPORT_EXCLUDED[PartnerProfile] = original

    def test_the_partner_exports_without_internal_notes(self):
        data = gdpr.partner_export(case=self.case, actor=self.paula)
        self.assertNotIn("Internal remark", json.dumps(data))
        self.assertEqual(data["profile"]["skills"], "Rust")

    def test_it_refuses_outsiders(self):
        from dualcareer.testing.factories import PartnerUserFactory

        other = PartnerUserFactory(email="someone@example.org")
        for user in (self.charlie, self.cora, self.emil, other, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                gdpr.partner_export(case=self.case, actor=user)
