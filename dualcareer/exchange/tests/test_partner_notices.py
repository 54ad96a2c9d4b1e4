"""E-mails to the partner from the exchange (introduced, employer asks for the name),
signed by the officer, and the exchange's events on the partner's timeline."""

from django.core import mail
from django.utils import translation

from dualcareer.cases.timeline import partner_timeline
from dualcareer.exchange.services import (
    introduction_answer,
    introduction_create,
    introduction_request_reveal,
    network_request_send,
    partner_interest_express,
)
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import ContactFactory


class PartnerNoticeTests(BaseTestCase):
    def setUp(self):
        self.paula.language = "en"
        self.paula.save()
        self.case = make_case(self.inst, self.paula, scopes=("employers", "academic"))
        self.case.assigned_officers.set([self.alice])
        self.opening = OpeningFactory(institution=self.employer_inst)

    def to_paula(self):
        return [m for m in mail.outbox if m.to == ["paula@example.org"]]

    def test_introduced_mail_in_english_signed_with_reply_to(self):
        introduction_create(user=self.alice, case=self.case, opening=self.opening)
        (message,) = self.to_paula()
        self.assertIn("You were introduced to Beispiel GmbH", message.subject)
        self.assertIn(self.opening.title_de, message.body)
        self.assertIn("/en/cases/my/", message.body)
        self.assertIn("alice@example.org", message.body)
        self.assertEqual(message.reply_to, ["alice@example.org"])

    def test_reveal_request_mail_links_to_the_confirmation(self):
        introduction = introduction_create(user=self.alice, case=self.case, opening=self.opening)
        mail.outbox.clear()
        introduction_request_reveal(user=self.emil, introduction=introduction)
        (message,) = self.to_paula()
        self.assertIn(f"/en/openings/introductions/{introduction.public_id}/reveal/", message.body)
        self.assertIn("Kind regards", message.body)

    def test_timeline_lists_introduction_answer_request_and_network_outcome(self):
        partner_interest_express(user=self.paula, opening=self.opening)
        introduction = introduction_create(user=self.alice, case=self.case, opening=self.opening)
        introduction_answer(user=self.emil, introduction=introduction, answer="interview")
        introduction_request_reveal(user=self.emil, introduction=introduction)
        ContactFactory(institution=self.other_inst, email="dcs-beta@example.org")
        network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.other_inst]
        )
        with translation.override("en"):
            events = partner_timeline(case=self.case)
        kinds = [e.kind for e in events]
        for kind in (
            "opening.partner_interest",
            "introduction.created",
            "introduction.answered",
            "introduction.reveal_requested",
            "network_request.sent",
        ):
            self.assertIn(kind, kinds)
        texts = " ".join(e.text for e in events)
        self.assertIn("Invited to an interview", texts)
        self.assertNotIn("Biochemie", texts)  # the officer's message stays internal
        request = next(e for e in events if e.kind == "introduction.reveal_requested")
        self.assertIn("/reveal/", request.url)
