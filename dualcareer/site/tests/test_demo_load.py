"""demo_load: the Ruhr network, its real members, demo users; idempotent; not in production."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings

from dualcareer.accounts.models import InstitutionRole, User
from dualcareer.network.models import Institution, Network, NetworkMembership


@override_settings(DEBUG=True)
class DemoLoadTests(TestCase):
    def load(self) -> str:
        out = StringIO()
        call_command("demo_load", stdout=out)
        return out.getvalue()

    def test_it_loads_the_ruhr_network_inside_the_national_one(self) -> None:
        self.load()
        ruhr = Network.objects.get(slug="dcn-ruhr")
        self.assertEqual(ruhr.parent, Network.objects.get(slug="dcnd"))
        assert ruhr.coordinating_institution is not None
        self.assertEqual(ruhr.coordinating_institution.name, "Regionalverband Ruhr")
        names = set(ruhr.members.values_list("name", flat=True))
        for expected in (
            "Ruhr-Universität Bochum",
            "Technische Universität Dortmund",
            "Universität Duisburg-Essen",
            "FernUniversität in Hagen",
            "Hochschule Ruhr West",
            "Deutsches Bergbau-Museum Bochum",
            "Max-Planck-Institut für molekulare Physiologie",
            "Business Metropole Ruhr GmbH",
            "Initiativkreis Ruhr",
            "TechnologieZentrumDortmund",
            "Wirtschaftsförderung Dortmund",
        ):
            self.assertIn(expected, names)

    def test_every_institution_has_a_city_and_coordinates_in_the_ruhr_area_or_nearby(self) -> None:
        self.load()
        for institution in Institution.objects.all():
            with self.subTest(institution=institution.slug):
                self.assertTrue(institution.city)
                # Between the Lower Rhine and Münster / Hagen.
                self.assertTrue(51.3 < float(institution.latitude) < 52.0)
                self.assertTrue(6.7 < float(institution.longitude) < 7.7)

    def test_it_is_idempotent(self) -> None:
        self.load()
        counts = (
            Institution.objects.count(),
            NetworkMembership.objects.count(),
            User.objects.count(),
            InstitutionRole.objects.count(),
        )
        self.load()
        self.assertEqual(
            counts,
            (
                Institution.objects.count(),
                NetworkMembership.objects.count(),
                User.objects.count(),
                InstitutionRole.objects.count(),
            ),
        )

    def test_demo_users_cover_every_role(self) -> None:
        self.load()
        roles = set(InstitutionRole.objects.values_list("role", flat=True))
        self.assertEqual(roles, {"coordinator", "officer", "employer"})
        self.assertTrue(User.objects.filter(kind=User.Kind.PARTNER).exists())
        self.assertTrue(all(u.email.endswith("@example.org") for u in User.objects.all()))

    @override_settings(DEBUG=False)
    def test_it_refuses_to_run_in_production_without_the_flag(self) -> None:
        with self.assertRaises(CommandError):
            call_command("demo_load", stdout=StringIO())
        self.assertFalse(User.objects.exists())
