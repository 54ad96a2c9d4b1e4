from dualcareer.cases.selectors import SMALL_COUNT, case_counts_for_coordinator
from dualcareer.cases.services import case_close
from dualcareer.cases.tests.helpers import CaseTestCase


class CaseCountsForCoordinatorTests(CaseTestCase):
    def test_coordinator_sees_counts_with_small_numbers_suppressed(self):
        for _ in range(SMALL_COUNT):
            self.open_case()
        closed = self.open_case()
        case_close(case=closed, actor=self.alice, outcome="job_network")
        counts = case_counts_for_coordinator(user=self.cora)
        assert counts is not None
        by_status = {value: n for value, _label, n in counts["by_status"]}
        self.assertEqual(by_status["inquiry"], SMALL_COUNT + 1)  # the shared case + 3
        self.assertIsNone(by_status["closed"])  # one closed case: suppressed
        self.assertNotIn("Rita", str(counts))

    def test_nobody_else_gets_counts(self):
        for user in (self.alice, self.charlie, self.emil, self.paula, self.nobody):
            with self.subTest(user=user.email):
                self.assertIsNone(case_counts_for_coordinator(user=user))
