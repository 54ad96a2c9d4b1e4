"""services.training_save, publish and cancel: rules, permissions, e-mails to participants."""

import datetime as dt
from decimal import Decimal

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from dualcareer.trainings import services
from dualcareer.trainings.models import Audience, Format, Kind, Status, Topic
from dualcareer.trainings.tests.factories import make_registration, make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase


def values(**overrides):
    start = (timezone.now() + dt.timedelta(days=30)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    data = {
        "kind": Kind.TRAINING,
        "topic": Topic.COACHING,
        "format": Format.IN_PERSON,
        "audience": Audience.OFFICERS,
        "capacity": 12,
        "registration_deadline": start - dt.timedelta(days=7),
        "cancellation_deadline": start - dt.timedelta(days=7),
        "sessions": [(start, start + dt.timedelta(hours=6))],
        "title_de": "Coaching-Grundlagen",
        "address": "Bochum",
        "fee": Decimal("0"),
    }
    data.update(overrides)
    return services.TrainingInput(**data)


class TrainingSaveTests(TrainingsTestCase):
    def test_the_coordinator_creates_a_draft_and_publishes_it(self):
        training = services.training_save(actor=self.cora, network=self.network, values=values())
        self.assertEqual(training.status, Status.DRAFT)
        self.assertEqual(training.hours, Decimal("6"))
        services.training_publish(actor=self.cora, training=training)
        training.refresh_from_db()
        self.assertEqual(training.status, Status.PUBLISHED)

    def test_officers_and_outsiders_are_refused(self):
        for person in (self.alice, self.charlie, self.emil, self.paula):
            with self.assertRaises(PermissionDenied):
                services.training_save(actor=person, network=self.network, values=values())

    def test_past_dates_are_refused(self):
        past = timezone.now() - dt.timedelta(days=1)
        with self.assertRaises(ValidationError) as raised:
            services.training_save(
                actor=self.cora,
                network=self.network,
                values=values(sessions=[(past, past + dt.timedelta(hours=2))]),
            )
        self.assertIn("sessions", raised.exception.message_dict)

    def test_a_session_must_end_after_it_starts(self):
        start = timezone.now() + dt.timedelta(days=9)
        with self.assertRaises(ValidationError) as raised:
            services.training_save(
                actor=self.cora, network=self.network, values=values(sessions=[(start, start)])
            )
        self.assertIn("sessions", raised.exception.message_dict)

    def test_capacity_below_current_registrations_is_refused(self):
        training = make_training(self.network, capacity=3)
        for i in range(3):
            make_registration(training, email=f"p{i}@example.org")
        with self.assertRaises(ValidationError) as raised:
            services.training_save(
                actor=self.cora,
                network=self.network,
                training=training,
                values=values(capacity=2),
            )
        self.assertIn("3", raised.exception.message_dict["capacity"][0])

    def test_online_needs_a_link_and_in_person_an_address(self):
        with self.assertRaises(ValidationError) as raised:
            services.training_save(
                actor=self.cora,
                network=self.network,
                values=values(format=Format.HYBRID, address="", online_link=""),
            )
        self.assertEqual(set(raised.exception.message_dict), {"address", "online_link"})

    def test_participants_hear_of_new_dates_in_their_language(self):
        training = make_training(self.network)
        self.alice.language = "en"
        self.alice.save()
        services.registration_create(training=training, user=self.alice)
        services.registration_create(training=training, user=self.bob)
        mail.outbox.clear()
        start = timezone.now() + dt.timedelta(days=40)
        services.training_save(
            actor=self.cora,
            network=self.network,
            training=training,
            values=values(sessions=[(start, start + dt.timedelta(hours=2))]),
        )
        subjects = sorted(m.subject for m in mail.outbox)
        self.assertEqual(len(subjects), 2)
        self.assertTrue(subjects[0].startswith("Changed:"))
        self.assertTrue(subjects[1].startswith("Geändert:"))

    def test_the_change_mail_gives_the_online_room_only_to_confirmed_participants(self):
        training = make_training(self.network, format=Format.ONLINE, capacity=2)
        make_registration(training, user=self.alice)
        make_registration(training, user=self.bob, status="offered")  # not yet taken
        start = timezone.now() + dt.timedelta(days=40)
        services.training_save(
            actor=self.cora,
            network=self.network,
            training=training,
            values=values(
                format=Format.ONLINE,
                address="",
                online_link="https://meet.example.org/room-2",
                capacity=2,
                sessions=[(start, start + dt.timedelta(hours=2))],
            ),
        )
        bodies = {m.to[0]: m.body for m in mail.outbox}
        self.assertIn("meet.example.org/room-2", bodies[self.alice.email])
        self.assertNotIn("meet.example.org", bodies[self.bob.email])

    def test_meetings_are_always_for_the_members(self):
        training = services.training_save(
            actor=self.cora,
            network=self.network,
            values=values(kind=Kind.MEETING, audience=Audience.PUBLIC, agenda="1. Bericht"),
        )
        self.assertEqual(training.audience, Audience.OFFICERS)

    def test_cancelling_tells_everybody_registered_or_waiting(self):
        training = make_training(self.network, capacity=1)
        services.registration_create(training=training, user=self.alice)
        services.registration_create(training=training, user=self.bob)
        mail.outbox.clear()
        services.training_cancel(actor=self.cora, training=training)
        self.assertEqual({m.to[0] for m in mail.outbox}, {self.alice.email, self.bob.email})
        self.assertTrue(all(m.subject.startswith("Abgesagt") for m in mail.outbox))
        with self.assertRaises(PermissionDenied):
            services.training_cancel(actor=self.charlie, training=training)


class TrainingFormViewTests(TrainingsTestCase):
    def post(self, **overrides):
        start = (timezone.localtime() + dt.timedelta(days=20)).date()
        data = {
            "kind": "training",
            "title_de": "Interkulturelle Beratung",
            "topic": "intercultural",
            "format": "in_person",
            "address": "Essen",
            "audience": "officers",
            "language": "de",
            "capacity": "10",
            "fee": "0",
            "registration_deadline": f"{start - dt.timedelta(days=3)}T12:00",
            "cancellation_deadline": f"{start - dt.timedelta(days=3)}T12:00",
            "session1_date": str(start),
            "session1_start": "09:00",
            "session1_end": "12:30",
        }
        data.update(overrides)
        return self.client.post(f"/trainings/manage/{self.network.slug}/new/", data)

    def test_the_coordinator_creates_a_training_with_the_form(self):
        self.client.force_login(self.cora)
        response = self.post()
        self.assertEqual(response.status_code, 302)
        training = self.network.trainings.get()
        self.assertEqual(training.hours, Decimal("3.5"))
        self.assertEqual(timezone.localtime(training.starts_at).hour, 9)

    def test_a_past_date_is_a_form_error(self):
        self.client.force_login(self.cora)
        yesterday = (timezone.localtime() - dt.timedelta(days=1)).date()
        response = self.post(session1_date=str(yesterday))
        self.assertContains(response, "Vergangenheit", status_code=400)
        self.assertContains(response, "id_session1_date_error", status_code=400)

    def test_others_are_refused(self):
        for person in (self.alice, self.charlie, self.emil):
            self.client.force_login(person)
            self.assertIn(self.post().status_code, (403, 404))
        self.assertFalse(self.network.trainings.exists())
