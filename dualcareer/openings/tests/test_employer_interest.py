from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from dualcareer.openings.exchange_services import (
    case_from_interest_token,
    employer_interest_express,
    interest_token,
)
from dualcareer.openings.models import EmployerInterest
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


class EmployerInterestTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.case.assigned_officers.set([self.alice])
        self.opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")

    def test_officers_are_told_without_telling_the_employer_who_it_is(self):
        _interest, created = employer_interest_express(
            user=self.emil, opening=self.opening, case=self.case
        )
        self.assertTrue(created)
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])
        self.assertIn(self.case.reference, mail.outbox[0].subject)
        _again, created = employer_interest_express(
            user=self.emil, opening=self.opening, case=self.case
        )
        self.assertFalse(created)
        self.assertEqual(len(mail.outbox), 1)

    def test_refused_without_consent_or_for_outsiders(self):
        for outsider in (self.charlie, self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                employer_interest_express(user=outsider, opening=self.opening, case=self.case)
        withdraw(self.case, "employers")
        with self.assertRaises(PermissionDenied):
            employer_interest_express(user=self.emil, opening=self.opening, case=self.case)
        self.assertFalse(EmployerInterest.objects.exists())

    def test_token_is_bound_to_the_opening_and_cannot_be_forged(self):
        token = interest_token(opening=self.opening, case=self.case)
        self.assertEqual(case_from_interest_token(opening=self.opening, token=token), self.case)
        other = OpeningFactory(institution=self.employer_inst)
        self.assertIsNone(case_from_interest_token(opening=other, token=token))
        self.assertIsNone(
            case_from_interest_token(opening=self.opening, token=str(self.case.public_id))
        )

    def test_interest_through_the_page_shows_on_the_case(self):
        self.client.force_login(self.emil)
        url = reverse("openings:opening_matches", args=[self.opening.public_id])
        token = interest_token(opening=self.opening, case=self.case)
        self.assertRedirects(
            self.client.post(url, {"profile": token}), url, fetch_redirect_response=False
        )
        self.assertEqual(self.client.post(url, {"profile": "forged"}).status_code, 404)
        self.client.force_login(self.bob)
        page = self.client.get(reverse("openings:case_exchange", args=[self.case.public_id]))
        self.assertContains(page, "Laborleitung")
