"""API v1 trainings: the programme as the reader may see it, own registrations, registering."""

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.testing.base import BaseTestCase
from dualcareer.trainings.models import Audience, Registration, Status
from dualcareer.trainings.tests.factories import make_training


class TrainingsV1Tests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()
        self.officers = make_training(self.network, audience=Audience.OFFICERS)
        self.draft = make_training(self.network, status=Status.DRAFT, title_de="Entwurf")

    def test_officers_see_and_register(self):
        self.api.force_authenticate(self.alice)
        ids = [t["id"] for t in self.api.get(reverse("api_v1:training_list")).json()["results"]]
        self.assertEqual(ids, [str(self.officers.public_id)])  # no drafts
        register = reverse("api_v1:training_register", args=[self.officers.public_id])
        response = self.api.post(register)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], "confirmed")
        mine = self.api.get(reverse("api_v1:registration_list")).json()["results"]
        self.assertEqual([r["training"] for r in mine], [str(self.officers.public_id)])
        again = self.api.post(register)
        self.assertEqual(again.status_code, 400)
        self.assertIn("email", again.json())
        self.assertEqual(Registration.objects.count(), 1)

    def test_a_partner_neither_sees_nor_registers_for_an_officers_training(self):
        self.api.force_authenticate(self.paula)
        self.assertEqual(self.api.get(reverse("api_v1:training_list")).json()["count"], 0)
        url = reverse("api_v1:training_detail", args=[self.officers.public_id])
        self.assertEqual(self.api.get(url).status_code, 404)
        register = reverse("api_v1:training_register", args=[self.officers.public_id])
        self.assertEqual(self.api.post(register).status_code, 404)
        self.assertFalse(Registration.objects.exists())

    def test_the_coordinator_sees_the_draft(self):
        self.api.force_authenticate(self.cora)
        url = reverse("api_v1:training_detail", args=[self.draft.public_id])
        self.assertEqual(self.api.get(url).json()["status"], "draft")
