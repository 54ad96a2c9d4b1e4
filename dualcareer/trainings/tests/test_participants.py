"""The coordinators' work on participants: add, move to another training, remove."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.trainings import services
from dualcareer.trainings.models import Audience, RegistrationStatus
from dualcareer.trainings.tests.factories import make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase

RS = RegistrationStatus


class ParticipantTests(TrainingsTestCase):
    def setUp(self):
        super().setUp()
        self.training = make_training(self.network, capacity=1, audience=Audience.PARTNERS)
        self.other = make_training(self.network, days=21, title_de="Zweiter Termin")

    def test_the_coordinator_adds_a_participant_and_links_an_account(self):
        added = services.participant_add(
            actor=self.cora, training=self.training, name="Alice", email="ALICE@example.org"
        )
        self.assertEqual((added.status, added.user), (RS.CONFIRMED, self.alice))
        waiting = services.participant_add(
            actor=self.cora, training=self.training, name="Extern", email="ext@example.org"
        )
        self.assertEqual(waiting.status, RS.WAITING)
        with self.assertRaises(ValidationError):
            services.participant_add(
                actor=self.cora, training=self.training, name="Extern", email="ext@example.org"
            )

    def test_removing_moves_the_waiting_list_up(self):
        first = services.registration_create(training=self.training, user=self.alice)
        second = services.registration_create(training=self.training, user=self.bob)
        services.participant_remove(actor=self.cora, registration=first)
        second.refresh_from_db()
        self.assertEqual(second.status, RS.OFFERED)

    def test_moving_frees_the_seat_and_registers_for_the_other_training(self):
        first = services.registration_create(training=self.training, user=self.alice)
        second = services.registration_create(training=self.training, user=self.bob)
        mail.outbox.clear()
        moved = services.participant_move(actor=self.cora, registration=first, target=self.other)
        first.refresh_from_db()
        second.refresh_from_db()
        self.assertEqual(first.status, RS.MOVED)
        self.assertEqual(
            (moved.training, moved.status, moved.user), (self.other, RS.CONFIRMED, self.alice)
        )
        self.assertEqual(second.status, RS.OFFERED)
        self.assertEqual({m.to[0] for m in mail.outbox}, {self.alice.email, self.bob.email})

    def test_moving_to_a_training_already_booked_is_refused(self):
        first = services.registration_create(training=self.training, user=self.alice)
        services.registration_create(training=self.other, user=self.alice)
        with self.assertRaises(ValidationError) as raised:
            services.participant_move(actor=self.cora, registration=first, target=self.other)
        self.assertIn("target", raised.exception.message_dict)

    def test_only_the_coordinator_manages_participants(self):
        first = services.registration_create(training=self.training, user=self.alice)
        for person in (self.alice, self.bob, self.charlie, self.emil):
            with self.assertRaises(PermissionDenied):
                services.participant_remove(actor=person, registration=first)
            with self.assertRaises(PermissionDenied):
                services.participant_add(
                    actor=person, training=self.training, name="X", email="x@example.org"
                )

    def test_the_trainings_to_move_to_are_offered_soonest_first(self):
        later = make_training(self.network, days=40, title_de="Spät")
        sooner = make_training(self.network, days=10, title_de="Bald")
        between = make_training(self.network, days=30, title_de="Dazwischen")
        self.client.force_login(self.cora)
        url = f"/trainings/manage/training/{self.training.public_id}/participants/"
        offered = list(self.client.get(url).context["targets"])
        self.assertEqual(offered, [sooner, self.other, between, later])

    def test_the_participant_page_adds_moves_and_removes(self):
        self.client.force_login(self.cora)
        url = f"/trainings/manage/training/{self.training.public_id}/participants/"
        response = self.client.post(url, {"name": "Paula", "email": "paula@example.org"})
        self.assertEqual(response.status_code, 302)
        registration = self.training.registrations.get()
        page = self.client.get(url)
        self.assertContains(page, "paula@example.org")
        action = f"{url}{registration.public_id}/"
        response = self.client.post(action, {"action": "move", "target": str(self.other.public_id)})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.other.registrations.filter(email="paula@example.org").exists())
        self.assertEqual(
            self.client.post(action, {"action": "move", "target": "x"}).status_code, 400
        )
        response = self.client.post(url, {"name": "", "email": "not-an-address"})
        self.assertEqual(response.status_code, 400)
        self.client.force_login(self.charlie)
        self.assertIn(self.client.get(url).status_code, (403, 404))
