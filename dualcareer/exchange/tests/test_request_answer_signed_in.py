"""A network request addressed to the user's institution, answered while logged in."""

from django.urls import reverse

from dualcareer.accounts.models import Role
from dualcareer.exchange.services import network_request_send
from dualcareer.openings.tests.factories import make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class RequestAnswerSignedInTests(BaseTestCase):
    def setUp(self):
        f.ContactFactory(institution=self.other_inst, email="dcs@beta.example.org")
        self.case = make_case(self.inst, self.paula, scopes=("academic",))
        request, _left = network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.other_inst]
        )
        self.recipient = request.recipients.get()
        self.url = reverse("exchange:request_answer_signed_in", args=[self.recipient.public_id])

    def test_an_officer_of_the_member_reads_and_answers(self):
        self.client.force_login(self.charlie)
        page = self.client.get(self.url)
        self.assertContains(page, "Biochemie")
        self.assertNotContains(page, "Quellmalz")
        response = self.client.post(self.url, {"answer": "forwarded", "note": "Chemie"})
        self.assertRedirects(response, reverse("site:today"))
        self.recipient.refresh_from_db()
        self.assertEqual(self.recipient.answer, "forwarded")
        again = self.client.post(self.url, {"answer": "nothing"})
        self.assertEqual(again.status_code, 409)

    def test_a_bad_answer_is_a_form_error(self):
        self.client.force_login(self.charlie)
        response = self.client.post(self.url, {"answer": "bogus"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("answer", response.context["form"].errors)

    def test_outsiders_are_refused(self):
        employer_of_other = self.make_user("eve", self.employer_inst, Role.EMPLOYER)
        for user in (self.alice, self.bob, self.emil, employer_of_other, self.paula, self.nobody):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 404)
            self.assertEqual(self.client.post(self.url, {"answer": "nothing"}).status_code, 404)
        self.recipient.refresh_from_db()
        self.assertEqual(self.recipient.answer, "")
