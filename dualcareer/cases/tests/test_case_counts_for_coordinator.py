from dualcareer.accounts import permissions
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

    def test_counts_per_status_and_outcome_across_the_members_in_one_read(self):
        from dualcareer.cases.models import Case

        for _ in range(2 * SMALL_COUNT):
            case_close(case=self.open_case(), actor=self.alice, outcome="job_network")
        for _ in range(SMALL_COUNT):
            case = self.open_case(actor=self.charlie, institution=self.other_inst)
            case_close(case=case, actor=self.charlie, outcome="job_elsewhere")
        for _ in range(SMALL_COUNT):
            self.open_case()
        members = Case.objects.filter(institution__in=[self.inst, self.other_inst])
        permissions.memo_start(self.cora)
        self.addCleanup(permissions.memo_end, self.cora)
        case_counts_for_coordinator(user=self.cora)  # the permission reads, remembered
        with self.assertNumQueries(1):
            counts = case_counts_for_coordinator(user=self.cora)
        assert counts is not None
        self.assertEqual(counts["total"], members.count())
        by_status = {value: n for value, _label, n in counts["by_status"]}
        for status in ("inquiry", "closed"):
            self.assertEqual(by_status[status], members.filter(status=status).count())
        self.assertEqual(by_status["closed"], 3 * SMALL_COUNT)
        self.assertEqual(by_status["active"], 0)
        by_outcome = {value: n for value, _label, n in counts["by_outcome"]}
        self.assertEqual(by_outcome["job_network"], 2 * SMALL_COUNT)
        self.assertEqual(by_outcome["job_elsewhere"], SMALL_COUNT)
        self.assertEqual(by_outcome["no_result"], 0)
