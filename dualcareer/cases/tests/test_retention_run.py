import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from dualcareer.cases.gdpr import retention_run
from dualcareer.cases.models import Case, CasePolicy, PartnerProfile
from dualcareer.cases.services import case_close
from dualcareer.cases.tests.helpers import CaseTestCase


class RetentionRunTests(CaseTestCase):
    def close(self, days_ago, institution=None, actor=None):
        today = timezone.localdate()
        case = self.open_case(
            opened_on=today - dt.timedelta(days=days_ago + 10),
            institution=institution or self.inst,
            actor=actor or self.alice,
        )
        case_close(
            case=case,
            actor=actor or self.alice,
            outcome="no_result",
            on=today - dt.timedelta(days=days_ago),
        )
        return case

    def test_it_anonymises_exactly_the_due_cases(self):
        due = [self.close(days_ago=800), self.close(days_ago=731)]
        not_due = [self.close(days_ago=700), self.close(days_ago=10)]
        open_case = self.case
        report = retention_run()
        self.assertEqual(report.count, 2)
        for case in due:
            case.refresh_from_db()
            self.assertIsNotNone(case.anonymised_at)
            self.assertFalse(PartnerProfile.objects.filter(case=case).exists())
        for case in [*not_due, open_case]:
            case.refresh_from_db()
            self.assertIsNone(case.anonymised_at)
            self.assertTrue(PartnerProfile.objects.filter(case=case).exists())

    def test_the_institutions_own_period_applies(self):
        CasePolicy.objects.create(institution=self.other_inst, retention_months=6)
        short = self.close(days_ago=200, institution=self.other_inst, actor=self.charlie)
        default = self.close(days_ago=200)
        retention_run()
        self.assertIsNotNone(Case.objects.get(pk=short.pk).anonymised_at)
        self.assertIsNone(Case.objects.get(pk=default.pk).anonymised_at)

    def test_dry_run_changes_nothing_and_the_command_reports(self):
        due = self.close(days_ago=800)
        out = StringIO()
        call_command("case_retention", "--dry-run", stdout=out)
        self.assertIn("would anonymise 1 case(s)", out.getvalue())
        self.assertIn(due.reference, out.getvalue())
        self.assertIsNone(Case.objects.get(pk=due.pk).anonymised_at)
        out = StringIO()
        call_command("case_retention", stdout=out)
        self.assertIn("anonymised 1 case(s)", out.getvalue())
        self.assertIsNotNone(Case.objects.get(pk=due.pk).anonymised_at)
        out = StringIO()
        call_command("case_retention", stdout=out)
        self.assertIn("anonymised 0 case(s)", out.getvalue())
