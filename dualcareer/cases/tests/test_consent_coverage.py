"""Which member institutions each consent scope covers today; who acknowledged."""

from dualcareer.cases.selectors import acknowledgement_of, consent_coverage
from dualcareer.cases.services import acknowledgement_record
from dualcareer.cases.tests.helpers import CaseTestCase
from dualcareer.network.models import Sector
from dualcareer.testing import factories as f


class ConsentCoverageTests(CaseTestCase):
    def test_scopes_list_the_current_active_members_by_sector(self):
        inactive = f.InstitutionFactory(name="Alt GmbH", sector=Sector.COMPANY, is_active=False)
        f.NetworkMembershipFactory(network=self.network, institution=inactive)
        outside = f.InstitutionFactory(name="Fern GmbH", sector=Sector.COMPANY)
        coverage = consent_coverage(case=self.case)
        names = {scope: [i.name for i in items] for scope, items in coverage.items()}
        self.assertEqual(names["institution"], ["Universität Alpha"])
        self.assertEqual(names["academic"], ["Universität Beta"])
        self.assertIn("Beispiel GmbH", names["employers"])
        self.assertNotIn(outside.name, names["employers"])
        self.assertNotIn(inactive.name, names["employers"])
        self.assertEqual(names["contact"], [])


class AcknowledgementOfTests(CaseTestCase):
    def test_none_before_it_is_recorded(self):
        self.assertIsNone(acknowledgement_of(case=self.case))

    def test_recorded_by_an_officer_names_them_and_the_institution(self):
        acknowledgement_record(case=self.case, actor=self.alice)
        ack = acknowledgement_of(case=self.case)
        assert ack is not None
        self.assertEqual((ack["by_partner"], ack["name"]), (False, self.alice.get_full_name()))
        self.assertEqual(ack["institution"], "Universität Alpha")

    def test_recorded_by_the_partner_says_so(self):
        acknowledgement_record(case=self.case, actor=self.paula)
        ack = acknowledgement_of(case=self.case)
        assert ack is not None
        self.assertTrue(ack["by_partner"])
