"""selectors.submission_status: the coordinator sees who has submitted, not the answers."""

from django.core.exceptions import PermissionDenied

from dualcareer.knowledge import selectors
from dualcareer.knowledge.tests.factories import make_assessment, make_catalogue
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class SubmissionStatusTest(KnowledgeTestCase):
    def test_the_coordinator_sees_submitted_draft_and_missing(self):
        for institution in (self.inst, self.other_inst):
            institution.offers_dual_career_service = True
            institution.save()
        catalogue = make_catalogue(self.network)
        make_assessment(self.inst, self.network, catalogue, year=2025)
        make_assessment(self.other_inst, self.network, catalogue, year=2025, submitted=False)
        rows = selectors.submission_status(user=self.cora, network=self.network, year=2025)
        self.assertEqual(
            [(row.institution, row.status) for row in rows],
            [(self.inst, "submitted"), (self.other_inst, "draft")],
        )
        rows = selectors.submission_status(user=self.cora, network=self.network, year=2024)
        self.assertEqual([row.status for row in rows], ["", ""])

    def test_members_and_outsiders_are_refused(self):
        for user in (self.alice, self.charlie, self.emil, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                selectors.submission_status(user=user, network=self.network, year=2025)
