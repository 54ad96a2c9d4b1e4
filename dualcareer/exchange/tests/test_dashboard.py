from django.urls import reverse

from dualcareer.exchange.services import introduction_answer, introduction_create
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


class DashboardPanelTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=self.opening
        )

    def dashboard(self, user):
        self.client.force_login(user)
        response = self.client.get(reverse("site:dashboard"))
        self.assertEqual(response.status_code, 200)
        return response

    def test_employer_sees_the_waiting_introduction(self):
        response = self.dashboard(self.emil)
        self.assertContains(response, "1 Vorstellung wartet auf Ihre Antwort.")
        self.assertContains(
            response, reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        )

    def test_it_disappears_when_consent_is_withdrawn(self):
        withdraw(self.case, "employers")
        self.assertContains(self.dashboard(self.emil), "0 Vorstellungen warten auf Ihre Antwort.")

    def test_officer_sees_the_answer(self):
        introduction_answer(user=self.emil, introduction=self.introduction, answer="interested")
        response = self.dashboard(self.bob)
        self.assertContains(response, "Interessiert")
        self.assertNotContains(self.dashboard(self.charlie), "Interessiert")

    def test_partner_panel_and_nobody_without_panel(self):
        self.assertContains(self.dashboard(self.paula), reverse("exchange:my_introductions"))
        self.assertNotContains(self.dashboard(self.nobody), "Stellenangebote und Vorstellungen")
