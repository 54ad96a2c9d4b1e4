"""API v1 openings: the same views as the unversioned paths, paginated, bad input as 400."""

from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.openings.models import Opening, OpeningPlace, Visibility
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase


class OpeningsV1Tests(BaseTestCase):
    def setUp(self):
        cache.clear()
        self.api = APIClient()

    def test_the_list_is_paginated_as_declared(self):
        for _ in range(3):
            OpeningFactory(institution=self.employer_inst, visibility=Visibility.NETWORK)
        self.api.force_authenticate(self.alice)
        response = self.api.get(reverse("api_v1:opening_list"), {"page_size": 2})
        body = response.json()
        self.assertEqual(body["count"], 3)
        self.assertEqual(len(body["results"]), 2)
        self.assertIn("page=2", body["next"])
        self.assertIsNone(body["previous"])

    def test_a_place_without_postcode_or_coordinates_is_answered_as_such(self):
        opening = OpeningFactory(institution=self.employer_inst, visibility=Visibility.NETWORK)
        OpeningPlace.objects.filter(opening=opening).delete()
        OpeningPlace.objects.create(opening=opening, city="Irgendwo", postcode="")
        self.api.force_authenticate(self.alice)
        response = self.api.get(reverse("api_v1:opening_detail", args=[opening.public_id]))
        place = response.json()["places"][0]
        self.assertEqual(place["postcode"], "")
        self.assertIsNone(place["latitude"])
        self.assertIsNone(place["longitude"])

    def test_a_nul_in_the_query_string_is_a_400_naming_the_parameter(self):
        self.api.force_authenticate(self.alice)
        for params in ({"q": "a\x00b"}, {"postcode": "\x00"}):
            with self.subTest(params=params):
                response = self.api.get(reverse("api_v1:opening_list"), params)
                self.assertEqual(response.status_code, 400)
                self.assertIn(next(iter(params)), response.json())
        response = self.api.get(reverse("api:opening_list"), {"q": "\x00"})
        self.assertEqual(response.status_code, 400)

    def test_an_empty_postcode_is_accepted_as_sent(self):
        self.api.force_authenticate(self.emil)
        response = self.api.post(
            reverse("api_v1:opening_list"),
            {
                "employer": self.employer_inst.slug,
                "title_de": "Laborleitung",
                "description_de": "Leitung.",
                "occupation_field": "research",
                "contract_type": "permanent",
                "places": [{"postcode": "", "city": "Essen"}],
            },
            format="json",
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Opening.objects.get().places.get().city, "Essen")

    def test_the_import_job_url_stays_in_its_version(self):
        self.api.force_authenticate(self.emil)
        response = self.api.post(
            reverse("api_v1:opening_import"),
            {"employer": self.employer_inst.slug, "postings": []},
            format="json",
        )
        self.assertEqual(response.status_code, 202, response.content)
        self.assertIn("/api/v1/openings/import/", response["Location"])

    def test_outsider_cannot_patch(self):
        opening = OpeningFactory(institution=self.employer_inst, visibility=Visibility.NETWORK)
        self.api.force_authenticate(self.charlie)
        response = self.api.patch(
            reverse("api_v1:opening_detail", args=[opening.public_id]),
            {"title_de": "Fremd"},
            format="json",
        )
        self.assertIn(response.status_code, (403, 404))
        opening.refresh_from_db()
        self.assertNotEqual(opening.title_de, "Fremd")
