"""The one rule for the counselling log: every output shows what the reader may read.

After a handover the previous institution's entries and internal notes stay
with it: the new institution reads them on no page, in no export.
"""

import json

from django.urls import reverse

from dualcareer.accounts.models import Role
from dualcareer.cases import handovers
from dualcareer.cases.gdpr import MASKED_NOTE, partner_export
from dualcareer.cases.models import Case
from dualcareer.cases.selectors import activity_list, activity_overview_for_partner
from dualcareer.cases.services import activity_log
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.testing import factories as f

ALPHA_NOTE = "Alpha-intern-Vermerk"
BETA_NOTE = "Beta-intern-Vermerk"


class HandedOverCounsellingLogTests(CaseTestCase):
    def setUp(self):
        activity_log(case=self.case, kind="talk", actor=self.alice, note=ALPHA_NOTE)
        handover = handovers.handover_request(
            case=self.case, actor=self.alice, to_institution=self.other_inst
        )
        handovers.handover_partner_decide(handover=handover, actor=self.paula, agree=True)
        handovers.handover_receiver_decide(handover=handover, actor=self.charlie, accept=True)
        self.case = Case.objects.get(pk=self.case.pk)
        activity_log(case=self.case, kind="coaching", actor=self.charlie, note=BETA_NOTE)

    def test_the_new_institutions_activity_list_holds_only_its_own_entries(self):
        self.assertEqual(
            [a.note for a in activity_list(user=self.charlie, case=self.case)], [BETA_NOTE]
        )

    def test_the_new_institutions_json_export_leaves_out_the_previous_notes(self):
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("cases:export_json", args=[self.case.public_id]))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(ALPHA_NOTE, response.content.decode())
        data = response.json()
        self.assertEqual([a["note"] for a in data["activities"]], [BETA_NOTE])
        self.assertEqual(data["activities_held_by"], [str(self.inst)])

    def test_the_new_institutions_export_page_leaves_out_the_previous_notes(self):
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("cases:export", args=[self.case.public_id]))
        self.assertContains(response, BETA_NOTE)
        self.assertNotContains(response, ALPHA_NOTE)

    def test_the_new_institutions_case_page_leaves_out_the_previous_notes(self):
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("cases:detail", args=[self.case.public_id]))
        self.assertContains(response, BETA_NOTE)
        self.assertNotContains(response, ALPHA_NOTE)

    def test_the_export_service_applies_the_same_rule(self):
        data = partner_export(case=self.case, actor=self.charlie)
        self.assertNotIn(ALPHA_NOTE, json.dumps(data))

    def test_the_previous_institution_no_longer_reads_the_case(self):
        self.client.force_login(self.alice)
        for name in ("cases:detail", "cases:export", "cases:export_json"):
            with self.subTest(name=name):
                url = reverse(name, args=[self.case.public_id])
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertFalse(activity_list(user=self.alice, case=self.case).exists())

    def test_the_partner_sees_every_entry_but_no_internal_note(self):
        self.client.force_login(self.paula)
        for name in ("cases:my_export_json", "cases:my_export", "cases:my_case"):
            with self.subTest(name=name):
                content = self.client.get(reverse(name)).content.decode()
                self.assertNotIn(ALPHA_NOTE, content)
                self.assertNotIn(BETA_NOTE, content)
        data = self.client.get(reverse("cases:my_export_json")).json()
        self.assertEqual(
            [(a["kind"], a["note"], a["institution"]) for a in data["activities"]],
            [
                ("talk", MASKED_NOTE, str(self.inst)),
                ("coaching", MASKED_NOTE, str(self.other_inst)),
            ],
        )

    def test_an_officer_of_both_institutions_reads_both_institutions_entries(self):
        both = f.UserFactory(email="both@example.org")
        f.InstitutionRoleFactory(user=both, institution=self.inst, role=Role.OFFICER)
        f.InstitutionRoleFactory(user=both, institution=self.other_inst, role=Role.OFFICER)
        notes = {a.note for a in activity_list(user=both, case=self.case)}
        self.assertEqual(notes, {ALPHA_NOTE, BETA_NOTE})

    def test_only_the_partner_of_the_case_gets_the_overview(self):
        self.assertEqual(activity_overview_for_partner(user=self.paula, case=self.case).count(), 2)
        other = f.PartnerUserFactory(email="other-partner@example.org")
        for user in (other, self.charlie, self.cora, self.emil, self.nobody):
            with self.subTest(user=user.email):
                self.assertFalse(activity_overview_for_partner(user=user, case=self.case).exists())
