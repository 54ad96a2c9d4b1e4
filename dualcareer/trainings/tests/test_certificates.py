"""Attendance, the PDF certificate and the public verification of its code."""

import datetime as dt
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from pypdf import PdfReader

from dualcareer.trainings import services
from dualcareer.trainings.tests.factories import make_registration, make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase


class CertificateTests(TrainingsTestCase):
    def setUp(self):
        super().setUp()
        self.training = make_training(self.network, days=-3, hours=4)
        self.mine = make_registration(self.training, user=self.alice, name="Alice Anders")
        self.absent = make_registration(self.training, user=self.bob, name="Bob Berg")
        services.attendance_set(
            actor=self.cora, training=self.training, attended=[self.mine.public_id]
        )
        self.mine.refresh_from_db()
        self.absent.refresh_from_db()

    def test_attendees_get_a_code_of_at_least_ten_characters(self):
        self.assertTrue(self.mine.attended)
        self.assertGreaterEqual(len(self.mine.certificate_code), 10)
        self.assertFalse(self.absent.attended)
        self.assertIsNone(self.absent.certificate_code)

    def test_only_coordinators_mark_attendance_and_only_after_the_start(self):
        with self.assertRaises(PermissionDenied):
            services.attendance_set(actor=self.alice, training=self.training, attended=[])
        future = make_training(self.network)
        with self.assertRaises(ValidationError):
            services.attendance_set(actor=self.cora, training=future, attended=[])

    def test_the_attendee_downloads_the_certificate(self):
        self.client.force_login(self.alice)
        response = self.client.get(f"/trainings/mine/{self.mine.public_id}/certificate.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
        for part in (
            "Alice Anders",
            "Beratung in schwierigen Situationen",
            "4",
            self.mine.certificate_code,
        ):
            self.assertIn(part, text)
        self.assertIn(str(self.network), text)

    def test_nobody_else_downloads_it_and_absentees_have_none(self):
        self.client.force_login(self.bob)
        self.assertEqual(
            self.client.get(f"/trainings/mine/{self.mine.public_id}/certificate.pdf").status_code,
            404,
        )
        self.assertEqual(
            self.client.get(f"/trainings/mine/{self.absent.public_id}/certificate.pdf").status_code,
            404,
        )

    def test_the_public_page_confirms_a_valid_code(self):
        response = self.client.get(
            f"/trainings/verify/?code={str(self.mine.certificate_code).lower()}"
        )
        self.assertContains(response, "Alice Anders")
        self.assertContains(response, "gültig")
        response = self.client.get(f"/trainings/verify/{self.mine.certificate_code}/")
        self.assertContains(response, "Alice Anders")

    def test_an_unknown_code_shows_nothing_about_anybody(self):
        response = self.client.get("/trainings/verify/?code=ABCDEFGHJK")
        self.assertContains(response, "Keine Bescheinigung")
        self.assertNotContains(response, "Alice")
        self.assertEqual(self.client.get("/trainings/verify/ABCDEFGHJKMN/").status_code, 404)

    def test_removing_attendance_invalidates_the_code(self):
        code = self.mine.certificate_code
        services.attendance_set(actor=self.cora, training=self.training, attended=[])
        response = self.client.get(f"/trainings/verify/?code={code}")
        self.assertNotContains(response, "Alice Anders")

    def test_the_hours_are_the_sum_of_the_sessions(self):
        start = self.training.starts_at
        assert start is not None
        training = make_training(
            self.network,
            sessions=[
                (start, start + dt.timedelta(hours=3)),
                (start + dt.timedelta(days=1), start + dt.timedelta(days=1, hours=4, minutes=30)),
            ],
        )
        self.assertEqual(training.hours, Decimal("7.5"))
