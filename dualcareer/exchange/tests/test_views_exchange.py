from django.urls import reverse

from dualcareer.exchange.models import Introduction, NetworkRequest
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class IntroductionCreateViewTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.opening = OpeningFactory(institution=self.employer_inst)
        self.url = reverse("exchange:introduction_create", args=[self.case.public_id])

    def test_officer_introduces_through_the_form(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url, {"opening": self.opening.pk, "message": "Passt", "selection_notice": "on"}
        )
        self.assertRedirects(response, reverse("exchange:case", args=[self.case.public_id]))
        self.assertEqual(Introduction.objects.get().opening, self.opening)

    def test_the_selection_notice_must_be_confirmed(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url, {"opening": self.opening.pk})
        self.assertEqual(response.status_code, 200)
        self.assertIn("selection_notice", response.context["form"].errors)
        self.assertFalse(Introduction.objects.exists())

    def test_without_a_covered_employer_the_form_is_not_offered(self):
        case = make_case(self.inst, None, scopes=("academic",))
        self.client.force_login(self.alice)
        url = reverse("exchange:introduction_create", args=[case.public_id])
        for response in (
            self.client.get(url),
            self.client.post(url, {"opening": self.opening.pk, "selection_notice": "on"}),
        ):
            self.assertTemplateUsed(response, "exchange/not_possible.html")
            self.assertNotIn("form", response.context)
            self.assertContains(response, "#consent-heading")
        self.assertFalse(Introduction.objects.exists())

    def test_outsiders_are_refused(self):
        for user in (self.charlie, self.emil, self.paula, self.nobody):
            self.client.force_login(user)
            response = self.client.post(
                self.url, {"opening": self.opening.pk, "selection_notice": "on"}
            )
            self.assertIn(response.status_code, (403, 404))
        self.assertFalse(Introduction.objects.exists())


class NetworkRequestViewTests(BaseTestCase):
    def setUp(self):
        f.ContactFactory(institution=self.employer_inst)
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.url = reverse("exchange:network_request_create", args=[self.case.public_id])

    def test_officer_sends_to_the_whole_network(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            self.url,
            {"whole_network": "on", "message": "Biochemikerin sucht Laborstelle", "days": 14},
        )
        self.assertRedirects(response, reverse("exchange:case", args=[self.case.public_id]))
        request = NetworkRequest.objects.get()
        self.assertEqual(
            list(request.recipients.values_list("institution", flat=True)), [self.employer_inst.pk]
        )

    def test_nothing_chosen_is_a_form_error(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.url, {"message": "x", "days": 14})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(NetworkRequest.objects.exists())

    def test_outsiders_are_refused(self):
        for user in (self.charlie, self.emil, self.paula, self.nobody):
            self.client.force_login(user)
            response = self.client.post(
                self.url, {"whole_network": "on", "message": "x", "days": 14}
            )
            self.assertIn(response.status_code, (403, 404))
        self.assertFalse(NetworkRequest.objects.exists())
