"""Feedback: one-time invitations after the training, anonymous answers, results and charts."""

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.trainings import feedback, selectors, services
from dualcareer.trainings.models import FeedbackInvitation, FeedbackResponse, QuestionKind
from dualcareer.trainings.tests.factories import make_registration, make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase


class FeedbackTests(TrainingsTestCase):
    def setUp(self):
        super().setUp()
        self.training = make_training(self.network, days=-2)
        self.alice_reg = make_registration(self.training, user=self.alice)
        self.bob_reg = make_registration(self.training, user=self.bob)
        services.attendance_set(
            actor=self.cora,
            training=self.training,
            attended=[self.alice_reg.public_id, self.bob_reg.public_id],
        )
        mail.outbox.clear()
        self.questions = feedback.questions_for(self.network)
        self.rating = next(q for q in self.questions if q.kind == QuestionKind.RATING)
        self.text = next(q for q in self.questions if q.kind == QuestionKind.TEXT)

    def test_attendees_are_invited_once(self):
        self.assertEqual(feedback.invitations_send(), 2)
        self.assertEqual(feedback.invitations_send(), 0)
        self.assertEqual({m.to[0] for m in mail.outbox}, {self.alice.email, self.bob.email})

    def test_no_invitations_before_the_end(self):
        assert self.training.ends_at is not None
        feedback_time = self.training.ends_at - dt.timedelta(minutes=1)
        self.assertEqual(feedback.invitations_send(now=feedback_time), 0)

    def test_anonymous_answers_keep_no_link_to_the_person(self):
        feedback.invitations_send()
        path = self.link_in(mail.outbox[0], "/feedback/")
        response = self.client.post(
            path, {f"q{self.rating.pk}": "4", f"q{self.text.pk}": "Mehr Praxisbeispiele"}
        )
        self.assertContains(response, "Vielen Dank")
        answer = FeedbackResponse.objects.get()
        self.assertIsNone(answer.registration)
        self.assertFalse(hasattr(answer, "created_at"))
        # The one-time link cannot be used again.
        response = self.client.post(path, {f"q{self.rating.pk}": "1"})
        self.assertEqual(response.status_code, 410)
        self.assertEqual(FeedbackResponse.objects.count(), 1)

    def test_a_signed_answer_names_the_registration(self):
        feedback.invitations_send()
        invitation = FeedbackInvitation.objects.get(registration=self.alice_reg)
        feedback.feedback_submit(invitation=invitation, answers={self.rating.pk: 5}, signed=True)
        self.assertEqual(FeedbackResponse.objects.get().registration, self.alice_reg)

    def test_ratings_outside_one_to_five_are_refused(self):
        feedback.invitations_send()
        invitation = FeedbackInvitation.objects.get(registration=self.alice_reg)
        with self.assertRaises(ValidationError) as raised:
            feedback.feedback_submit(invitation=invitation, answers={self.rating.pk: 9})
        self.assertIn(f"q{self.rating.pk}", raised.exception.message_dict)
        with self.assertRaises(ValidationError):
            feedback.feedback_submit(invitation=invitation, answers={})

    def test_results_per_training_and_over_time_for_the_coordinator(self):
        feedback.invitations_send()
        for registration, rating in ((self.alice_reg, 5), (self.bob_reg, 3)):
            invitation = FeedbackInvitation.objects.get(registration=registration)
            feedback.feedback_submit(invitation=invitation, answers={self.rating.pk: rating})
        responses, results = selectors.feedback_results(user=self.cora, training=self.training)
        self.assertEqual(responses, 2)
        self.assertEqual(results[0].counts, [0, 0, 1, 0, 1])
        self.assertEqual(results[0].average, 4.0)
        points = selectors.feedback_over_time(user=self.cora, network=self.network)
        self.assertEqual([(p.average, p.responses) for p in points], [(4.0, 2)])
        with self.assertRaises(PermissionDenied):
            selectors.feedback_results(user=self.alice, training=self.training)

    def test_the_result_pages_show_an_svg_chart_and_a_table(self):
        feedback.invitations_send()
        invitation = FeedbackInvitation.objects.get(registration=self.alice_reg)
        feedback.feedback_submit(invitation=invitation, answers={self.rating.pk: 4})
        self.client.force_login(self.cora)
        page = self.client.get(f"/trainings/manage/training/{self.training.public_id}/feedback/")
        self.assertContains(page, '<svg viewBox="0 0 120 60"')
        self.assertContains(page, "<table>")
        page = self.client.get(f"/trainings/manage/{self.network.slug}/feedback/")
        self.assertContains(page, 'role="img"')
        self.assertContains(page, "<td>4,0</td>", html=False)
        self.client.force_login(self.charlie)
        page = self.client.get(f"/trainings/manage/training/{self.training.public_id}/feedback/")
        self.assertIn(page.status_code, (403, 404))

    def test_the_coordinator_adds_and_retires_questions(self):
        question = feedback.question_add(
            actor=self.cora, network=self.network, kind=QuestionKind.RATING, text_de="Raum?"
        )
        self.assertIn(question, feedback.questions_for(self.network))
        feedback.question_toggle(actor=self.cora, question=question)
        self.assertNotIn(question, feedback.questions_for(self.network))
        with self.assertRaises(PermissionDenied):
            feedback.question_add(
                actor=self.charlie, network=self.network, kind=QuestionKind.TEXT, text_de="X"
            )

    def test_attendees_of_long_ended_trainings_are_not_read_every_hour(self):
        # Attended but never invited (ended before the 30 days): not invited, and the hourly
        # run does not grow with them (one query however many there are).
        old = make_training(self.network, days=-60)
        for _ in range(3):
            make_registration(old, attended=True)
        self.assertEqual(feedback.invitations_send(), 2)
        with self.assertNumQueries(1):
            self.assertEqual(feedback.invitations_send(), 0)
        self.assertFalse(FeedbackInvitation.objects.filter(registration__training=old).exists())
