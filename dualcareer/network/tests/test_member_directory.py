import datetime as dt

from django.utils import translation

from dualcareer.network.models import Institution, Network, Sector, ServiceProvision
from dualcareer.network.selectors import DirectoryFilter, map_points, member_directory
from dualcareer.network.tests.factories import make_institution, make_membership, make_network
from dualcareer.testing.base import BaseTestCase


class MemberDirectoryTests(BaseTestCase):
    national: Network
    outsider: Institution
    former: Institution

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.inst.offers_dual_career_service = True
        cls.inst.service_provision = ServiceProvision.IN_HOUSE
        cls.inst.save()
        cls.national = make_network(name="Bundesnetz", slug="bund", kind="national")
        make_membership(network=cls.national, institution=cls.other_inst)
        cls.outsider = make_institution(name="Nicht Mitglied AG")
        cls.former = make_institution(name="Ehemals Mitglied")
        make_membership(network=cls.network, institution=cls.former, left_on=dt.date(2021, 1, 1))

    def names(self, **filters):
        return [i.name for i in member_directory(filters=DirectoryFilter(**filters))]

    def test_it_lists_current_members_only(self):
        names = self.names()
        self.assertIn("Universität Alpha", names)
        self.assertNotIn("Nicht Mitglied AG", names)
        self.assertNotIn("Ehemals Mitglied", names)

    def test_it_filters_by_sector_city_service_and_network(self):
        self.assertEqual(self.names(sector=Sector.COMPANY), ["Beispiel GmbH"])
        self.assertEqual(self.names(city="dortmund"), ["Universität Beta"])
        self.assertEqual(self.names(service="dual_career"), ["Universität Alpha"])
        self.assertEqual(self.names(service=ServiceProvision.IN_HOUSE), ["Universität Alpha"])
        self.assertEqual(self.names(network="bund"), ["Universität Beta"])

    def test_it_searches_by_name_and_english_name(self):
        self.inst.name_en = "Alpha University"
        self.inst.save()
        self.assertEqual(self.names(q="alpha univ"), ["Universität Alpha"])
        self.assertEqual(self.names(q="BETA"), ["Universität Beta"])

    def test_it_lists_each_institution_once_with_its_current_networks(self):
        make_membership(network=self.national, institution=self.inst)
        entries = [i for i in member_directory() if i.name == "Universität Alpha"]
        self.assertEqual(len(entries), 1)
        self.assertEqual(len(entries[0].current_memberships), 2)  # type: ignore[attr-defined]

    def test_map_points_skip_members_without_coordinates(self):
        self.other_inst.latitude = None
        self.other_inst.save()
        names = {point["name"] for point in map_points()}
        self.assertIn("Universität Alpha", names)
        self.assertNotIn("Universität Beta", names)
        with translation.override("de"):
            point = next(p for p in map_points() if p["name"] == "Universität Alpha")
        self.assertEqual(point["url"], f"/network/members/{self.inst.slug}/")
