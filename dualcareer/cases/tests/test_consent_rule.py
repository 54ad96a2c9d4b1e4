"""The consent rule in one module (`cases.consent`): in force, coverage, held without a break."""

import datetime as dt

from django.utils import timezone

from dualcareer.cases import consent
from dualcareer.cases.models import Case, Consent
from dualcareer.cases.tests.factories import ConsentFactory
from dualcareer.cases.tests.helpers import CaseTestCase

DAY = dt.timedelta(days=1)


class ConsentRuleTests(CaseTestCase):
    def setUp(self):
        self.now = timezone.now()

    def test_in_force_leaves_out_withdrawn_replaced_expired_and_erased_records(self):
        kept = ConsentFactory(case=self.case, scope="academic")
        ConsentFactory(case=self.case, scope="contact", withdrawn_at=self.now)
        ConsentFactory(case=self.case, scope="institution", replaced_at=self.now)
        ConsentFactory(
            case=self.case, scope="employers", granted_at=self.now - 400 * DAY, expires_at=self.now
        )
        erased = self.open_case()
        ConsentFactory(case=erased, scope="academic")
        Case.objects.filter(pk=erased.pk).update(anonymised_at=self.now)
        self.assertEqual(list(Consent.objects.in_force()), [kept])

    def test_a_record_in_force_later_is_not_in_force_after_it_expires(self):
        record = ConsentFactory(case=self.case, scope="academic", expires_at=self.now + DAY)
        self.assertTrue(consent.record_in_force(record, self.now))
        self.assertFalse(consent.record_in_force(record, self.now + 2 * DAY))
        self.assertFalse(Consent.objects.in_force(self.now + 2 * DAY).exists())

    def test_the_case_institution_needs_the_institution_scope_others_their_sector(self):
        self.assertEqual(consent.required_scope(case=self.case, employer=self.inst), "institution")
        self.assertEqual(
            consent.required_scope(case=self.case, employer=self.other_inst), "academic"
        )
        self.assertEqual(
            consent.required_scope(case=self.case, employer=self.employer_inst), "employers"
        )

    def test_covers_and_covering_cases_agree(self):
        ConsentFactory(case=self.case, scope="employers")
        self.assertTrue(consent.covers(case=self.case, institution=self.employer_inst))
        self.assertFalse(consent.covers(case=self.case, institution=self.other_inst))
        self.assertEqual(
            list(consent.covering_case_ids(institution=self.employer_inst)),
            [{"case_id": self.case.pk}],
        )
        self.assertFalse(consent.covering_case_ids(institution=self.other_inst).exists())

    def test_scopes_of_many_cases_come_from_one_query(self):
        other = self.open_case()
        ConsentFactory(case=self.case, scope="academic")
        with self.assertNumQueries(1):
            scopes = consent.scopes_in_force_by_case([self.case.pk, other.pk])
        self.assertEqual(scopes, {self.case.pk: {"academic"}, other.pk: set()})

    def test_a_renewal_while_in_force_is_no_break(self):
        since = self.now - 10 * DAY
        ConsentFactory(
            case=self.case,
            scope="employers",
            granted_at=self.now - 20 * DAY,
            expires_at=self.now + DAY,
            replaced_at=self.now - 5 * DAY,
        )
        ConsentFactory(case=self.case, scope="employers", granted_at=self.now - 5 * DAY)
        self.assertTrue(consent.unbroken_since(case=self.case, scope="employers", since=since))

    def test_a_withdrawal_is_a_break_even_when_granted_again(self):
        since = self.now - 10 * DAY
        ConsentFactory(
            case=self.case,
            scope="employers",
            granted_at=self.now - 20 * DAY,
            withdrawn_at=self.now - 5 * DAY,
        )
        ConsentFactory(case=self.case, scope="employers", granted_at=self.now - 4 * DAY)
        self.assertFalse(consent.unbroken_since(case=self.case, scope="employers", since=since))

    def test_a_lapse_is_a_break_even_when_granted_again(self):
        since = self.now - 10 * DAY
        ConsentFactory(
            case=self.case,
            scope="employers",
            granted_at=self.now - 20 * DAY,
            expires_at=self.now - 5 * DAY,
        )
        ConsentFactory(case=self.case, scope="employers", granted_at=self.now - 4 * DAY)
        self.assertFalse(consent.unbroken_since(case=self.case, scope="employers", since=since))

    def test_many_checks_give_the_answers_of_single_checks_from_one_query(self):
        since = self.now - 10 * DAY
        other = self.open_case()
        ConsentFactory(case=self.case, scope="employers", granted_at=self.now - 20 * DAY)
        ConsentFactory(case=other, scope="employers", granted_at=self.now - 4 * DAY)
        checks = [(self.case, "employers", since), (other, "employers", since)]
        with self.assertNumQueries(1):
            many = consent.unbroken_since_many(checks)
        single = [consent.unbroken_since(case=c, scope=s, since=t) for c, s, t in checks]
        self.assertEqual(many, [True, False])
        self.assertEqual(many, single)
