from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dualcareer.cases.models import CasePolicy, retention_months_for
from dualcareer.cases.services import case_policy_update
from dualcareer.cases.tests.helpers import CaseTestCase


class CasePolicyUpdateTests(CaseTestCase):
    def test_officer_sets_the_rules_of_their_institution(self):
        self.assertEqual(retention_months_for(self.inst.pk), 24)  # network default
        case_policy_update(
            actor=self.alice,
            institution=self.inst,
            eligibility_de="Professuren",
            eligibility_en="Professors",
            support_months=12,
            retention_months=6,
        )
        self.assertEqual(retention_months_for(self.inst.pk), 6)
        self.assertEqual(CasePolicy.objects.get(institution=self.inst).support_months, 12)

    def test_it_refuses_absurd_periods(self):
        with self.assertRaises(ValidationError):
            case_policy_update(
                actor=self.alice,
                institution=self.inst,
                eligibility_de="",
                eligibility_en="",
                support_months=None,
                retention_months=0,
            )

    def test_it_refuses_outsiders(self):
        for user in (self.charlie, self.cora, self.emil, self.paula):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                case_policy_update(
                    actor=user,
                    institution=self.inst,
                    eligibility_de="",
                    eligibility_en="",
                    support_months=None,
                    retention_months=1,
                )

    def test_the_page_shows_the_rules_at_intake(self):
        self.client.force_login(self.alice)
        self.client.post(
            reverse("cases:policy"),
            {"eligibility_de": "Nur Professuren", "eligibility_en": "", "support_months": "12"},
        )
        response = self.client.get(reverse("cases:detail", args=[self.case.public_id]))
        self.assertContains(response, "Nur Professuren")
        self.client.force_login(self.paula)
        self.assertEqual(self.client.get(reverse("cases:policy")).status_code, 403)
