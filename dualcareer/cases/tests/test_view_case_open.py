from django.urls import reverse

from dualcareer.cases.models import Case, PartnerProfile
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseOpenViewTests(CaseTestCase):
    url = reverse("cases:open")

    def form(self, **changes):
        data = {
            "institution": self.inst.pk,
            "kind": "recruitment",
            "recruited_name": "Prof. Dr. Neu",
            "partner_first_name": "Nora",
            "partner_email": "nora@example.org",
        }
        data.update(changes)
        return data

    def test_officer_opens_a_case(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url, self.form())
        case = Case.objects.get(recruited_name="Prof. Dr. Neu")
        self.assertRedirects(response, reverse("cases:detail", args=[case.public_id]))
        self.assertEqual(case.profile.first_name, "Nora")

    def test_a_failed_form_leaves_no_partial_case(self):
        self.client.force_login(self.alice)
        before = (Case.objects.count(), PartnerProfile.objects.count())
        response = self.client.post(self.url, self.form(recruited_name="", partner_email="bad"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "field-errors")
        self.assertEqual((Case.objects.count(), PartnerProfile.objects.count()), before)

    def test_officer_cannot_open_a_case_for_another_institution(self):
        self.client.force_login(self.alice)
        before = Case.objects.count()
        response = self.client.post(self.url, self.form(institution=self.other_inst.pk))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Case.objects.count(), before)

    def test_outsiders_are_refused(self):
        for user in (self.cora, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url, self.form()).status_code, 403)
