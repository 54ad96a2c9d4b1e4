"""API v1 institutions and networks: the public directory, ordered and filtered, read only."""

import datetime as dt
import warnings

from django.core.cache import cache
from django.core.paginator import UnorderedObjectListWarning
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from dualcareer.network.models import Institution, Network
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

    def test_networks_come_national_first_then_by_name(self):
        f.NetworkFactory(name="Zentrum Süd", kind=Network.Kind.REGIONAL)
        f.NetworkFactory(name="Bundesnetz", kind=Network.Kind.NATIONAL)
        f.NetworkFactory(name="Alpen Nord", kind=Network.Kind.REGIONAL)
        with warnings.catch_warnings():
            warnings.simplefilter("error", UnorderedObjectListWarning)  # paged unordered: fails
            body = self.api.get(reverse("api_v1:network_list")).json()
        expected = list(Network.objects.order_by("kind", "name").values_list("slug", flat=True))
        self.assertEqual([item["slug"] for item in body["results"]], expected)
        self.assertEqual(body["results"][0]["name"], "Bundesnetz")

    def test_pages_ordered_by_a_field_with_equal_values_neither_repeat_nor_skip(self):
        founded = dt.date(2015, 5, 1)
        Network.objects.update(founded_on=founded)
        for n in range(5):
            f.NetworkFactory(name=f"Netz {n}", founded_on=founded)
        slugs = []
        for page in range(1, Network.objects.count() + 1):
            body = self.api.get(
                reverse("api_v1:network_list"),
                {"ordering": "-founded_on", "page_size": 1, "page": page},
            ).json()
            slugs += [item["slug"] for item in body["results"]]
        self.assertEqual(sorted(slugs), sorted(Network.objects.values_list("slug", flat=True)))
        self.assertEqual(len(slugs), len(set(slugs)))
        # Equal dates follow the primary key (the database would be free to vary their order).
        with CaptureQueriesContext(connection) as queries:
            self.api.get(reverse("api_v1:network_list"), {"ordering": "-founded_on"})
        listed = [q["sql"] for q in queries.captured_queries if "LIMIT" in q["sql"]]
        self.assertEqual(len(listed), 1, listed)
        self.assertIn(
            'ORDER BY "network_network"."founded_on" DESC, "network_network"."id" ASC', listed[0]
        )

    def test_read_only(self):
        response = self.api.post(reverse("api_v1:institution_list"), {}, format="json")
        self.assertEqual(response.status_code, 405)

    def test_anonymous_is_refused(self):
        self.assertEqual(APIClient().get(reverse("api_v1:institution_list")).status_code, 403)
