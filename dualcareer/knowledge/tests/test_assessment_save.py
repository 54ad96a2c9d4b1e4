"""services.assessment_save: the member's own officers rate every criterion, then submit."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dualcareer.knowledge import services
from dualcareer.knowledge.models import SelfAssessment
from dualcareer.knowledge.tests.factories import make_catalogue
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase

A = services.AnswerInput


class AssessmentSaveTest(KnowledgeTestCase):
    catalogue: Any
    year: Any

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.catalogue = make_catalogue(cls.network)
        cls.year = timezone.localdate().year

    def save(self, actor, answers, **kwargs):
        return services.assessment_save(
            actor=actor,
            institution=kwargs.pop("institution", self.inst),
            network=self.network,
            year=kwargs.pop("year", self.year),
            answers=answers,
            **kwargs,
        )

    def test_a_draft_then_a_submission(self):
        draft = self.save(self.alice, {"A1": A(rating="met", evidence="Webseite")})
        self.assertEqual(draft.status, SelfAssessment.Status.DRAFT)
        with self.assertRaises(ValidationError) as caught:
            self.save(self.bob, {"A1": A(rating="met")}, submit=True)
        self.assertEqual(set(caught.exception.message_dict), {"rating_B1", "rating_C1"})
        done = self.save(
            self.bob,
            {"A1": A(rating="met"), "B1": A(rating="partly", plan="2027"), "C1": A(rating="n_a")},
            submit=True,
            shared=True,
        )
        self.assertEqual(
            (done.pk, done.status, done.submitted_by), (draft.pk, "submitted", self.bob)
        )
        self.assertEqual(done.answers.get(criterion__code="B1").plan, "2027")
        self.assertTrue(done.shared)

    def test_others_may_not_write_a_members_assessment(self):
        for user in (self.charlie, self.cora, self.emil, self.nobody, self.paula):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                self.save(user, {"A1": A(rating="met")})
        self.assertFalse(SelfAssessment.objects.exists())

    def test_unknown_criteria_ratings_and_future_years_are_refused(self):
        with self.assertRaises(ValidationError):
            self.save(self.alice, {"Z9": A(rating="met")})
        with self.assertRaises(ValidationError) as caught:
            self.save(self.alice, {"A1": A(rating="excellent")})
        self.assertIn("rating_A1", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            self.save(self.alice, {}, year=self.year + 1)
        self.assertIn("year", caught.exception.message_dict)
