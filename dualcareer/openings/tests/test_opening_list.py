import datetime as dt

from django.utils import timezone

from dualcareer.network.models import Sector
from dualcareer.openings.models import Visibility
from dualcareer.openings.selectors import OpeningFilters, opening_detail, opening_list
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


def titles(queryset):
    return {o.title_de for o in queryset}


class VisibilityTests(BaseTestCase):
    def setUp(self):
        self.public = OpeningFactory(institution=self.employer_inst, title_de="Öffentlich")
        self.network_only = OpeningFactory(
            institution=self.employer_inst, title_de="Netzwerk", visibility=Visibility.NETWORK
        )
        self.officers_only = OpeningFactory(
            institution=self.employer_inst, title_de="Nur DCS", visibility=Visibility.OFFICERS
        )
        outsider_inst = f.InstitutionFactory(sector=Sector.COMPANY)
        self.foreign_officer = f.UserFactory()
        f.InstitutionRoleFactory(
            user=self.foreign_officer, institution=outsider_inst, role="officer"
        )

    def test_anonymous_and_users_without_role_see_public_only(self):
        from django.contrib.auth.models import AnonymousUser

        self.assertEqual(titles(opening_list(user=AnonymousUser())), {"Öffentlich"})
        self.assertEqual(titles(opening_list(user=self.nobody)), {"Öffentlich"})

    def test_officer_in_the_network_sees_all_three(self):
        self.assertEqual(
            titles(opening_list(user=self.alice)), {"Öffentlich", "Netzwerk", "Nur DCS"}
        )

    def test_employer_contact_of_another_member_sees_no_officer_only_openings(self):
        other_employer = self.make_user("erna", f.InstitutionFactory(), "employer")
        membership_inst = other_employer.institution_roles.get().institution
        f.NetworkMembershipFactory(network=self.network, institution=membership_inst)
        self.assertEqual(titles(opening_list(user=other_employer)), {"Öffentlich", "Netzwerk"})

    def test_officer_outside_the_network_sees_public_only(self):
        self.assertEqual(titles(opening_list(user=self.foreign_officer)), {"Öffentlich"})

    def test_partner_with_a_case_sees_network_openings_but_not_officer_only(self):
        make_case(self.inst, self.paula)
        self.assertEqual(titles(opening_list(user=self.paula)), {"Öffentlich", "Netzwerk"})

    def test_closing_date_hides_at_once_even_before_the_command_runs(self):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        OpeningFactory(
            institution=self.employer_inst, title_de="Abgelaufen", closing_date=yesterday
        )
        OpeningFactory(
            institution=self.employer_inst, title_de="Heute", closing_date=timezone.localdate()
        )
        self.assertEqual(
            titles(opening_list(user=self.alice)), {"Öffentlich", "Netzwerk", "Nur DCS", "Heute"}
        )

    def test_detail_of_a_hidden_opening_is_none_for_outsiders_but_shown_to_its_employer(self):
        self.network_only.is_published = False
        self.network_only.save()
        self.assertIsNone(opening_detail(user=self.alice, public_id=self.network_only.public_id))
        self.assertEqual(
            opening_detail(user=self.emil, public_id=self.network_only.public_id), self.network_only
        )


class FilterTests(BaseTestCase):
    def setUp(self):
        self.bochum = OpeningFactory(
            institution=self.inst,
            title_de="Laborleitung Proteomik",
            languages=",en,",
            places=[("44801", "Bochum", 51.4447, 7.2617)],
        )
        self.munich = OpeningFactory(
            institution=self.employer_inst,
            title_de="Controllerin",
            occupation_field="finance",
            working_time="part_time",
            remote_share=60,
            places=[("80331", "München", 48.137, 11.575)],
        )

    def filtered(self, **params):
        return titles(opening_list(user=self.alice, filters=OpeningFilters.from_params(params)))

    def test_full_text_search_needs_every_word(self):
        self.assertEqual(self.filtered(q="labor proteomik"), {"Laborleitung Proteomik"})
        self.assertEqual(self.filtered(q="labor münchen"), set())
        self.assertEqual(self.filtered(q="MÜNCHEN"), {"Controllerin"})

    def test_place_and_radius(self):
        self.assertEqual(self.filtered(postcode="44227", radius_km=25), {"Laborleitung Proteomik"})
        self.assertEqual(self.filtered(postcode="44227", radius_km=10), set())

    def test_field_sector_language_working_time_and_remote(self):
        self.assertEqual(self.filtered(field="finance"), {"Controllerin"})
        self.assertEqual(self.filtered(sector="company"), {"Controllerin"})
        self.assertEqual(self.filtered(language="en"), {"Laborleitung Proteomik"})
        self.assertEqual(self.filtered(working_time="part_time"), {"Controllerin"})
        self.assertEqual(self.filtered(remote_only="1"), {"Controllerin"})

    def test_invalid_filter_values_are_ignored(self):
        self.assertEqual(len(self.filtered(field="nonsense", postcode="abc", radius_km="x")), 2)
