from django.urls import reverse

from dualcareer.cases.models import Case, Handover
from dualcareer.cases.tests.helpers import CaseTestCase


class HandoverViewTests(CaseTestCase):
    def test_request_consent_and_accept_through_the_pages(self):
        self.client.force_login(self.alice)
        self.client.post(
            reverse("cases:handover", args=[self.case.public_id]),
            {"to_institution": self.other_inst.pk},
        )
        handover = Handover.objects.get(case=self.case)
        self.client.force_login(self.paula)
        self.client.post(reverse("cases:my_handover"), {"decision": "yes"})
        self.client.force_login(self.charlie)
        url = reverse("cases:handover_decide", args=[handover.public_id])
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.post(url, {"decision": "yes"})
        self.assertEqual(Case.objects.get(pk=self.case.pk).institution, self.other_inst)

    def test_outsiders_cannot_see_or_decide_a_handover(self):
        self.client.force_login(self.alice)
        self.client.post(
            reverse("cases:handover", args=[self.case.public_id]),
            {"to_institution": self.other_inst.pk},
        )
        handover = Handover.objects.get(case=self.case)
        url = reverse("cases:handover_decide", args=[handover.public_id])
        for user in (self.charlie, self.bob, self.cora):  # before the partner consented
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.assertEqual(self.client.post(url, {"decision": "yes"}).status_code, 404)
        self.assertEqual(Case.objects.get(pk=self.case.pk).institution, self.inst)
