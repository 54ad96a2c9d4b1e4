from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dualcareer.cases.models import Consent
from dualcareer.cases.services import consent_grant
from dualcareer.exchange.models import Introduction
from dualcareer.exchange.selectors import employer_profile
from dualcareer.exchange.services import (
    introduction_answer,
    introduction_create,
    introduction_request_reveal,
    introduction_reveal,
    introduction_withdraw,
)
from dualcareer.openings.tests.factories import OpeningFactory, grant, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


class IntroductionAnswerTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.opening = OpeningFactory(institution=self.employer_inst)
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=self.opening
        )
        mail.outbox.clear()

    def test_employer_answers_and_officer_is_told_in_their_language(self):
        self.alice.language = "en"
        self.alice.save()
        introduction_answer(user=self.emil, introduction=self.introduction, answer="interview")
        self.introduction.refresh_from_db()
        self.assertEqual(self.introduction.answer, "interview")
        self.assertEqual(mail.outbox[0].to, ["alice@example.org"])
        self.assertIn("answered", mail.outbox[0].subject)

    def test_no_fit_needs_a_reason(self):
        with self.assertRaises(ValidationError) as raised:
            introduction_answer(user=self.emil, introduction=self.introduction, answer="no_fit")
        self.assertIn("answer_reason", raised.exception.message_dict)
        introduction_answer(
            user=self.emil, introduction=self.introduction, answer="no_fit", reason="Stelle besetzt"
        )
        self.assertEqual(Introduction.objects.get().answer_reason, "Stelle besetzt")

    def test_outsiders_cannot_answer(self):
        for outsider in (self.alice, self.charlie, self.paula, self.nobody):
            with self.assertRaises(PermissionDenied):
                introduction_answer(
                    user=outsider, introduction=self.introduction, answer="interested"
                )

    def test_no_answer_after_consent_is_withdrawn(self):
        withdraw(self.case, "employers")
        with self.assertRaises(PermissionDenied):
            introduction_answer(user=self.emil, introduction=self.introduction, answer="interested")

    def test_the_answer_shows_on_the_case(self):
        introduction_answer(
            user=self.emil, introduction=self.introduction, answer="no_fit", reason="Zu spät"
        )
        self.client.force_login(self.bob)
        response = self.client.get(reverse("exchange:case", args=[self.case.public_id]))
        self.assertContains(response, "Passt nicht")  # German is the default language
        self.assertContains(response, "Zu spät")

    def test_the_answer_shows_on_the_case_page_itself(self):
        introduction_answer(
            user=self.emil, introduction=self.introduction, answer="no_fit", reason="Zu spät"
        )
        self.client.force_login(self.bob)
        response = self.client.get(reverse("cases:detail", args=[self.case.public_id]))
        self.assertContains(response, "Vorstellungen und Netzwerkanfragen")
        self.assertContains(response, self.opening.title)
        self.assertContains(response, "Passt nicht")
        self.assertContains(response, "Zu spät")

    def test_case_page_refuses_officer_of_another_institution(self):
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("exchange:case", args=[self.case.public_id]))
        self.assertEqual(response.status_code, 404)

    def test_employer_answers_through_the_page(self):
        self.client.force_login(self.emil)
        url = reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        response = self.client.post(url, {"action": "answer", "answer": "forwarded_hr"})
        self.assertRedirects(response, url)
        self.assertEqual(Introduction.objects.get().answer, "forwarded_hr")

    def test_invalid_answer_is_a_form_error(self):
        self.client.force_login(self.emil)
        url = reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        response = self.client.post(url, {"action": "answer", "answer": "no_fit"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("answer_reason", response.context["form"].errors)

    def test_reveal_request_and_partner_agreement(self):
        introduction_request_reveal(user=self.emil, introduction=self.introduction)
        self.assertEqual(mail.outbox[-1].to, ["paula@example.org"])
        with self.assertRaises(PermissionDenied):
            introduction_reveal(user=self.alice, introduction=self.introduction, agree=True)
        self.client.force_login(self.paula)
        response = self.client.post(
            reverse("exchange:my_introductions"),
            {"introduction": self.introduction.public_id, "reveal": "1"},
        )
        # Revealing asks for a confirmation first (test_view_introduction_reveal).
        confirm = reverse("exchange:introduction_reveal", args=[self.introduction.public_id])
        self.assertRedirects(response, confirm)
        self.assertIsNone(Introduction.objects.get().revealed_at)
        response = self.client.post(confirm, {"confirm": "yes"})
        self.assertEqual(response.status_code, 302)
        self.assertIsNotNone(Introduction.objects.get().revealed_at)
        self.client.force_login(self.emil)
        page = self.client.get(
            reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        )
        self.assertContains(page, "petra.quellmalz@example.org")
        self.assertNotContains(page, "Brasilianisch")

    def test_withdrawn_introduction_disappears_for_the_employer(self):
        with self.assertRaises(PermissionDenied):
            introduction_withdraw(user=self.charlie, introduction=self.introduction)
        introduction_withdraw(user=self.bob, introduction=self.introduction)
        self.client.force_login(self.emil)
        url = reverse("exchange:introduction_employer", args=[self.introduction.public_id])
        self.assertEqual(self.client.get(url).status_code, 404)


class RevealRevocationTests(BaseTestCase):
    """A reveal holds only while the consent covering the employer stays in force unbroken."""

    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=OpeningFactory(institution=self.employer_inst)
        )
        introduction_reveal(user=self.paula, introduction=self.introduction, agree=True)
        self.employer_url = reverse(
            "exchange:introduction_employer", args=[self.introduction.public_id]
        )

    def employer_sees_the_name(self) -> bool:
        introduction = Introduction.objects.get(pk=self.introduction.pk)
        shown = "petra.quellmalz@example.org" in str(employer_profile(introduction))
        self.client.force_login(self.emil)
        page = self.client.get(self.employer_url)
        self.assertEqual(shown, "petra.quellmalz@example.org" in page.content.decode())
        return shown

    def test_the_employer_sees_the_name_after_the_reveal(self):
        self.assertTrue(self.employer_sees_the_name())

    def test_granting_consent_again_after_a_withdrawal_does_not_reveal_the_name_again(self):
        withdraw(self.case, "employers")
        grant(self.case, "employers")
        self.assertFalse(Introduction.objects.get(pk=self.introduction.pk).is_revealed)
        self.assertFalse(self.employer_sees_the_name())
        self.client.force_login(self.paula)
        page = self.client.get(reverse("exchange:my_introductions"))
        self.assertContains(page, "Meinen Namen für diesen Arbeitgeber freigeben")

    def test_the_partner_reveals_again_after_a_new_consent(self):
        withdraw(self.case, "employers")
        grant(self.case, "employers")
        introduction = Introduction.objects.get(pk=self.introduction.pk)
        introduction_reveal(user=self.paula, introduction=introduction, agree=True)
        self.assertTrue(self.employer_sees_the_name())

    def test_a_lapsed_consent_revokes_the_reveal(self):
        Consent.objects.filter(case=self.case).update(expires_at=timezone.now())
        grant(self.case, "employers")
        self.assertFalse(self.employer_sees_the_name())

    def test_a_consent_renewed_while_in_force_keeps_the_reveal(self):
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        self.assertTrue(self.employer_sees_the_name())

    def test_the_partner_cannot_reveal_while_consent_is_withdrawn(self):
        introduction_reveal(user=self.paula, introduction=self.introduction, agree=False)
        withdraw(self.case, "employers")
        with self.assertRaises(ValidationError):
            introduction_reveal(user=self.paula, introduction=self.introduction, agree=True)
        grant(self.case, "employers")
        self.assertFalse(self.employer_sees_the_name())

    def test_the_employer_may_ask_again_after_a_revoked_reveal(self):
        withdraw(self.case, "employers")
        grant(self.case, "employers")
        introduction = Introduction.objects.get(pk=self.introduction.pk)
        mail.outbox.clear()
        introduction_request_reveal(user=self.emil, introduction=introduction)
        self.assertEqual(mail.outbox[-1].to, ["paula@example.org"])
        self.assertTrue(Introduction.objects.get(pk=self.introduction.pk).reveal_request_pending)
