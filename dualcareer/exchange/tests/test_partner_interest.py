"""'I'm interested — please introduce me': the partner's request, told to the officers."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.cases.services import case_close
from dualcareer.core.models import AuditEntry
from dualcareer.exchange.models import PartnerInterest
from dualcareer.exchange.selectors import partner_interests_for_case, partner_opening_states
from dualcareer.exchange.services import introduction_create, partner_interest_express
from dualcareer.openings.models import Visibility
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase


class PartnerInterestTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.case.assigned_officers.set([self.alice])
        self.opening = OpeningFactory(institution=self.employer_inst)

    def test_officer_is_told_once_and_it_is_audited(self):
        self.alice.language = "en"
        self.alice.save()
        interest, created = partner_interest_express(user=self.paula, opening=self.opening)
        self.assertTrue(created)
        self.assertEqual([m.to for m in mail.outbox], [["alice@example.org"]])
        self.assertIn("asks to be introduced", mail.outbox[0].subject)
        self.assertNotIn("Petra", mail.outbox[0].body)
        again, created = partner_interest_express(user=self.paula, opening=self.opening)
        self.assertFalse(created)
        self.assertEqual(again.pk, interest.pk)
        self.assertEqual(len(mail.outbox), 1)
        entry = AuditEntry.objects.get(action="opening.partner_interest")
        self.assertEqual(entry.data["opening"], str(self.opening.public_id))

    def test_it_shows_on_the_case_and_introducing_marks_it_handled(self):
        partner_interest_express(user=self.paula, opening=self.opening)
        self.assertEqual(partner_opening_states(user=self.paula)["interested"], {self.opening.pk})
        (interest,) = partner_interests_for_case(user=self.alice, case=self.case)
        self.assertIsNone(interest.handled_at)
        introduction_create(user=self.alice, case=self.case, opening=self.opening)
        self.assertIsNotNone(PartnerInterest.objects.get().handled_at)
        with self.assertRaises(PermissionDenied):
            partner_interests_for_case(user=self.charlie, case=self.case)

    def test_refused_for_a_closed_case_an_invisible_opening_or_an_existing_introduction(self):
        hidden = OpeningFactory(institution=self.other_inst, visibility=Visibility.OFFICERS)
        with self.assertRaises(ValidationError):
            partner_interest_express(user=self.paula, opening=hidden)
        introduction_create(user=self.alice, case=self.case, opening=self.opening)
        with self.assertRaises(ValidationError):
            partner_interest_express(user=self.paula, opening=self.opening)
        case_close(case=self.case, actor=self.alice, outcome="withdrawn", close_open_items=True)
        with self.assertRaises(ValidationError):
            partner_interest_express(user=self.paula, opening=OpeningFactory())
        self.assertFalse(PartnerInterest.objects.exists())

    def test_outsiders_are_refused(self):
        for outsider in (self.alice, self.charlie, self.emil, self.nobody):
            with self.subTest(user=outsider.email), self.assertRaises(PermissionDenied):
                partner_interest_express(user=outsider, opening=self.opening)
        self.assertFalse(PartnerInterest.objects.exists())
