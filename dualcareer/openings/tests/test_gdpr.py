from dualcareer.cases.gdpr import case_anonymise, partner_export
from dualcareer.openings.exchange_services import introduction_answer, introduction_create
from dualcareer.openings.models import Introduction
from dualcareer.openings.tests.factories import OpeningFactory, make_case
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
        records = data["other_records"]["openings.introduction"]
        self.assertEqual(records[0]["answer"], "no_fit")
        self.assertEqual(records[0]["message"], "Sehr erfahren in Proteinanalytik")
        self.assertNotIn("answered_by", records[0])

    def test_anonymising_the_case_blanks_the_free_texts_and_keeps_the_answer(self):
        case_anonymise(case=self.case, reason="retention")
        introduction = Introduction.objects.get()
        self.assertEqual((introduction.message, introduction.answer_reason), ("", ""))
        self.assertEqual(introduction.answer, "no_fit")
        self.assertIsNone(introduction.answered_by)
