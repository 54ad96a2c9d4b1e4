"""selectors.assessment_get & co.: nobody reads another member's answers unless shared."""

from typing import Any

from django.http import Http404
from django.utils import timezone

from dualcareer.knowledge import selectors
from dualcareer.knowledge.tests.factories import make_assessment, make_catalogue
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class AssessmentReadTest(KnowledgeTestCase):
    catalogue: Any
    earlier: Any
    mine: Any
    year: Any

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.catalogue = make_catalogue(cls.network)
        cls.year = timezone.localdate().year
        cls.mine = make_assessment(cls.inst, cls.network, cls.catalogue, year=cls.year)
        cls.earlier = make_assessment(cls.inst, cls.network, cls.catalogue, year=cls.year - 1)

    def test_the_own_officers_read_it_and_see_their_years(self):
        for user in (self.alice, self.bob):
            self.assertEqual(
                selectors.assessment_get(user=user, public_id=self.mine.public_id), self.mine
            )
        self.assertEqual(
            list(selectors.own_assessments(user=self.alice)), [self.mine, self.earlier]
        )
        self.assertEqual(selectors.own_assessments(user=self.alice)[0].met, 3)  # type: ignore[attr-defined]

    def test_another_member_the_coordinator_and_outsiders_are_refused(self):
        for user in (self.charlie, self.cora, self.emil, self.nobody, self.paula):
            with self.subTest(user=user.email), self.assertRaises(Http404):
                selectors.assessment_get(user=user, public_id=self.mine.public_id)
            self.assertEqual(list(selectors.own_assessments(user=user)), [])
            self.assertEqual(list(selectors.shared_assessments(user=user)), [])

    def test_a_shared_assessment_is_read_by_the_networks_members_only(self):
        self.mine.shared = True
        self.mine.save()
        for user in (self.charlie, self.cora, self.emil):
            self.assertEqual(
                selectors.assessment_get(user=user, public_id=self.mine.public_id), self.mine
            )
        self.assertEqual(list(selectors.shared_assessments(user=self.charlie)), [self.mine])
        for user in (self.nobody, self.paula):
            with self.assertRaises(Http404):
                selectors.assessment_get(user=user, public_id=self.mine.public_id)

    def test_edit_form_data_is_only_for_the_own_officers(self):
        from django.core.exceptions import PermissionDenied

        assessment, criteria, answers = selectors.assessment_for_edit(
            user=self.alice, institution=self.inst, network=self.network, year=self.year
        )
        self.assertEqual((assessment, len(criteria), len(answers)), (self.mine, 3, 3))
        with self.assertRaises(PermissionDenied):
            selectors.assessment_for_edit(
                user=self.charlie, institution=self.inst, network=self.network, year=self.year
            )
