from django.urls import reverse

from dualcareer.cases.services import activity_log
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.audit import entries_for


class CaseDetailViewTests(CaseTestCase):
    def url(self, case=None):
        return reverse("cases:detail", args=[(case or self.case).public_id])

    def test_colleague_sees_the_case_with_internal_notes(self):
        activity_log(case=self.case, kind="talk", actor=self.alice, note="Nur intern")
        self.client.force_login(self.bob)
        response = self.client.get(self.url())
        self.assertContains(response, "Nur intern")
        self.assertContains(response, "Prof. Dr. Rita Berufen")
        self.assertTrue(
            entries_for(self.case).filter(action="case.viewed", actor=self.bob).exists()
        )

    def test_english_page(self):
        self.client.force_login(self.alice)
        response = self.client.get(f"/en/cases/{self.case.public_id}/")
        self.assertContains(response, "Counselling log")

    def test_outsiders_get_404(self):
        for user in (self.charlie, self.cora, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url()).status_code, 404)

    def test_ids_are_not_enumerable(self):
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(f"/cases/{self.case.pk}/").status_code, 404)

    def test_confidential_case_hidden_from_unassigned_colleague(self):
        secret = self.open_case(confidential=True)
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(self.url(secret)).status_code, 404)
