"""Member pages at scale: the queries of a list page must not grow with its length (issue 18).

Each page is read with 5 and with 50 more members (each in two networks,
with contacts) and must ask the database the same number of times.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualcareer.network.models import Sector
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class DirectoryQueryCountTests(BaseTestCase):
    def add_members(self, count: int) -> None:
        second = f.NetworkFactory()
        for i in range(count):
            institution = f.InstitutionFactory(
                sector=[Sector.UNIVERSITY, Sector.COMPANY][i % 2],
                offers_dual_career_service=bool(i % 2),
                counselling_languages=["de", "en"],
            )
            f.NetworkMembershipFactory(network=self.network, institution=institution)
            f.NetworkMembershipFactory(network=second, institution=institution)
            f.ContactFactory(institution=institution)
            f.ContactFactory(institution=institution, is_dual_career_contact=False)

    def queries(self, url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(captured)

    def assert_flat(self, url: str, user: Any = None) -> None:
        if user is not None:
            self.client.force_login(user)
        self.add_members(5)
        self.queries(url)  # per-process caches filled once
        few = self.queries(url)
        self.add_members(45)
        many = self.queries(url)
        self.assertEqual(few, many, f"{url}: {few} queries with 5 members, {many} with 50")

    def test_member_directory(self):
        self.assert_flat(reverse("network:directory"))

    def test_member_directory_filtered(self):
        self.assert_flat(reverse("network:directory") + "?sector=university&service=dual_career")

    def test_member_directory_signed_in(self):
        self.assert_flat(reverse("network:directory"), user=self.cora)

    def test_map_list(self):
        self.assert_flat(reverse("network:map"))

    def test_map_data(self):
        self.assert_flat(reverse("network:map_data"))

    def test_network_page(self):
        self.assert_flat(reverse("network:network_detail", args=[self.network.slug]))
