"""The exchange page of a case offers only what is allowed: a way back to the case, nothing
on a closed case, forms only when the consent covers someone, members inside the consent."""

from django.urls import reverse

from dualcareer.cases.services import case_close
from dualcareer.exchange import selectors as xs
from dualcareer.network.models import Sector
from dualcareer.openings.tests.factories import make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class CaseExchangeOffersTests(BaseTestCase):
    def setUp(self):
        f.ContactFactory(institution=self.employer_inst, email="dcs@employer.example.org")
        f.ContactFactory(institution=self.other_inst, email="dcs@beta.example.org")
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.url = reverse("exchange:case", args=[self.case.public_id])

    def test_the_page_links_back_to_the_case_and_offers_both_forms(self):
        self.client.force_login(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("cases:detail", args=[self.case.public_id]))
        self.assertContains(
            response, reverse("exchange:introduction_create", args=[self.case.public_id])
        )
        self.assertContains(
            response, reverse("exchange:network_request_create", args=[self.case.public_id])
        )

    def test_network_request_members_are_those_inside_the_consent(self):
        self.assertEqual(self.other_inst.sector in Sector.academic(), True)
        self.assertEqual(list(xs.network_request_members(case=self.case)), [self.employer_inst])
        self.client.force_login(self.alice)
        response = self.client.get(
            reverse("exchange:network_request_create", args=[self.case.public_id])
        )
        members = list(response.context["form"].fields["institutions"].queryset)
        self.assertEqual(members, [self.employer_inst])
        self.assertNotContains(response, self.other_inst.display_name)

    def test_without_covering_consent_the_forms_are_explained_not_offered(self):
        case = make_case(self.inst, None, scopes=())
        self.client.force_login(self.alice)
        response = self.client.get(reverse("exchange:case", args=[case.public_id]))
        self.assertNotContains(
            response, reverse("exchange:introduction_create", args=[case.public_id])
        )
        self.assertContains(response, "#consent-heading")
        for name in ("exchange:introduction_create", "exchange:network_request_create"):
            response = self.client.get(reverse(name, args=[case.public_id]))
            self.assertTemplateUsed(response, "exchange/not_possible.html")

    def test_a_closed_case_offers_no_actions(self):
        case_close(case=self.case, actor=self.alice, outcome="no_result")
        self.client.force_login(self.alice)
        response = self.client.get(self.url)
        self.assertNotContains(
            response, reverse("exchange:introduction_create", args=[self.case.public_id])
        )
        self.assertNotContains(response, "introduction_withdraw")
        for name in ("exchange:introduction_create", "exchange:network_request_create"):
            response = self.client.get(reverse(name, args=[self.case.public_id]))
            self.assertTemplateUsed(response, "exchange/not_possible.html")
            self.assertNotIn("form", response.context)

    def test_outsiders_are_refused(self):
        for user in (self.charlie, self.emil, self.paula, self.nobody):
            self.client.force_login(user)
            self.assertIn(self.client.get(self.url).status_code, (403, 404))
