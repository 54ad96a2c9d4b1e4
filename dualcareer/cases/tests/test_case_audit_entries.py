from django.urls import reverse

from dualcareer.cases.selectors import case_audit_entries, case_for_officer
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseAuditEntriesTests(CaseTestCase):
    def test_officers_of_the_institution_see_who_viewed_the_case(self):
        case_for_officer(user=self.bob, public_id=self.case.public_id)
        entries = case_audit_entries(user=self.alice, case=self.case)
        self.assertIn(("case.viewed", self.bob), [(e.action, e.actor) for e in entries])
        self.client.force_login(self.alice)
        response = self.client.get(reverse("cases:detail", args=[self.case.public_id]))
        # Shown by its label in the reader's language, not by its code.
        self.assertContains(response, "Fall angesehen")
        self.assertNotContains(response, "case.viewed")

    def test_others_see_nothing(self):
        for user in (self.charlie, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.assertEqual(case_audit_entries(user=user, case=self.case), [])

    def test_the_access_log_names_staff_of_other_institutions_by_role_and_institution(self):
        from dualcareer.core import audit

        audit.log(
            self.case,
            "case.handover_decided",
            actor=self.charlie,
            institution_id=self.other_inst.pk,
            data={"accept": False},
        )
        audit.log(self.case, "case.viewed", actor=self.paula, data={"by": "partner"})
        labels = {
            e.actor_id: e.actor_label for e in case_audit_entries(user=self.bob, case=self.case)
        }
        self.assertNotIn("Charlie", labels[self.charlie.pk])
        self.assertIn("Universität Beta", labels[self.charlie.pk])
        self.assertEqual(labels[self.paula.pk], "Paula Test")
        self.assertEqual(labels[self.alice.pk], "Alice Test")
        self.client.force_login(self.bob)
        response = self.client.get(reverse("cases:detail", args=[self.case.public_id]))
        self.assertNotContains(response, "Charlie")
        self.assertNotContains(response, "charlie@example.org")
