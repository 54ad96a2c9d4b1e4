"""API v1 cases: the case pages' rules (scoping, confidential cases), every read audited."""

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.api import tokens
from dualcareer.core.models import AuditEntry
from dualcareer.openings.tests.factories import make_case
from dualcareer.testing.base import BaseTestCase


class CasesV1Tests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()
        self.case = make_case(self.inst, self.paula, scopes=("employers",))

    def test_an_officer_reads_the_case_with_profile_and_consents_and_it_is_audited(self):
        self.api.force_authenticate(self.alice)
        listed = self.api.get(reverse("api_v1:case_list")).json()["results"]
        self.assertEqual([item["id"] for item in listed], [str(self.case.public_id)])
        self.assertNotIn("first_name", listed[0])  # the list carries no personal data
        before = AuditEntry.objects.filter(action="case.viewed").count()
        body = self.api.get(reverse("api_v1:case_detail", args=[self.case.public_id])).json()
        self.assertEqual([c["scope"] for c in body["consents"]], ["employers"])
        self.assertIn("professional_field", body["profile"])
        viewed = AuditEntry.objects.filter(action="case.viewed")
        self.assertEqual(viewed.count(), before + 1)
        self.assertEqual(viewed.latest("pk").actor, self.alice)

    def test_outsiders_read_nothing(self):
        for user in (self.charlie, self.emil, self.cora, self.paula):
            with self.subTest(user=user.email):
                self.api.force_authenticate(user)
                self.assertEqual(self.api.get(reverse("api_v1:case_list")).json()["count"], 0)
                detail = self.api.get(reverse("api_v1:case_detail", args=[self.case.public_id]))
                self.assertEqual(detail.status_code, 404)
        self.assertFalse(
            AuditEntry.objects.filter(action="case.viewed").exclude(actor=self.alice).exists()
        )

    def test_a_token_needs_cases_read(self):
        _token, raw = tokens.token_create(
            user=self.alice, name="t", scopes=["openings:read"], lifetime_days=1
        )
        self.api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = self.api.get(reverse("api_v1:case_detail", args=[self.case.public_id]))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "cases:read")
        self.assertFalse(AuditEntry.objects.filter(action="case.viewed").exists())
