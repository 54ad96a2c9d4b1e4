"""API v1 institutions and networks: the public directory, ordered and filtered, read only."""

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.network.models import Institution
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class DirectoryV1Tests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()
        self.api.force_authenticate(self.charlie)

    def test_institutions_are_the_directory_s_ordered(self):
        response = self.api.get(reverse("api_v1:institution_list"), {"ordering": "-name"})
        names = [item["name"] for item in response.json()["results"]]
        self.assertEqual(names, sorted(names, reverse=True))
        self.assertIn(self.inst.name, names)

    def test_an_institution_without_a_membership_is_not_listed(self):
        loner = f.InstitutionFactory(name="Nicht-Mitglied")
        response = self.api.get(reverse("api_v1:institution_list"))
        names = [item["name"] for item in response.json()["results"]]
        self.assertNotIn(loner.name, names)
        detail = self.api.get(reverse("api_v1:institution_detail", args=[loner.slug]))
        self.assertEqual(detail.status_code, 404)

    def test_filters_apply(self):
        response = self.api.get(reverse("api_v1:institution_list"), {"city": "Dortmund"})
        self.assertEqual(
            [item["slug"] for item in response.json()["results"]], [self.other_inst.slug]
        )

    def test_unknown_ordering_is_a_400_naming_it(self):
        response = self.api.get(reverse("api_v1:institution_list"), {"ordering": "password"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("ordering", response.json())

    def test_unknown_coordinates_are_null(self):
        Institution.objects.filter(pk=self.inst.pk).update(latitude=None, longitude=None)
        body = self.api.get(reverse("api_v1:institution_detail", args=[self.inst.slug])).json()
        self.assertIsNone(body["latitude"])

    def test_networks(self):
        body = self.api.get(reverse("api_v1:network_list")).json()
        self.assertEqual(body["results"][0]["slug"], self.network.slug)
        self.assertEqual(body["results"][0]["member_count"], 4)
        detail = self.api.get(reverse("api_v1:network_detail", args=[self.network.slug]))
        self.assertEqual(detail.json()["coordinating_institution"], self.coord_inst.slug)
        self.assertEqual(
            self.api.get(reverse("api_v1:network_detail", args=["nope"])).status_code, 404
        )

    def test_read_only(self):
        response = self.api.post(reverse("api_v1:institution_list"), {}, format="json")
        self.assertEqual(response.status_code, 405)

    def test_anonymous_is_refused(self):
        self.assertEqual(APIClient().get(reverse("api_v1:institution_list")).status_code, 403)
