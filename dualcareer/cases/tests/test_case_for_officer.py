import uuid

from django.http import Http404

from dualcareer.cases.selectors import case_for_officer
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.audit import entries_for


class CaseForOfficerTests(CaseTestCase):
    def test_it_returns_the_case_to_officers_of_its_institution(self):
        for user in (self.alice, self.bob):
            with self.subTest(user=user.email):
                self.assertEqual(
                    case_for_officer(user=user, public_id=self.case.public_id), self.case
                )

    def test_it_hides_the_case_from_everybody_else(self):
        for user in (self.charlie, self.cora, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(Http404):
                case_for_officer(user=user, public_id=self.case.public_id)

    def test_ids_cannot_be_guessed(self):
        for guess in (self.case.pk, str(self.case.pk), uuid.uuid4(), "not-a-uuid", None):
            with self.subTest(guess=guess), self.assertRaises(Http404):
                case_for_officer(user=self.alice, public_id=guess)

    def test_confidential_cases_only_for_assigned_officers(self):
        case = self.open_case(confidential=True)  # alice opens: alice assigned, bob not
        self.assertEqual(case_for_officer(user=self.alice, public_id=case.public_id), case)
        with self.assertRaises(Http404):
            case_for_officer(user=self.bob, public_id=case.public_id)

    def test_every_view_is_audited(self):
        case_for_officer(user=self.bob, public_id=self.case.public_id)
        self.assertTrue(
            entries_for(self.case).filter(action="case.viewed", actor=self.bob).exists()
        )

    def test_anonymised_cases_are_not_returned(self):
        from dualcareer.cases.gdpr import case_erase

        case_erase(case=self.case, actor=self.alice)
        with self.assertRaises(Http404):
            case_for_officer(user=self.alice, public_id=self.case.public_id)
