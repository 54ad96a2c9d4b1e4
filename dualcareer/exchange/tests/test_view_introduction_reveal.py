"""Revealing the name: a confirmation page, then the employer and the officer are told."""

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import Introduction
from dualcareer.exchange.services import introduction_create, introduction_request_reveal
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import PartnerUserFactory


class IntroductionRevealViewTests(BaseTestCase):
    def tearDown(self):
        # A request to an English page leaves English active in this thread.
        translation.activate(settings.LANGUAGE_CODE)
        super().tearDown()

    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.case.assigned_officers.set([self.alice])
        self.opening = OpeningFactory(institution=self.employer_inst)
        self.introduction = introduction_create(
            user=self.alice, case=self.case, opening=self.opening
        )
        introduction_request_reveal(user=self.emil, introduction=self.introduction)
        mail.outbox.clear()
        with translation.override("en"):
            self.url = reverse("exchange:introduction_reveal", args=[self.introduction.public_id])

    def test_confirmation_page_shows_what_the_employer_will_see(self):
        self.client.force_login(self.paula)
        page = self.client.get(self.url)
        self.assertContains(page, "Reveal your name?")
        self.assertContains(page, "petra.quellmalz@example.org")
        self.assertContains(page, "+49 234 555 0100")
        self.assertNotContains(page, "Brasilianisch")
        self.assertIsNone(Introduction.objects.get().revealed_at)

    def test_yes_reveals_and_tells_employer_and_officer(self):
        self.client.force_login(self.paula)
        response = self.client.post(self.url, {"confirm": "yes"}, follow=True)
        self.assertContains(response, "will be e-mailed shortly")
        self.assertTrue(Introduction.objects.get().is_revealed)
        recipients = sorted(m.to[0] for m in mail.outbox)
        self.assertEqual(recipients, ["alice@example.org", "emil@example.org"])
        to_employer = next(m for m in mail.outbox if m.to == ["emil@example.org"])
        self.assertIn("Namen freigegeben", to_employer.subject)
        self.assertNotIn("Petra", to_employer.body)  # the name is on the page, not in e-mail
        self.assertEqual(AuditEntry.objects.filter(action="introduction.revealed").count(), 1)
        # Confirming again tells nobody twice.
        self.client.post(self.url, {"confirm": "yes"})
        self.assertEqual(len(mail.outbox), 2)

    def test_no_keeps_the_name_hidden_and_tells_nobody(self):
        self.client.force_login(self.paula)
        self.client.post(self.url, {"confirm": "no"})
        introduction = Introduction.objects.get()
        self.assertFalse(introduction.is_revealed)
        self.assertIsNotNone(introduction.reveal_declined_at)
        self.assertEqual(mail.outbox, [])

    def test_outsiders_are_refused(self):
        for user in (self.alice, self.charlie, self.emil, self.nobody):
            self.client.force_login(user)
            with self.subTest(user=user.email):
                self.assertIn(self.client.get(self.url).status_code, (403, 404))
                self.assertIn(
                    self.client.post(self.url, {"confirm": "yes"}).status_code, (403, 404)
                )
        self.client.force_login(PartnerUserFactory(email="other@example.org"))
        self.assertEqual(self.client.post(self.url, {"confirm": "yes"}).status_code, 404)
        self.assertIsNone(Introduction.objects.get().revealed_at)
