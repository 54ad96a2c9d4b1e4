"""The exchange's section on "my institution's openings": introductions to the employer."""

from django.urls import reverse

from dualcareer.exchange.services import introduction_create
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase


class ManageSectionTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.introduction = introduction_create(
            user=self.alice,
            case=self.case,
            opening=OpeningFactory(institution=self.employer_inst, title_de="Laborleitung"),
        )
        self.link = reverse("exchange:introduction_employer", args=[self.introduction.public_id])

    def test_the_employer_sees_the_introduction_on_its_openings_page(self):
        self.client.force_login(self.emil)
        response = self.client.get(reverse("openings:manage"))
        self.assertContains(response, "Vorstellungen an Sie")
        self.assertContains(response, self.link)

    def test_an_officer_of_another_institution_does_not_see_it(self):
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("openings:manage"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, self.link)
