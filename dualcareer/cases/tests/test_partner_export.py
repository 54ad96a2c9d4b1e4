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
        # A record in every section of this case, so that each one's fields are compared:
        # the invitation paula accepted (before her account was linked) and a handover.
        Case.objects.filter(pk=self.case.pk).update(partner_user=None)
        self.case.refresh_from_db()
        partner_invite(case=self.case, actor=self.alice, email="paula@example.org")
        Case.objects.filter(pk=self.case.pk).update(partner_user=self.paula)
        self.case.refresh_from_db()
        from dualcareer.cases.handovers import handover_request

        handover_request(case=self.case, actor=self.alice, to_institution=self.other_inst)

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
                # Every section has a record in this case: the comparison always runs.
                self.assertIsNotNone(record, "add a record of this section to the test case")
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


class PartnerExportAccountRecordsTests(CaseTestCase):
    """Login records (django-axes) and the access history (GDPR Art. 15)."""

    def setUp(self):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        common = {"ip_address": "192.0.2.7", "user_agent": "Firefox/140", "http_accept": "*/*"}
        AccessLog.objects.create(username="Paula@Example.org", path_info="/login/", **common)
        AccessFailureLog.objects.create(username="paula@example.org", path_info="/login/", **common)
        AccessAttempt.objects.create(
            username="paula@example.org",
            path_info="/login/",
            get_data="",
            post_data="username=paula@example.org",
            failures_since_start=1,
            **common,
        )
        AccessLog.objects.create(username="someone.else@example.org", path_info="/", **common)

    def test_the_partners_own_export_holds_their_login_records(self):
        records = gdpr.partner_export(case=self.case, actor=self.paula)["other_records"]
        for label in ("axes.accesslog", "axes.accessfailurelog", "axes.accessattempt"):
            with self.subTest(label=label):
                self.assertEqual(len(records[label]), 1)
                self.assertEqual(records[label][0]["ip_address"], "192.0.2.7")
                self.assertEqual(records[label][0]["user_agent"], "Firefox/140")
        self.assertNotIn("session_hash", records["axes.accesslog"][0])
        self.assertNotIn("someone.else", json.dumps(records))

    def test_every_field_of_the_login_records_is_exported_or_explicitly_excluded(self):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        records = gdpr.partner_export(case=self.case, actor=self.paula)["other_records"]
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            with self.subTest(model=model.__name__):
                excluded = set(gdpr.AXES_EXPORT_EXCLUDED) & fields_of(model)
                self.assertEqual(
                    set(records[model._meta.label_lower][0]), fields_of(model) - excluded
                )

    def test_the_officers_export_leaves_out_the_partners_login_records(self):
        records = gdpr.partner_export(case=self.case, actor=self.alice)["other_records"]
        self.assertNotIn("axes.accesslog", records)
        self.assertNotIn("192.0.2.7", json.dumps(records))

    def test_the_access_history_names_roles_and_institutions_but_no_people(self):
        from dualcareer.cases.selectors import case_for_officer

        case_for_officer(user=self.bob, public_id=self.case.public_id)
        history = gdpr.partner_export(case=self.case, actor=self.paula)["access_history"]
        viewed = [h for h in history if h["action"] == "case.viewed"]
        self.assertEqual(viewed[0]["by"], "officer")
        self.assertEqual(viewed[0]["institution"], str(self.inst))
        self.assertTrue(any(h["action"] == "case.opened" and h["by"] == "officer" for h in history))
        text = json.dumps(history)
        for private in ("bob@example.org", "alice@example.org", "Bob", "Alice"):
            self.assertNotIn(private, text)
