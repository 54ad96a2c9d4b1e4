"""iCalendar: per training and the personal feed, parsed back; times across DST changes."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from dualcareer.trainings import services
from dualcareer.trainings.models import Format
from dualcareer.trainings.tests.factories import make_registration, make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase

BERLIN = ZoneInfo("Europe/Berlin")


def last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


class CalendarTests(TrainingsTestCase):
    def dst_training(self, **kwargs):
        year = timezone.localdate().year + 1  # always in the future
        sessions = []
        for month in (3, 10):
            day = last_sunday(year, month)
            start = dt.datetime.combine(day, dt.time(10, 0), tzinfo=BERLIN)
            sessions.append((start, start + dt.timedelta(hours=2)))
        return make_training(self.network, sessions=sessions, **kwargs)

    def events(self, body: bytes) -> list:
        calendar = icalendar.Calendar.from_ical(body)
        return list(calendar.walk("VEVENT"))

    def test_sessions_on_both_dst_sundays_keep_their_local_time(self):
        training = self.dst_training()
        self.client.force_login(self.alice)
        response = self.client.get(f"/trainings/{training.public_id}/calendar.ics")
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        calendar = icalendar.Calendar.from_ical(response.content)
        self.assertTrue(calendar.walk("VTIMEZONE"))
        events = sorted(self.events(response.content), key=lambda e: e.decoded("dtstart"))
        self.assertEqual(len(events), 2)
        march, october = (e.decoded("dtstart") for e in events)
        # 10:00 local time on both days: UTC+2 after the March change, UTC+1 after October's.
        self.assertEqual((march.hour, october.hour), (10, 10))
        self.assertEqual(march.utcoffset(), dt.timedelta(hours=2))
        self.assertEqual(october.utcoffset(), dt.timedelta(hours=1))
        self.assertEqual(events[0]["dtstart"].params["TZID"], "Europe/Berlin")
        self.assertEqual(march.astimezone(dt.UTC).hour, 8)
        self.assertEqual(october.astimezone(dt.UTC).hour, 9)
        self.assertEqual(str(events[0]["summary"]), training.title_de)

    def test_the_online_link_is_only_in_participants_calendars(self):
        training = make_training(self.network, format=Format.ONLINE)
        self.client.force_login(self.alice)
        body = self.client.get(f"/trainings/{training.public_id}/calendar.ics").content
        self.assertNotIn(b"meet.example.org", body.replace(b"\r\n ", b""))
        services.registration_create(training=training, user=self.alice)
        body = self.client.get(f"/trainings/{training.public_id}/calendar.ics").content
        self.assertIn(b"meet.example.org", body.replace(b"\r\n ", b""))

    def test_invisible_trainings_have_no_calendar(self):
        training = make_training(self.network)
        response = self.client.get(f"/trainings/{training.public_id}/calendar.ics")
        self.assertEqual(response.status_code, 404)

    def test_the_personal_feed_lists_own_registrations_and_can_be_revoked(self):
        training = self.dst_training()
        other = make_training(self.network, title_de="Andere Schulung")
        services.registration_create(training=training, user=self.alice)
        services.registration_create(training=other, user=self.bob)
        token = services.feed_reset(user=self.alice)
        response = self.client.get(f"/trainings/feed/{token}.ics")  # no login: the token
        self.assertEqual(response.status_code, 200)
        summaries = {str(e["summary"]) for e in self.events(response.content)}
        self.assertEqual(summaries, {training.title_de})
        new = services.feed_reset(user=self.alice)
        self.assertEqual(self.client.get(f"/trainings/feed/{token}.ics").status_code, 404)
        self.assertEqual(self.client.get(f"/trainings/feed/{new}.ics").status_code, 200)
        services.feed_revoke(user=self.alice)
        self.assertEqual(self.client.get(f"/trainings/feed/{new}.ics").status_code, 404)

    def test_the_feed_is_managed_on_my_registrations(self):
        self.client.force_login(self.alice)
        response = self.client.post("/trainings/mine/", {"action": "feed_reset"})
        self.assertEqual(response.status_code, 302)
        page = self.client.get("/trainings/mine/")
        self.assertContains(page, "/trainings/feed/")
        self.assertEqual(self.client.post("/trainings/mine/", {"action": "x"}).status_code, 400)

    def test_the_feed_gives_the_online_link_only_to_confirmed_participants(self):
        # An offer not yet taken, or a cancelled event, shows the dates but not the room.
        offered = make_training(self.network, format=Format.ONLINE, title_de="Angebot")
        make_registration(offered, user=self.alice, status="offered")
        cancelled = make_training(self.network, format=Format.ONLINE, status="cancelled")
        make_registration(cancelled, user=self.alice)
        token = services.feed_reset(user=self.alice)
        body = self.client.get(f"/trainings/feed/{token}.ics").content.replace(b"\r\n ", b"")
        self.assertEqual(len(self.events(body)), 2)
        self.assertNotIn(b"meet.example.org", body)
        make_registration(make_training(self.network, format=Format.ONLINE), user=self.alice)
        body = self.client.get(f"/trainings/feed/{token}.ics").content.replace(b"\r\n ", b"")
        self.assertIn(b"meet.example.org", body)
