import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dualcareer.cases.models import Outcome
from dualcareer.cases.services import case_close, case_reopen
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseCloseTests(CaseTestCase):
    def test_it_closes_with_outcome_and_time_to_outcome(self):
        case = self.open_case(opened_on=timezone.localdate() - dt.timedelta(days=40))
        case_close(case=case, actor=self.alice, outcome=Outcome.JOB_NETWORK)
        case.refresh_from_db()
        self.assertEqual((case.status, case.outcome), ("closed", "job_network"))
        self.assertEqual(case.days_to_outcome, 40)

    def test_every_outcome_of_the_issue_exists(self):
        self.assertEqual(
            set(Outcome.values),
            {
                "job_network",
                "job_elsewhere",
                "self_employed",
                "further_education",
                "did_not_come",
                "withdrawn",
                "no_result",
            },
        )

    def test_it_refuses_unknown_outcome_and_double_closing(self):
        with self.assertRaises(ValidationError):
            case_close(case=self.case, actor=self.alice, outcome="hired")
        case_close(case=self.case, actor=self.alice, outcome=Outcome.NO_RESULT)
        with self.assertRaises(ValidationError):
            case_close(case=self.case, actor=self.alice, outcome=Outcome.NO_RESULT)

    def test_it_refuses_outsiders(self):
        for user in (self.charlie, self.paula, self.emil):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                case_close(case=self.case, actor=user, outcome=Outcome.NO_RESULT)

    def test_reopening_clears_the_outcome(self):
        case_close(case=self.case, actor=self.alice, outcome=Outcome.WITHDRAWN)
        case_reopen(case=self.case, actor=self.bob)
        self.case.refresh_from_db()
        self.assertEqual(
            (self.case.status, self.case.outcome, self.case.closed_on), ("active", "", None)
        )
