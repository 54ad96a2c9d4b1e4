"""Idle timeout: officers, coordinators and administrators are logged out after 30 idle minutes."""

from __future__ import annotations

from unittest import mock

from django.test import override_settings
from django.urls import reverse

from dualcareer.core.idle import APPLIES_KEY, LAST_ACTIVITY_KEY
from dualcareer.testing.base import BaseTestCase

NOW = 1_800_000_000  # the idle clock is fixed: a slow machine cannot shift the limits


@override_settings(STAFF_IDLE_TIMEOUT_MINUTES=30)
class StaffIdleTimeoutTest(BaseTestCase):
    def setUp(self) -> None:
        clock = mock.patch("dualcareer.core.idle.time")
        clock.start().time.return_value = NOW
        self.addCleanup(clock.stop)

    def _idle(self, minutes: int) -> None:
        session = self.client.session
        session[LAST_ACTIVITY_KEY] = NOW - minutes * 60
        session.save()

    def test_an_officer_idle_for_31_minutes_is_logged_out_with_a_message(self):
        self.client.force_login(self.alice)
        self.client.get(reverse("site:dashboard"))
        self._idle(31)
        response = self.client.get(reverse("site:dashboard"), follow=True)
        login = reverse("accounts:login")
        self.assertEqual(response.redirect_chain[0][0], f"{login}?next=%2Fdashboard%2F")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertContains(response, "nach 30 Minuten ohne Aktivität abgemeldet")

    def test_an_officer_active_within_the_limit_stays_logged_in(self):
        self.client.force_login(self.alice)
        self.client.get(reverse("site:dashboard"))
        self._idle(29)
        response = self.client.get(reverse("site:dashboard"))
        self.assertEqual(response.status_code, 200)
        # The request counted as activity: the clock starts again.
        self.assertEqual(self.client.session[LAST_ACTIVITY_KEY], NOW)

    def test_a_coordinator_is_logged_out_too(self):
        self.client.force_login(self.cora)
        self.client.get(reverse("site:dashboard"))
        self._idle(45)
        response = self.client.get(reverse("site:dashboard"))
        self.assertEqual(response.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_partners_and_employer_contacts_keep_their_session(self):
        for user in (self.paula, self.emil):
            with self.subTest(user=user.email):
                self.client.force_login(user)
                self.client.get(reverse("site:dashboard"))
                self.assertFalse(self.client.session[APPLIES_KEY])
                self._idle(120)
                response = self.client.get(reverse("site:dashboard"))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(int(self.client.session["_auth_user_id"]), user.pk)

    def test_an_idle_post_is_not_carried_out(self):
        self.client.force_login(self.alice)
        self.client.get(reverse("site:dashboard"))
        self._idle(31)
        response = self.client.post(reverse("site:dashboard"), {"x": "1"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], reverse("accounts:login"))

    @override_settings(STAFF_IDLE_TIMEOUT_MINUTES=0)
    def test_zero_switches_it_off(self):
        self.client.force_login(self.alice)
        self.client.get(reverse("site:dashboard"))
        self._idle(600)
        self.assertEqual(self.client.get(reverse("site:dashboard")).status_code, 200)
