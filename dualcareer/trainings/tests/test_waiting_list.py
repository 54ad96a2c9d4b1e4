"""The waiting list: cancellation moves it up with an offer that expires; deadlines."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from dualcareer.trainings import services
from dualcareer.trainings.models import Audience, Registration, RegistrationStatus
from dualcareer.trainings.tests.factories import make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase

RS = RegistrationStatus


class WaitingListTests(TrainingsTestCase):
    def setUp(self):
        super().setUp()
        self.training = make_training(self.network, capacity=1, audience=Audience.PARTNERS)
        self.first = services.registration_create(training=self.training, user=self.alice)
        self.second = services.registration_create(training=self.training, user=self.bob)
        self.third = services.registration_create(training=self.training, user=self.paula)
        mail.outbox.clear()

    def refresh(self, *registrations: Registration) -> None:
        for registration in registrations:
            registration.refresh_from_db()

    def test_a_cancellation_offers_the_place_to_the_longest_waiting(self):
        services.registration_cancel(registration=self.first, actor=self.alice)
        self.refresh(self.first, self.second, self.third)
        self.assertEqual(self.first.status, RS.CANCELLED)
        self.assertEqual(self.second.status, RS.OFFERED)
        self.assertEqual(self.third.status, RS.WAITING)
        self.assertEqual([m.to[0] for m in mail.outbox], [self.bob.email])
        self.assertIn("/trainings/registration/", mail.outbox[0].body)

    def test_the_offer_is_taken_with_the_link(self):
        services.registration_cancel(registration=self.first, actor=self.alice)
        path = self.link_in(mail.outbox[0], "/registration/")
        response = self.client.post(path, {"action": "accept"})
        self.assertEqual(response.status_code, 302)
        self.refresh(self.second)
        self.assertEqual(self.second.status, RS.CONFIRMED)

    def test_an_expired_offer_passes_to_the_next_person_by_the_command(self):
        services.registration_cancel(registration=self.first, actor=self.alice)
        self.refresh(self.second)
        assert self.second.offer_expires_at is not None
        later = self.second.offer_expires_at + dt.timedelta(minutes=1)
        self.assertEqual(services.offers_expire(now=later), 1)
        self.refresh(self.second, self.third)
        self.assertEqual(self.second.status, RS.EXPIRED)
        self.assertEqual(self.third.status, RS.OFFERED)
        with self.assertRaises(ValidationError):
            services.offer_accept(registration=self.second, now=later)

    def test_the_offer_expires_lazily_on_access(self):
        services.registration_cancel(registration=self.first, actor=self.alice)
        self.refresh(self.second)
        Registration.objects.filter(pk=self.second.pk).update(
            offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
        response = self.client.get(f"/trainings/registration/{self.second.token}/")
        self.assertContains(response, "Angebot abgelaufen")
        self.refresh(self.third)
        self.assertEqual(self.third.status, RS.OFFERED)

    def test_the_management_command_expires_offers(self):
        services.registration_cancel(registration=self.first, actor=self.alice)
        Registration.objects.filter(pk=self.second.pk).update(
            offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
        )
        out = StringIO()
        call_command("trainings_run", stdout=out)
        self.assertIn("1 offers expired", out.getvalue())
        self.refresh(self.third)
        self.assertEqual(self.third.status, RS.OFFERED)

    def test_no_cancellation_after_the_deadline_but_the_waiting_list_may_leave(self):
        late = self.training.cancellation_deadline + dt.timedelta(minutes=1)
        with self.assertRaises(ValidationError) as raised:
            services.registration_cancel(registration=self.first, actor=self.alice, now=late)
        self.assertEqual(raised.exception.code, "deadline")
        services.registration_cancel(registration=self.third, actor=self.paula, now=late)
        self.refresh(self.third)
        self.assertEqual(self.third.status, RS.CANCELLED)

    def test_nobody_cancels_someone_elses_registration(self):
        with self.assertRaises(PermissionDenied):
            services.registration_cancel(registration=self.first, actor=self.charlie)
        self.client.force_login(self.charlie)
        response = self.client.post(f"/trainings/mine/{self.first.public_id}/cancel/")
        self.assertEqual(response.status_code, 404)
        self.refresh(self.first)
        self.assertEqual(self.first.status, RS.CONFIRMED)

    def test_the_participant_cancels_on_their_page(self):
        self.client.force_login(self.alice)
        response = self.client.post(f"/trainings/mine/{self.first.public_id}/cancel/")
        self.assertEqual(response.status_code, 302)
        self.refresh(self.first, self.second)
        self.assertEqual((self.first.status, self.second.status), (RS.CANCELLED, RS.OFFERED))

    def test_a_new_registration_queues_behind_the_waiting_list(self):
        services.registration_cancel(registration=self.first, actor=self.alice)
        late = services.registration_create(training=self.training, user=self.cora)
        self.assertEqual(late.status, RS.WAITING)
