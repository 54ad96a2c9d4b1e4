import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dualcareer.cases.models import ActivityKind
from dualcareer.cases.selectors import activity_list
from dualcareer.cases.services import activity_log
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.core.audit import entries_for


class ActivityLogTests(CaseTestCase):
    def test_it_records_an_activity_shared_with_colleagues(self):
        activity = activity_log(
            case=self.case,
            kind="cv_review",
            actor=self.alice,
            note="Strong publication record",
            duration_minutes=45,
        )
        self.assertEqual(list(activity_list(user=self.bob, case=self.case)), [activity])
        self.assertEqual(activity.officer, self.alice)

    def test_the_kinds_of_the_issue_exist_including_introduction(self):
        self.assertTrue(
            {
                "talk",
                "coaching",
                "cv_review",
                "application_support",
                "relocation",
                "childcare_school",
                "language_course",
                "introduction",
            }
            <= set(ActivityKind.values)
        )

    def test_notes_are_never_readable_by_partner_or_outsiders(self):
        activity_log(case=self.case, kind="talk", actor=self.alice, note="internal")
        for user in (self.paula, self.charlie, self.cora, self.emil):
            with self.subTest(user=user.email):
                self.assertFalse(activity_list(user=user, case=self.case).exists())

    def test_it_refuses_outsiders_and_the_partner(self):
        for user in (self.charlie, self.paula, self.emil):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                activity_log(case=self.case, kind="talk", actor=user)

    def test_it_refuses_future_dates_and_silly_durations(self):
        future = timezone.localdate() + dt.timedelta(days=5)
        with self.assertRaises(ValidationError):
            activity_log(case=self.case, kind="talk", actor=self.alice, date=future)
        with self.assertRaises(ValidationError):
            activity_log(case=self.case, kind="talk", actor=self.alice, duration_minutes=0)
        self.assertFalse(self.case.activities.exists())

    def test_the_audit_entry_has_no_note(self):
        activity_log(case=self.case, kind="talk", actor=self.alice, note="secret words")
        entry = entries_for(self.case).get(action="case.activity_logged")
        self.assertNotIn("secret", str(entry.data))

    def test_notes_of_a_confidential_case_stay_with_the_assigned_officers(self):
        secret = self.open_case(confidential=True)
        activity_log(case=secret, kind="talk", actor=self.alice, note="negotiations")
        self.assertEqual(activity_list(user=self.alice, case=secret).count(), 1)
        self.assertFalse(activity_list(user=self.bob, case=secret).exists())
