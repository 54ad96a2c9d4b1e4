import json

from dualcareer.cases.gdpr import case_anonymise, partner_export
from dualcareer.exchange.models import Introduction
from dualcareer.exchange.services import (
    introduction_answer,
    introduction_create,
    network_request_answer,
    network_request_send,
)
from dualcareer.exchange.signals import EXPORT_EXCLUDED, EXPORTED_FIELDS
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase


class CaseGdprTests(BaseTestCase):
    def setUp(self):
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        self.introduction = introduction_create(
            user=self.alice,
            case=self.case,
            opening=OpeningFactory(institution=self.employer_inst),
            message="Sehr erfahren in Proteinanalytik",
        )
        introduction_answer(
            user=self.emil, introduction=self.introduction, answer="no_fit", reason="Zu spät"
        )

    def test_introductions_are_in_the_partners_export(self):
        data = partner_export(case=self.case, actor=self.paula)
        records = data["other_records"]["exchange.introduction"]
        self.assertEqual(records[0]["answer"], "no_fit")
        self.assertEqual(records[0]["message"], "Sehr erfahren in Proteinanalytik")
        self.assertNotIn("answered_by", records[0])

    def test_anonymising_the_case_blanks_the_free_texts_and_keeps_the_answer(self):
        case_anonymise(case=self.case, reason="retention")
        introduction = Introduction.objects.get()
        self.assertEqual((introduction.message, introduction.answer_reason), ("", ""))
        self.assertEqual(introduction.answer, "no_fit")
        self.assertIsNone(introduction.answered_by)


class ExchangeExportTests(BaseTestCase):
    """The partner's export names the members a request went to, their answers, and more."""

    def setUp(self):
        f.ContactFactory(institution=self.employer_inst, email="dcs@employer.example.org")
        self.case = make_case(self.inst, self.paula, scopes=("employers",))
        request, _left_out = network_request_send(
            user=self.alice, case=self.case, message="Biochemie", institutions=[self.employer_inst]
        )
        self.request = request
        network_request_answer(
            recipient=request.recipients.get(), answer="forwarded", note="An die Chemie"
        )

    def test_the_export_names_the_members_a_request_went_to_and_their_answers(self):
        records = partner_export(case=self.case, actor=self.paula)["other_records"]
        [recipient] = records["exchange.networkrequestrecipient"]
        self.assertEqual(recipient["institution"], str(self.employer_inst))
        self.assertEqual(recipient["answer"], "forwarded")
        self.assertEqual(recipient["note"], "An die Chemie")
        self.assertEqual(recipient["request"], str(self.request.public_id))
        self.assertNotIn("contact", recipient)

    def test_the_access_history_of_the_exchange_names_roles_not_people(self):
        records = partner_export(case=self.case, actor=self.paula)["other_records"]
        history = records["exchange.access_history"]
        answered = [h for h in history if h["action"] == "network_request.answered"]
        self.assertEqual(answered[0]["institution"], str(self.employer_inst))
        self.assertNotIn("dcs@employer", json.dumps(history))
        self.assertNotIn("alice@example.org", json.dumps(history))

    def test_every_field_of_the_contributed_records_is_exported_or_explicitly_excluded(self):
        for model, exported in EXPORTED_FIELDS.items():
            excluded = set(EXPORT_EXCLUDED[model])
            names = {f.name for f in model._meta.concrete_fields}
            with self.subTest(model=model.__name__):
                self.assertEqual(set(exported) | excluded, names)
                self.assertFalse(set(exported) & excluded)


class PartnerOpeningsErasureTests(BaseTestCase):
    def test_erasure_deletes_the_partners_requests_and_saved_openings(self):
        from dualcareer.cases.gdpr import case_erase
        from dualcareer.exchange.models import PartnerInterest, SavedOpening
        from dualcareer.exchange.services import opening_save, partner_interest_express

        case = make_case(self.inst, self.paula, scopes=("employers",))
        opening = OpeningFactory(institution=self.employer_inst)
        opening_save(user=self.paula, opening=opening)
        partner_interest_express(user=self.paula, opening=opening)
        case_erase(case=case, actor=self.alice)
        self.assertFalse(PartnerInterest.objects.exists())
        self.assertFalse(SavedOpening.objects.exists())
