"""Standards, self-assessment, benchmark and the coordinator's overview as pages."""

from typing import Any

from django.urls import reverse
from django.utils import timezone, translation

from dualcareer.knowledge.models import SelfAssessment
from dualcareer.knowledge.tests.factories import make_assessment, make_catalogue
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase
from dualcareer.testing import factories as f


class QualityPagesTest(KnowledgeTestCase):
    catalogue: Any
    year: Any

    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.catalogue = make_catalogue(cls.network)
        cls.year = timezone.localdate().year
        cls.inst.offers_dual_career_service = True
        cls.inst.save()

    def test_standards_page_for_members_and_the_coordinators_edit(self):
        url = reverse("knowledge:standards", args=[self.network.slug])
        self.client.force_login(self.emil)
        self.assertContains(
            self.client.get(url),
            "Selection of the best",
        )
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 404)
        edit = reverse("knowledge:standards_item_edit", args=[self.network.slug, "criterion", "A1"])
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(edit).status_code, 403)
        self.client.force_login(self.cora)
        response = self.client.post(
            edit,
            {
                "code": "A1",
                "area": "service_portfolio",
                "order": "0",
                "title_de": "Neu",
                "title_en": "New",
            },
        )
        self.assertRedirects(response, url)
        self.assertContains(self.client.get(url), "A1 · New")

    def test_submit_a_self_assessment_then_see_it_and_the_benchmark(self):
        for name in ("Gamma", "Delta"):
            member = f.InstitutionFactory(name=f"Hochschule {name}")
            f.NetworkMembershipFactory(network=self.network, institution=member)
            make_assessment(member, self.network, self.catalogue, year=self.year)
        url = reverse(
            "knowledge:assessment_edit", args=[self.network.slug, self.inst.slug, self.year]
        )
        self.client.force_login(self.alice)
        self.assertContains(self.client.get(url), "A1")
        missing = self.client.post(url, {"action": "submit", "rating_A1": "met"})
        self.assertEqual(missing.status_code, 200)
        self.assertContains(missing, "Rate every criterion to submit.")
        response = self.client.post(
            url,
            {
                "action": "submit",
                "rating_A1": "met",
                "rating_B1": "not_yet",
                "plan_B1": "Gespräch mit der Personalabteilung",
                "rating_C1": "partly",
            },
        )
        assessment = SelfAssessment.objects.get(institution=self.inst)
        self.assertRedirects(
            response, reverse("knowledge:assessment_detail", args=[assessment.public_id])
        )
        bench = self.client.get(reverse("knowledge:benchmark", args=[self.network.slug]))
        self.assertContains(bench, 'role="img"')
        self.assertContains(bench, "(yours)")
        self.client.force_login(self.charlie)
        detail = reverse("knowledge:assessment_detail", args=[assessment.public_id])
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_the_coordinator_sees_who_has_submitted(self):
        make_assessment(self.inst, self.network, self.catalogue, year=self.year)
        url = reverse("knowledge:submission_status", args=[self.network.slug])
        self.client.force_login(self.cora)
        response = self.client.get(url)
        self.assertContains(response, self.inst.name)
        self.assertNotContains(response, "Nachweis A1")  # no answers
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(url).status_code, 403)
