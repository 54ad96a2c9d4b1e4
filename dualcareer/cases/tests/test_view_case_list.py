from django.urls import reverse

from dualcareer.cases.models import Case
from dualcareer.cases.tests.factories import CaseFactory
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseListViewTests(CaseTestCase):
    url = reverse("cases:list")

    def test_officer_sees_own_cases_only(self):
        foreign: Case = CaseFactory(institution=self.other_inst, recruited_name="Foreign Person")
        self.client.force_login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, self.case.reference)
        self.assertNotContains(response, foreign.reference)

    def test_outsiders_without_case_role_are_refused(self):
        for user in (self.cora, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_anonymous_users_are_sent_to_login(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
