"""The search of cases: by reference, partner's name or e-mail, never beyond what one may see."""

from django.urls import reverse

from dualcareer.cases import selectors
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseSearchTests(CaseTestCase):
    def setUp(self):
        self.other = self.open_case(
            partner_first_name="Olga", partner_last_name="Ortmann", partner_email="olga@example.org"
        )
        self.foreign = self.open_case(
            actor=self.charlie,
            institution=self.other_inst,
            partner_first_name="Paula",
            partner_last_name="Fremd",
            partner_email="paula.fremd@example.org",
        )

    def search(self, query, user=None):
        return set(selectors.case_list(user=user or self.alice, query=query))

    def test_by_reference_name_and_email(self):
        self.assertEqual(self.search(self.other.reference), {self.other})
        self.assertEqual(self.search(self.other.reference.lower()), {self.other})
        self.assertEqual(self.search("ortmann"), {self.other})
        self.assertEqual(self.search("olga@example"), {self.other})
        self.assertEqual(self.search("Paula Partner"), {self.case})

    def test_the_search_never_widens_what_the_officer_sees(self):
        self.assertEqual(self.search("Fremd"), set())
        self.assertEqual(self.search("Paula"), {self.case})
        self.assertEqual(self.search("Fremd", user=self.charlie), {self.foreign})

    def test_confidential_cases_only_for_assigned_officers(self):
        secret = self.open_case(
            partner_last_name="Geheim", confidential=True, assigned_officers=[self.alice]
        )
        self.assertEqual(self.search("Geheim"), {secret})
        self.assertEqual(self.search("Geheim", user=self.bob), set())

    def test_the_list_page_searches_and_says_how_many_were_found(self):
        self.client.force_login(self.alice)
        response = self.client.get(reverse("cases:list"), {"q": "Ortmann"})
        self.assertContains(response, self.other.reference)
        self.assertNotContains(response, f">{self.case.reference}<")
        self.assertContains(response, 'role="search"')
        self.assertContains(response, "Ortmann")

    def test_a_too_long_query_is_a_form_error_not_a_500(self):
        self.client.force_login(self.alice)
        response = self.client.get(reverse("cases:list"), {"q": "x" * 500, "status": "bogus"})
        self.assertEqual(response.status_code, 200)

    def test_outsiders_are_refused(self):
        for user in (self.emil, self.paula, self.nobody):
            self.client.force_login(user)
            response = self.client.get(reverse("cases:list"), {"q": "Paula"})
            self.assertEqual(response.status_code, 403)
            self.assertNotContains(response, "Partner", status_code=403)
