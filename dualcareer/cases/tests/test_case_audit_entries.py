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
        self.assertContains(response, "case.viewed")

    def test_others_see_nothing(self):
        for user in (self.charlie, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.assertEqual(case_audit_entries(user=user, case=self.case), [])
