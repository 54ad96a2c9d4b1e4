"""services.registration_create and the e-mail confirmation of visitors."""

import datetime as dt
from unittest import mock

from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.core.models import AuditEntry
from dualcareer.trainings import services
from dualcareer.trainings.models import Audience, RegistrationStatus, Status
from dualcareer.trainings.tests.factories import make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase

RS = RegistrationStatus


class RegistrationCreateTests(TrainingsTestCase):
    def test_a_member_registers_with_one_click_and_gets_a_confirmation(self):
        training = make_training(self.network)
        registration = services.registration_create(training=training, user=self.alice)
        self.assertEqual(registration.status, RS.CONFIRMED)
        self.assertEqual(registration.email, self.alice.email)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn(training.title_de, mail.outbox[0].subject)
        self.assertTrue(AuditEntry.objects.filter(action="training.registered").exists())

    def test_confirmation_is_in_the_recipients_language(self):
        self.alice.language = "en"
        self.alice.save()
        training = make_training(self.network)
        services.registration_create(training=training, user=self.alice)
        self.assertIn("Registered: Counselling in difficult situations", mail.outbox[0].subject)

    def test_the_network_is_named_in_the_recipients_language(self):
        self.network.name = "Dual-Career-Netzwerk Ruhr"
        self.network.name_en = "Dual Career Network Ruhr"
        self.network.save()
        self.alice.language = "en"
        self.alice.save()
        training = make_training(self.network)
        services.registration_create(training=training, user=self.alice)  # a German request
        self.assertIn("(Dual Career Network Ruhr)", mail.outbox[0].body)
        self.assertNotIn("Netzwerk Ruhr", mail.outbox[0].body)

    def test_when_full_the_next_person_goes_onto_the_waiting_list(self):
        training = make_training(self.network, capacity=1)
        services.registration_create(training=training, user=self.alice)
        second = services.registration_create(training=training, user=self.bob)
        self.assertEqual(second.status, RS.WAITING)
        self.assertIn("Warteliste", mail.outbox[-1].subject)

    def test_a_second_registration_of_the_same_person_gets_a_clear_message(self):
        training = make_training(self.network)
        services.registration_create(training=training, user=self.alice)
        with self.assertRaises(ValidationError) as raised:
            services.registration_create(training=training, user=self.alice)
        self.assertIn("bereits", str(raised.exception.message_dict["email"]))
        self.assertEqual(training.registrations.count(), 1)

    def test_registration_closes_at_the_deadline(self):
        training = make_training(self.network)
        with self.assertRaises(ValidationError):
            services.registration_create(
                training=training,
                user=self.alice,
                now=training.registration_deadline + dt.timedelta(minutes=1),
            )

    def test_drafts_and_cancelled_trainings_take_no_registrations(self):
        for status in (Status.DRAFT, Status.CANCELLED):
            training = make_training(self.network, status=status)
            with self.assertRaises(PermissionDenied):
                services.registration_create(training=training, user=self.alice)

    def test_officer_trainings_refuse_partners_and_employer_contacts(self):
        training = make_training(self.network, audience=Audience.OFFICERS)
        for person in (self.paula, self.emil, self.nobody):
            with self.assertRaises(PermissionDenied):
                services.registration_create(training=training, user=person)

    def test_partner_events_take_partners(self):
        training = make_training(self.network, audience=Audience.PARTNERS)
        registration = services.registration_create(training=training, user=self.paula)
        self.assertEqual(registration.status, RS.CONFIRMED)

    def test_visitors_may_register_only_for_public_events(self):
        training = make_training(self.network, audience=Audience.PARTNERS)
        with self.assertRaises(PermissionDenied):
            services.registration_create(training=training, name="Vera", email="v@example.org")


class PublicRegistrationTests(TrainingsTestCase):
    def test_a_visitor_confirms_the_address_and_then_holds_a_seat(self):
        training = make_training(self.network, audience=Audience.PUBLIC, capacity=1)
        registration = services.registration_create(
            training=training, name="Vera Visitor", email="Vera@Example.org ", language="en"
        )
        self.assertEqual(registration.status, RS.PENDING)
        self.assertEqual(registration.email, "vera@example.org")
        self.assertIn("confirm", mail.outbox[0].subject.lower())
        path = self.link_in(mail.outbox[0], "/confirm/")
        self.assertTrue(path.startswith("/en/trainings/confirm/"))
        # A pending registration holds no seat: a member can still take it.
        response = self.client.get(path)
        self.assertContains(response, "Confirm")
        response = self.client.post(path)
        self.assertEqual(response.status_code, 302)
        registration.refresh_from_db()
        self.assertEqual(registration.status, RS.CONFIRMED)

    def test_a_forged_or_expired_confirmation_link_is_gone(self):
        training = make_training(self.network, audience=Audience.PUBLIC)
        registration = services.registration_create(
            training=training, name="Vera Visitor", email="vera@example.org"
        )
        response = self.client.get("/trainings/confirm/not-a-token/")
        self.assertEqual(response.status_code, 410)
        token = signing.dumps(str(registration.public_id), salt="another.salt")
        self.assertIsNone(services.registration_from_confirm_token(token))
        valid = services._confirm_url(registration).rstrip("/").rsplit("/", 1)[1]
        self.assertEqual(services.registration_from_confirm_token(valid), registration)
        with mock.patch.object(services, "CONFIRM_MAX_AGE", dt.timedelta(seconds=-1)):
            self.assertIsNone(services.registration_from_confirm_token(valid))

    def test_the_public_form_names_the_missing_fields(self):
        training = make_training(self.network, audience=Audience.PUBLIC)
        response = self.client.post(f"/trainings/{training.public_id}/", {"name": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "id_email_error", status_code=400)
        self.assertEqual(training.registrations.count(), 0)

    def test_a_visitor_registering_twice_is_told(self):
        training = make_training(self.network, audience=Audience.PUBLIC)
        data = {"name": "Vera", "email": "vera@example.org", "privacy": "on"}
        self.client.post(f"/trainings/{training.public_id}/", data)
        response = self.client.post(f"/trainings/{training.public_id}/", data)
        self.assertContains(response, "bereits registriert", status_code=400)

    def test_logged_in_one_click_through_the_page(self):
        training = make_training(self.network)
        self.client.force_login(self.alice)
        response = self.client.post(f"/trainings/{training.public_id}/")
        self.assertEqual(response.status_code, 302)
        self.assertTrue(training.registrations.filter(user=self.alice).exists())
        response = self.client.post(f"/trainings/{training.public_id}/", follow=True)
        self.assertContains(response, "bereits angemeldet")

    def test_a_lapsed_confirmation_link_frees_the_address_and_it_is_deleted(self):
        # The link lives three days; after that the visitor may register again (not "please
        # confirm with the link we sent you", which no longer works), and the hourly job
        # deletes the address as the e-mail promises.
        training = make_training(self.network, audience=Audience.PUBLIC)
        first = services.registration_create(
            training=training, name="Vera Visitor", email="vera@example.org"
        )
        later = first.created_at + services.CONFIRM_MAX_AGE + dt.timedelta(minutes=1)
        with self.assertRaises(ValidationError):  # while the link works: confirm it
            services.registration_create(
                training=training,
                name="Vera Visitor",
                email="vera@example.org",
                now=first.created_at,
            )
        again = services.registration_create(
            training=training, name="Vera Visitor", email="vera@example.org", now=later
        )
        self.assertEqual(again.status, RS.PENDING)
        self.assertFalse(training.registrations.filter(pk=first.pk).exists())
        other = make_training(self.network, audience=Audience.PUBLIC)
        stale = services.registration_create(training=other, name="Otto", email="otto@example.org")
        self.assertEqual(services.unconfirmed_delete(now=stale.created_at), 0)
        self.assertEqual(services.unconfirmed_delete(now=later + services.CONFIRM_MAX_AGE), 2)
        self.assertFalse(training.registrations.exists() or other.registrations.exists())
