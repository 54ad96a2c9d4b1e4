"""API v1 for the organisers of a network's programme, and a participant's own registration.

cora coordinates `network` (she organises); alice and bob are officers of a
member (they attend, they do not organise); charlie is an officer of another
member; olga coordinates another network (the outsider organiser); paula is a
partner, emil an employer contact. Every write goes through the trainings
services: the same audit entries as the pages.
"""

import datetime as dt
from typing import Any

from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from dualcareer.accounts.models import Role
from dualcareer.api import tokens
from dualcareer.core.models import AuditEntry
from dualcareer.testing import factories as f
from dualcareer.testing.base import BaseTestCase
from dualcareer.trainings.models import (
    Audience,
    Format,
    Registration,
    RegistrationStatus,
    Status,
    Training,
)
from dualcareer.trainings.tests.factories import make_registration, make_training

RS = RegistrationStatus


def _at(days: int, hour: int) -> dt.datetime:
    """A Berlin time `days` from today (days ahead: never in the past)."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=timezone.get_default_timezone())


def training_body(net, **changes):
    body = {
        "network": net.slug,
        "kind": "training",
        "title_de": "Kollegiale Beratung",
        "description_de": "Fallbesprechungen unter Kolleginnen und Kollegen.",
        "topic": "counselling",
        "format": "in_person",
        "address": "Kronprinzenstraße 35, 45128 Essen",
        "audience": "officers",
        "language": "de",
        "capacity": 12,
        "registration_deadline": _at(20, 12).isoformat(),
        "cancellation_deadline": _at(19, 12).isoformat(),
        "sessions": [{"starts_at": _at(30, 9).isoformat(), "ends_at": _at(30, 13).isoformat()}],
    }
    body.update(changes)
    return body


def actions(action):
    return AuditEntry.objects.filter(action=action)


class OrganiserTestCase(BaseTestCase):
    other_network: Any
    olga: Any

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        other_coord = f.InstitutionFactory(name="Verband Süd")
        cls.other_network = f.NetworkFactory(coordinating_institution=other_coord)
        f.NetworkMembershipFactory(network=cls.other_network, institution=other_coord)
        cls.olga = cls.make_user("olga", other_coord, Role.COORDINATOR)

    def setUp(self):
        cache.clear()
        mail.outbox.clear()
        self.api = APIClient()
        self.training = make_training(self.network, capacity=2)

    def as_(self, user):
        self.api.force_authenticate(user)
        return self.api


class TrainingCreateTests(OrganiserTestCase):
    url = reverse("api_v1:training_list")

    def test_the_coordinator_creates_a_draft_with_its_sessions(self):
        response = self.as_(self.cora).post(self.url, training_body(self.network), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        data = response.json()
        self.assertEqual(data["status"], "draft")
        self.assertEqual(data["network"], self.network.slug)
        self.assertEqual(data["capacity"], 12)
        training = Training.objects.get(public_id=data["id"])
        self.assertEqual(training.created_by, self.cora)
        [session] = training.session_list()
        self.assertEqual(session.starts_at, _at(30, 9))
        self.assertEqual(session.ends_at, _at(30, 13))
        entry = actions("training.created").get()
        self.assertEqual(entry.actor, self.cora)
        self.assertEqual(entry.target_id, str(training.pk))

    def test_a_meeting_is_always_for_the_officers(self):
        body = training_body(self.network, kind="meeting", audience="public")
        response = self.as_(self.cora).post(self.url, body, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["audience"], Audience.OFFICERS)

    def test_bad_input_answers_400_naming_the_field(self):
        past = _at(-3, 9)
        cases = [
            ({"sessions": []}, "sessions"),
            ({"title_de": "", "title_en": ""}, "title_de"),
            ({"format": "online"}, "online_link"),  # the service's rule
            ({"online_link": "not a link", "format": "hybrid"}, "online_link"),  # the form's
            ({"capacity": 0}, "capacity"),
            ({"topic": "astrology"}, "topic"),
            ({"network": "no-such-network"}, "network"),
            ({"registration_deadline": _at(31, 9).isoformat()}, "registration_deadline"),
            ({"title_de": "<script>x</script>"}, "title_de"),
            (
                {"sessions": [{"starts_at": past.isoformat(), "ends_at": _at(-3, 12).isoformat()}]},
                "sessions",
            ),
            (
                {
                    "sessions": [
                        {"starts_at": _at(30, 9).isoformat(), "ends_at": _at(31, 9).isoformat()}
                    ]
                },
                "sessions",  # over midnight: the page's sessions are one day each
            ),
            ({"sessions": [{"starts_at": _at(30, 9).isoformat()}] * 5}, "sessions"),
        ]
        for changes, field in cases:
            with self.subTest(field=field, changes=changes):
                body = training_body(self.network, **changes)
                response = self.as_(self.cora).post(self.url, body, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        missing = training_body(self.network)
        del missing["capacity"]
        response = self.as_(self.cora).post(self.url, missing, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("capacity", response.json())
        self.assertEqual(Training.objects.count(), 1)  # only setUp's
        self.assertFalse(actions("training.created").exists())

    def test_nobody_but_the_network_s_coordinators_creates(self):
        for user in (self.alice, self.charlie, self.paula, self.emil, self.nobody, self.olga):
            with self.subTest(user=user.email):
                response = self.as_(user).post(self.url, training_body(self.network), format="json")
                self.assertEqual(response.status_code, 403, response.content)
                self.assertIn("detail", response.json())
        self.api.force_authenticate(None)
        response = self.api.post(self.url, training_body(self.network), format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Training.objects.count(), 1)
        self.assertFalse(actions("training.created").exists())

    def test_a_token_needs_the_write_scope(self):
        _token, raw = tokens.token_create(
            user=self.cora, name="t", scopes=["trainings:read"], lifetime_days=1
        )
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = api.post(self.url, training_body(self.network), format="json")
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json()["missing_scope"], "trainings:write")
        _token, raw = tokens.token_create(
            user=self.cora, name="w", scopes=["trainings:write"], lifetime_days=1
        )
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        response = api.post(self.url, training_body(self.network), format="json")
        self.assertEqual(response.status_code, 201, response.content)


class TrainingChangeTests(OrganiserTestCase):
    def url(self, training=None):
        return reverse("api_v1:training_detail", args=[(training or self.training).public_id])

    def test_the_coordinator_changes_some_fields_and_keeps_the_others(self):
        response = self.as_(self.cora).patch(
            self.url(), {"capacity": 8, "title_en": "Counselling"}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.training.refresh_from_db()
        self.assertEqual((self.training.capacity, self.training.title_en), (8, "Counselling"))
        self.assertEqual(self.training.title_de, "Beratung in schwierigen Situationen")
        self.assertEqual(len(self.training.session_list()), 1)
        entry = actions("training.changed").get()
        self.assertEqual(entry.actor, self.cora)

    def test_new_sessions_replace_the_old_ones_and_participants_are_told(self):
        make_registration(self.training, user=self.alice)
        sessions = [
            {"starts_at": _at(40, 9).isoformat(), "ends_at": _at(40, 12).isoformat()},
            {"starts_at": _at(41, 9).isoformat(), "ends_at": _at(41, 12).isoformat()},
        ]
        response = self.as_(self.cora).patch(self.url(), {"sessions": sessions}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(len(response.json()["sessions"]), 2)
        self.assertEqual(actions("training.changed").get().data["fields"], ["sessions"])
        self.assertEqual([m.to for m in mail.outbox], [[self.alice.email]])

    def test_bad_input_answers_400_naming_the_field(self):
        make_registration(self.training, user=self.alice)
        make_registration(self.training, user=self.bob)
        for body, field in [
            ({"capacity": 1}, "capacity"),  # two seats taken
            ({"format": "online"}, "online_link"),
            ({"language": "fr"}, "language"),
            ({"sessions": "tomorrow"}, "sessions"),
        ]:
            with self.subTest(field=field):
                response = self.as_(self.cora).patch(self.url(), body, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.assertFalse(actions("training.changed").exists())

    def test_others_are_refused(self):
        # Members see the training (403), the others do not (404: nothing to probe).
        for user, code in [
            (self.alice, 403),
            (self.charlie, 403),
            (self.paula, 404),
            (self.emil, 404),
            (self.olga, 404),
        ]:
            with self.subTest(user=user.email):
                response = self.as_(user).patch(self.url(), {"capacity": 9}, format="json")
                self.assertEqual(response.status_code, code, response.content)
        self.training.refresh_from_db()
        self.assertEqual(self.training.capacity, 2)
        self.assertFalse(actions("training.changed").exists())


class TrainingStatusTests(OrganiserTestCase):
    def test_the_coordinator_publishes_a_draft_once(self):
        draft = make_training(self.network, status=Status.DRAFT)
        url = reverse("api_v1:training_publish", args=[draft.public_id])
        response = self.as_(self.cora).post(url)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "published")
        self.assertEqual(actions("training.published").get().actor, self.cora)
        again = self.as_(self.cora).post(url)
        self.assertEqual(again.status_code, 400)
        self.assertIn("non_field_errors", again.json())

    def test_a_draft_is_invisible_to_others(self):
        draft = make_training(self.network, status=Status.DRAFT)
        url = reverse("api_v1:training_publish", args=[draft.public_id])
        for user in (self.alice, self.olga, self.paula):
            with self.subTest(user=user.email):
                self.assertEqual(self.as_(user).post(url).status_code, 404)
        draft.refresh_from_db()
        self.assertEqual(draft.status, Status.DRAFT)

    def test_cancelling_tells_the_participants(self):
        make_registration(self.training, user=self.alice)
        url = reverse("api_v1:training_cancel", args=[self.training.public_id])
        self.assertEqual(self.as_(self.alice).post(url).status_code, 403)
        response = self.as_(self.cora).post(url)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "cancelled")
        self.assertEqual([m.to for m in mail.outbox], [[self.alice.email]])
        self.assertEqual(actions("training.cancelled").get().actor, self.cora)
        self.assertEqual(self.as_(self.cora).post(url).status_code, 400)


class ParticipantTests(OrganiserTestCase):
    def setUp(self):
        super().setUp()
        self.seat = make_registration(self.training, user=self.alice)
        self.gone = make_registration(
            self.training, name="Gerda Gone", email="gerda@example.org", status=RS.CANCELLED
        )
        self.list_url = reverse("api_v1:participant_list", args=[self.training.public_id])

    def action_url(self, name, registration):
        return reverse(f"api_v1:{name}", args=[self.training.public_id, registration.public_id])

    def test_the_coordinator_reads_the_registrations_as_on_the_page(self):
        response = self.as_(self.cora).get(self.list_url)
        self.assertEqual(response.status_code, 200, response.content)
        rows = {r["id"]: r for r in response.json()["results"]}
        seat = rows[str(self.seat.public_id)]
        self.assertEqual((seat["name"], seat["email"]), ("Erika Muster", self.alice.email))
        self.assertEqual(seat["status"], "confirmed")
        # a cancelled registration: the name only, as on the participants page
        self.assertEqual(rows[str(self.gone.public_id)]["email"], None)

    def test_nobody_else_reads_them(self):
        for user, code in [
            (self.alice, 403),  # her own registration is in it: still not hers to read
            (self.charlie, 403),
            (self.paula, 404),
            (self.olga, 404),
        ]:
            with self.subTest(user=user.email):
                response = self.as_(user).get(self.list_url)
                self.assertEqual(response.status_code, code)
                self.assertNotIn(self.alice.email, response.content.decode())
        self.api.force_authenticate(None)
        self.assertEqual(self.api.get(self.list_url).status_code, 403)

    def test_adding_a_participant_takes_a_seat_or_the_waiting_list(self):
        response = self.as_(self.cora).post(
            self.list_url, {"name": "Nina Neu", "email": "Nina@Example.org"}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], "confirmed")
        self.assertEqual(response.json()["email"], "nina@example.org")
        response = self.as_(self.cora).post(
            self.list_url, {"name": "Otto Spät", "email": "otto@example.org"}, format="json"
        )
        self.assertEqual(response.json()["status"], "waiting")
        self.assertEqual(actions("training.participant_added").count(), 2)

    def test_adding_bad_input_or_a_duplicate_answers_400_naming_the_field(self):
        for body, field in [
            ({"name": "Nina"}, "email"),
            ({"name": "Nina", "email": "no-address"}, "email"),
            ({"name": "", "email": "nina@example.org"}, "name"),
            ({"name": "Alice", "email": self.alice.email}, "email"),  # already registered
        ]:
            with self.subTest(body=body):
                response = self.as_(self.cora).post(self.list_url, body, format="json")
                self.assertEqual(response.status_code, 400, response.content)
                self.assertIn(field, response.json())
        self.assertEqual(self.as_(self.bob).post(self.list_url, {}, format="json").status_code, 403)
        self.assertFalse(actions("training.participant_added").exists())

    def test_removing_frees_the_seat_for_the_waiting_list(self):
        full = make_registration(self.training, user=self.bob)
        waiting = make_registration(
            self.training, user=self.charlie, status=RS.WAITING, waiting_since=timezone.now()
        )
        url = self.action_url("participant_remove", full)
        self.assertEqual(self.as_(self.alice).post(url).status_code, 403)
        response = self.as_(self.cora).post(url)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "removed")
        waiting.refresh_from_db()
        self.assertEqual(waiting.status, RS.OFFERED)
        self.assertEqual(actions("training.participant_removed").get().actor, self.cora)
        again = self.as_(self.cora).post(url)
        self.assertEqual(again.status_code, 400)

    def test_a_registration_of_another_training_is_not_found(self):
        other = make_training(self.network)
        theirs = make_registration(other, user=self.bob)
        response = self.as_(self.cora).post(self.action_url("participant_remove", theirs))
        self.assertEqual(response.status_code, 404)
        theirs.refresh_from_db()
        self.assertEqual(theirs.status, RS.CONFIRMED)

    def test_moving_to_another_training_of_the_network(self):
        target = make_training(self.network, days=21)
        url = self.action_url("participant_move", self.seat)
        response = self.as_(self.cora).post(url, {"target": str(target.public_id)}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        moved = Registration.objects.get(public_id=response.json()["id"])
        self.assertEqual((moved.training, moved.status), (target, RS.CONFIRMED))
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, RS.MOVED)
        self.assertEqual(actions("training.participant_moved").get().actor, self.cora)

    def test_moving_needs_an_open_training_of_the_network(self):
        elsewhere = make_training(self.other_network)
        url = self.action_url("participant_move", self.seat)
        for body in ({}, {"target": "x"}, {"target": str(elsewhere.public_id)}):
            with self.subTest(body=body):
                response = self.as_(self.cora).post(url, body, format="json")
                self.assertEqual(response.status_code, 400)
                self.assertIn("target", response.json())
        self.seat.refresh_from_db()
        self.assertEqual(self.seat.status, RS.CONFIRMED)


class AttendanceTests(OrganiserTestCase):
    def test_the_coordinator_records_attendance_once_the_training_has_begun(self):
        begun = make_training(self.network, days=-1)
        came = make_registration(begun, user=self.alice)
        absent = make_registration(begun, user=self.bob)
        url = reverse("api_v1:training_attendance", args=[begun.public_id])
        self.assertEqual(
            self.as_(self.alice)
            .post(url, {"attended": [str(came.public_id)]}, format="json")
            .status_code,
            403,
        )
        response = self.as_(self.cora).post(url, {"attended": [str(came.public_id)]}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), {"attended": 1})
        came.refresh_from_db()
        absent.refresh_from_db()
        self.assertTrue(came.attended and came.certificate_code)
        self.assertFalse(absent.attended)
        self.assertEqual(actions("training.attendance_marked").get().actor, self.cora)

    def test_not_before_it_begins_and_not_without_the_list(self):
        url = reverse("api_v1:training_attendance", args=[self.training.public_id])
        response = self.as_(self.cora).post(url, {"attended": []}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("non_field_errors", response.json())
        response = self.as_(self.cora).post(url, {"attended": ["nope"]}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("attended", response.json())


class OwnRegistrationTests(OrganiserTestCase):
    def test_a_participant_cancels_their_own_registration(self):
        own = make_registration(self.training, user=self.alice)
        url = reverse("api_v1:registration_cancel", args=[own.public_id])
        self.assertEqual(self.as_(self.bob).post(url).status_code, 404)  # not bob's
        self.assertEqual(self.as_(self.cora).post(url).status_code, 404)  # nor the organiser's
        response = self.as_(self.alice).post(url)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "cancelled")
        self.assertEqual(actions("training.registration_cancelled").get().actor, self.alice)
        self.assertEqual(self.as_(self.alice).post(url).status_code, 400)

    def test_not_after_the_cancellation_deadline(self):
        soon = make_training(self.network, days=1)  # the deadline was yesterday
        own = make_registration(soon, user=self.alice)
        response = self.as_(self.alice).post(
            reverse("api_v1:registration_cancel", args=[own.public_id])
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("non_field_errors", response.json())
        own.refresh_from_db()
        self.assertEqual(own.status, RS.CONFIRMED)

    def test_a_participant_takes_the_place_offered(self):
        offered = make_registration(
            self.training,
            user=self.alice,
            status=RS.OFFERED,
            offer_expires_at=timezone.now() + dt.timedelta(hours=5),
        )
        url = reverse("api_v1:registration_accept", args=[offered.public_id])
        self.assertEqual(self.as_(self.bob).post(url).status_code, 404)
        response = self.as_(self.alice).post(url)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["status"], "confirmed")
        self.assertEqual(actions("training.offer_accepted").get().actor, self.alice)
        self.assertEqual(self.as_(self.alice).post(url).status_code, 400)  # answered already


class OnlineLinkTests(OrganiserTestCase):
    def test_the_organiser_s_answer_carries_the_online_link(self):
        online = make_training(self.network, format=Format.ONLINE)
        response = self.as_(self.cora).patch(
            reverse("api_v1:training_detail", args=[online.public_id]),
            {"trainer": "Dr. Neu"},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["online_link"], "https://meet.example.org/room-1")
        # the reader's view of the same training does not
        reader = self.as_(self.alice).get(
            reverse("api_v1:training_detail", args=[online.public_id])
        )
        self.assertNotIn("online_link", reader.json())
