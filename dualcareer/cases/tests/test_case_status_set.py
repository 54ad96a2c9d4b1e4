from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.cases.services import case_status_set
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.audit import entries_for


class CaseStatusSetTests(CaseTestCase):
    def test_intake_needs_the_acknowledgement(self):
        with self.assertRaises(ValidationError) as ctx:
            case_status_set(case=self.case, actor=self.alice, status="intake")
        self.assertIn("acknowledged", ctx.exception.message_dict)
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, "inquiry")

    def test_it_walks_the_workflow_with_dates(self):
        case_status_set(case=self.case, actor=self.alice, status="intake", acknowledged=True)
        self.assertIsNotNone(self.case.acknowledged_at)
        self.assertIsNotNone(self.case.intake_on)
        case_status_set(case=self.case, actor=self.bob, status="active")
        self.case.refresh_from_db()
        self.assertEqual(self.case.status, "active")
        self.assertIsNotNone(self.case.active_on)
        actions = list(entries_for(self.case).values_list("action", flat=True))
        self.assertEqual(actions.count("case.status_changed"), 2)

    def test_it_refuses_skipping_or_going_back(self):
        with self.assertRaises(ValidationError):
            case_status_set(case=self.case, actor=self.alice, status="active")
        with self.assertRaises(ValidationError):
            case_status_set(case=self.case, actor=self.alice, status="closed")

    def test_it_refuses_outsiders_and_the_partner(self):
        for user in (self.charlie, self.cora, self.paula):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                case_status_set(case=self.case, actor=user, status="intake", acknowledged=True)
