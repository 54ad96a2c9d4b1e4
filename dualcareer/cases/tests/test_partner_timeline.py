"""The partner's timeline: the case's own events from its audit log, newest first."""

from itertools import pairwise

from django.utils import translation

from dualcareer.cases.services import (
    acknowledgement_record,
    activity_log,
    case_close,
    consent_grant,
    consent_withdraw,
)
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.cases.timeline import partner_timeline


class PartnerTimelineTests(CaseTestCase):
    def kinds(self):
        return [event.kind for event in partner_timeline(case=self.case)]

    def test_consent_acknowledgement_and_closing_in_order_without_internal_notes(self):
        consent_grant(case=self.case, scope="employers", actor=self.paula)
        acknowledgement_record(case=self.case, actor=self.paula)
        activity_log(case=self.case, kind="talk", actor=self.alice, note="Nur intern")
        consent_withdraw(case=self.case, scope="employers", actor=self.paula)
        case_close(case=self.case, actor=self.alice, outcome="withdrawn")
        with translation.override("en"):
            events = partner_timeline(case=self.case)
        kinds = [e.kind for e in events]
        self.assertEqual(kinds[0], "case.closed")
        self.assertIn("consent.withdrawn", kinds)
        self.assertIn("consent.granted", kinds)
        self.assertEqual(kinds[-1], "case.opened")
        texts = " ".join(e.text for e in events)
        self.assertIn("member employers of other sectors", texts)
        self.assertIn("(Withdrawn)", texts)
        self.assertNotIn("Nur intern", texts)
        self.assertTrue(all(a.at >= b.at for a, b in pairwise(events)))

    def test_a_withdrawal_of_nothing_in_force_is_no_event(self):
        consent_withdraw(case=self.case, scope="academic", actor=self.paula)
        self.assertNotIn("consent.withdrawn", self.kinds())
