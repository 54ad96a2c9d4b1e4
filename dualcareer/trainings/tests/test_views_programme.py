"""The programme and a training's page: who sees what, the online link, meetings' minutes."""

from dualcareer.trainings import services
from dualcareer.trainings.models import Audience, Format, Kind, Status
from dualcareer.trainings.tests.factories import make_training
from dualcareer.trainings.tests.helpers import TrainingsTestCase


class ProgrammeTests(TrainingsTestCase):
    def setUp(self):
        super().setUp()
        self.officers = make_training(self.network, title_de="Nur für Mitglieder")
        self.public = make_training(
            self.network, title_de="Offener Netzwerkabend", audience=Audience.PUBLIC
        )
        self.partners = make_training(
            self.network, title_de="Bewerbungstraining", audience=Audience.PARTNERS
        )
        self.draft = make_training(self.network, title_de="Noch geheim", status=Status.DRAFT)

    def titles(self, user=None):
        if user:
            self.client.force_login(user)
        else:
            self.client.logout()
        return self.client.get("/trainings/").content.decode()

    def test_each_reader_sees_their_audiences(self):
        anonymous = self.titles()
        self.assertIn("Offener Netzwerkabend", anonymous)
        self.assertNotIn("Nur für Mitglieder", anonymous)
        self.assertNotIn("Bewerbungstraining", anonymous)
        partner = self.titles(self.paula)
        self.assertIn("Bewerbungstraining", partner)
        self.assertNotIn("Nur für Mitglieder", partner)
        member = self.titles(self.charlie)
        self.assertIn("Nur für Mitglieder", member)
        self.assertNotIn("Noch geheim", member)
        self.assertNotIn("Noch geheim", self.titles(self.cora))  # drafts: on the manage page

    def test_pages_the_reader_may_not_see_are_not_found(self):
        self.assertEqual(self.client.get(f"/trainings/{self.officers.public_id}/").status_code, 404)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(f"/trainings/{self.draft.public_id}/").status_code, 404)
        self.assertEqual(self.client.get(f"/trainings/{self.officers.public_id}/").status_code, 200)

    def test_the_online_link_is_shown_only_to_registered_participants(self):
        training = make_training(self.network, format=Format.ONLINE, capacity=1)
        self.client.force_login(self.alice)
        self.assertNotContains(
            self.client.get(f"/trainings/{training.public_id}/"), "meet.example.org"
        )
        services.registration_create(training=training, user=self.alice)
        self.assertContains(
            self.client.get(f"/trainings/{training.public_id}/"), "meet.example.org"
        )
        services.registration_create(training=training, user=self.bob)  # waiting list
        self.client.force_login(self.bob)
        self.assertNotContains(
            self.client.get(f"/trainings/{training.public_id}/"), "meet.example.org"
        )

    def test_meeting_minutes_are_shared_with_members_after_the_meeting(self):
        upcoming = make_training(self.network, kind=Kind.MEETING, minutes="Beschluss: Satzung")
        past = make_training(
            self.network, kind=Kind.MEETING, days=-30, minutes="Beschluss: Satzung"
        )
        self.client.force_login(self.charlie)
        self.assertNotContains(self.client.get(f"/trainings/{upcoming.public_id}/"), "Beschluss")
        self.assertContains(self.client.get(f"/trainings/{past.public_id}/"), "Beschluss: Satzung")
        self.client.force_login(self.paula)
        self.assertEqual(self.client.get(f"/trainings/{past.public_id}/").status_code, 404)

    def test_the_english_page_shows_the_english_title(self):
        response = self.client.get(f"/en/trainings/{self.public.public_id}/")
        self.assertContains(response, "Counselling in difficult situations")

    def test_session_dates_follow_the_page_language(self):
        from django.utils import formats, timezone, translation

        start = timezone.localtime(self.public.session_list()[0].starts_at)
        for prefix, language in (("", "de"), ("/en", "en")):
            with translation.override(language):
                expected = formats.date_format(start, "DATE_FORMAT")
                german_style = f"{start.day}. {formats.date_format(start, 'F')}"
            page = self.client.get(f"{prefix}/trainings/").content.decode()
            self.assertIn(expected, page)
            if language == "en":
                self.assertNotIn(german_style, page)  # "1. March": the German order

    def test_the_manage_page_is_for_coordinators(self):
        self.client.force_login(self.cora)
        self.assertContains(self.client.get("/trainings/manage/"), "Noch geheim")
        for person in (self.alice, self.charlie, self.paula):
            self.client.force_login(person)
            self.assertEqual(self.client.get("/trainings/manage/").status_code, 403)

    def test_a_long_programme_is_paged_and_the_filter_kept(self):
        from dualcareer.trainings.models import Topic
        from dualcareer.trainings.views.public import PER_PAGE

        for i in range(PER_PAGE + 2):
            make_training(
                self.network,
                days=30 + i,
                title_de=f"Coaching {i:03d}",
                audience=Audience.PUBLIC,
                topic=Topic.COACHING,
            )
        self.client.logout()
        first = self.client.get("/trainings/", {"topic": Topic.COACHING}).content.decode()
        self.assertIn(f"{PER_PAGE + 2} Veranstaltungen", first)  # the whole count, not the page's
        self.assertIn("Coaching 000", first)  # soonest first
        self.assertNotIn(f"Coaching {PER_PAGE:03d}", first)
        self.assertNotIn("Offener Netzwerkabend", first)  # another topic
        self.assertIn(f'href="?topic={Topic.COACHING}&amp;page=2"', first)
        second = self.client.get("/trainings/", {"topic": Topic.COACHING, "page": 2})
        self.assertContains(second, f"Coaching {PER_PAGE + 1:03d}")
        self.assertNotContains(second, "Coaching 000")
