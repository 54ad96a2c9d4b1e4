"""Closing a case with open introductions or network requests: a warning that lists them,
then they close with the case, and their links say so instead of taking answers."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dualcareer.cases.models import Case
from dualcareer.cases.services import case_close
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import Introduction
from dualcareer.exchange.services import (
    introduction_answer,
    introduction_create,
    network_request_send,
    request_token,
)
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class CaseClosingTests(BaseTestCase):
    def setUp(self):
        f.ContactFactory(institution=self.employer_inst, email="dcs@employer.example.org")
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.case.assigned_officers.add(self.alice)
        self.opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=self.opening
        )
        request, _left = network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.employer_inst]
        )
        self.recipient = request.recipients.get()
        self.close_url = reverse("cases:close", args=[self.case.public_id])

    def test_the_service_refuses_without_confirmation_and_closes_everything_with_it(self):
        with self.assertRaises(ValidationError) as caught:
            case_close(case=self.case, actor=self.alice, outcome="no_result")
        self.assertIn("confirm", caught.exception.error_dict)
        self.assertEqual(Case.objects.get(pk=self.case.pk).status, "active")
        case_close(case=self.case, actor=self.alice, outcome="no_result", close_open_items=True)
        self.introduction.refresh_from_db()
        self.recipient.refresh_from_db()
        self.assertIsNotNone(self.introduction.withdrawn_at)
        self.assertIsNotNone(self.recipient.expired_at)
        actions = set(AuditEntry.objects.values_list("action", flat=True))
        self.assertIn("introduction.closed_with_case", actions)
        self.assertIn("network_request.closed_with_case", actions)

    def test_answered_introductions_are_not_open_items(self):
        introduction_answer(user=self.emil, introduction=self.introduction, answer="interview")
        self.recipient.answer = "nothing"
        self.recipient.save()
        case_close(case=self.case, actor=self.alice, outcome="no_result")
        self.introduction.refresh_from_db()
        self.assertIsNone(self.introduction.withdrawn_at)

    def test_the_page_warns_with_the_list_then_closes_on_confirmation(self):
        self.client.force_login(self.alice)
        response = self.client.post(self.close_url, {"outcome": "job_elsewhere"})
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "cases/close_confirm.html")
        self.assertEqual(len(response.context["items"]), 2)
        self.assertContains(response, self.employer_inst.display_name)
        self.assertContains(response, "Laborleitung")
        self.assertEqual(Case.objects.get(pk=self.case.pk).status, "active")
        response = self.client.post(
            self.close_url, {"outcome": "job_elsewhere", "closed_on": "", "confirm": "on"}
        )
        self.assertRedirects(response, reverse("cases:detail", args=[self.case.public_id]))
        self.assertEqual(Case.objects.get(pk=self.case.pk).outcome, "job_elsewhere")

    def test_the_employer_link_then_says_the_case_is_closed_and_takes_no_answer(self):
        case_close(case=self.case, actor=self.alice, outcome="no_result", close_open_items=True)
        self.client.force_login(self.emil)
        url = reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        for response in (self.client.get(url), self.client.post(url, {"answer": "interested"})):
            self.assertEqual(response.status_code, 410)
            self.assertContains(response, "Der Fall ist abgeschlossen", status_code=410)
            self.assertNotContains(response, "Quellmalz", status_code=410)
        self.introduction.refresh_from_db()
        self.assertEqual(self.introduction.answer, "")

    def test_an_answered_introduction_of_a_closed_case_takes_no_new_answer(self):
        introduction_answer(user=self.emil, introduction=self.introduction, answer="interview")
        case_close(case=self.case, actor=self.alice, outcome="no_result", close_open_items=True)
        self.introduction.refresh_from_db()
        with self.assertRaises(PermissionDenied):
            introduction_answer(user=self.emil, introduction=self.introduction, answer="no_fit")
        self.client.force_login(self.emil)
        url = reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        self.assertEqual(self.client.get(url).status_code, 410)

    def test_the_contact_link_says_the_case_is_closed(self):
        case_close(case=self.case, actor=self.alice, outcome="no_result", close_open_items=True)
        url = reverse("exchange:request_answer", args=[request_token(self.recipient)])
        response = self.client.get(url)
        self.assertContains(response, "Der Fall ist abgeschlossen", status_code=410)

    def test_an_outsider_neither_sees_the_warning_nor_closes(self):
        for user in (self.charlie, self.emil, self.paula, self.nobody):
            self.client.force_login(user)
            response = self.client.post(self.close_url, {"outcome": "no_result", "confirm": "on"})
            self.assertIn(response.status_code, (403, 404))
            self.assertNotContains(response, "Laborleitung", status_code=response.status_code)
        self.assertEqual(Case.objects.get(pk=self.case.pk).status, "active")
        self.assertTrue(Introduction.objects.get(pk=self.introduction.pk).is_open)
