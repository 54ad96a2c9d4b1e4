from django.urls import reverse

from dualcareer.cases.models import ProcessStep
from dualcareer.cases.tests.helpers import CaseTestCase


class ProcessViewTests(CaseTestCase):
    url = reverse("cases:process")

    def test_officer_adds_a_step(self):
        self.client.force_login(self.alice)
        self.client.post(
            self.url, {"title_de": "Begrüßung", "title_en": "Welcome", "due_days": "10"}
        )
        step = ProcessStep.objects.get(institution=self.inst)
        self.assertTrue(self.case.tasks.filter(step=step).exists())

    def test_standard_steps_cannot_be_removed_through_the_page(self):
        self.client.force_login(self.alice)
        standard = ProcessStep.objects.get(code="consent", institution=None)
        self.assertEqual(self.client.post(self.url, {"deactivate": standard.pk}).status_code, 404)

    def test_outsiders_are_refused(self):
        for user in (self.cora, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
