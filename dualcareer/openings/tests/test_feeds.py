"""Members' job feeds against a local HTTP server (127.0.0.1, ephemeral port).

First run creates, a changed feed updates, a removed posting closes, an
unchanged feed (304) costs no parsing; the four kinds of feeds; repeated
failures flag the feed and e-mail its owner; the pages and who may use them.
"""

from __future__ import annotations

import io
import json
from typing import Any
from unittest import mock

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from dualcareer.core.models import AuditEntry, JobRun
from dualcareer.openings import feeds, importing
from dualcareer.openings.models import FeedKind, FeedSource, Opening
from dualcareer.openings.tests.feed_server import FeedServer
from dualcareer.openings.tests.test_openings_import import posting
from dualcareer.testing.base import BaseTestCase


def page(*postings: dict[str, Any]) -> str:
    blocks = "".join(
        f'<script type="application/ld+json">{json.dumps(p)}</script>' for p in postings
    )
    return f"<!DOCTYPE html><html><head><title>Jobs</title>{blocks}</head><body></body></html>"


PERSONIO = """<?xml version="1.0" encoding="UTF-8"?>
<workzag-jobs>
  <position>
    <id>1200345</id>
    <subcompany>Ruhrtal Energie GmbH</subcompany>
    <office>Essen</office>
    <additionalOffices><office>Bochum (Hybrid)</office></additionalOffices>
    <department>IT</department>
    <recruitingCategory>Engineering</recruitingCategory>
    <name>Backend Developer (m/w/d)</name>
    <jobDescriptions>
      <jobDescription>
        <name>Deine Aufgaben</name>
        <value><![CDATA[<ul><li>APIs in Python</li><li>Betrieb</li></ul>]]></value>
      </jobDescription>
      <jobDescription>
        <name>Dein Profil</name>
        <value><![CDATA[<p>Erfahrung mit Django</p>]]></value>
      </jobDescription>
    </jobDescriptions>
    <employmentType>permanent</employmentType>
    <seniority>experienced</seniority>
    <schedule>full-time</schedule>
    <yearsOfExperience>2-5</yearsOfExperience>
    <createdAt>2026-10-01T09:00:00+00:00</createdAt>
  </position>
  <position>
    <id>1200346</id>
    <office>Dortmund</office>
    <name>Werkstudent*in Marketing</name>
    <jobDescriptions>
      <jobDescription><name>Aufgaben</name><value><![CDATA[Social Media]]></value></jobDescription>
    </jobDescriptions>
    <employmentType>intern</employmentType>
    <schedule>part-time</schedule>
  </position>
</workzag-jobs>
"""


class FeedTestCase(BaseTestCase):
    server: FeedServer

    @classmethod
    def setUpClass(cls) -> None:
        super().setUpClass()
        cls.server = FeedServer().start()
        cls.addClassCleanup(cls.server.stop)

    def setUp(self) -> None:
        translation.activate("en")
        self.addCleanup(translation.deactivate)
        allow = override_settings(OPENINGS_FETCH_TEST_LOOPBACK_PORTS=(self.server.port,))
        allow.enable()
        self.addCleanup(allow.disable)

    def register(self, path: str, kind: str = FeedKind.PAGE) -> FeedSource:
        return feeds.feed_register(
            user=self.emil,
            institution=self.employer_inst,
            url=self.server.url(path),
            kind=kind,
            visibility="network",
        )

    def last_run(self, feed: FeedSource) -> JobRun:
        feed.refresh_from_db()
        assert feed.last_run is not None
        return feed.last_run

    def references(self, **filters: Any) -> set[str]:
        return set(Opening.objects.filter(**filters).values_list("reference", flat=True))


class FeedSyncTests(FeedTestCase):
    def test_first_run_creates_a_change_updates_a_removal_closes_and_304_is_not_parsed(self):
        self.server.set("/jobs", page(posting("F1"), posting("F2"), posting("F3")))
        feed = self.register("/jobs")  # the first run is queued at once (the suite runs it)
        self.assertEqual(self.references(feed=feed, is_published=True), {"F1", "F2", "F3"})
        self.assertEqual(self.last_run(feed).counts, {"created": 3})

        self.server.set("/jobs", page(posting("F1", title="Senior-Entwicklerin"), posting("F2")))
        feeds.feed_enqueue(feed=feed)
        run = self.last_run(feed)
        self.assertEqual(run.counts, {"updated": 1, "skipped": 1, "closed": 1})
        self.assertEqual(Opening.objects.get(reference="F1").title_de, "Senior-Entwicklerin")
        closed = Opening.objects.get(reference="F3")  # closed, not deleted
        self.assertFalse(closed.is_published)
        self.assertIsNotNone(closed.feed_closed_at)
        self.assertIn(
            "F3", [item["reference"] for item in run.report if item["status"] == "closed"]
        )

        with mock.patch.object(importing, "openings_import") as parse:
            feeds.feed_enqueue(feed=feed)
        self.assertFalse(parse.called)  # 304: nothing read, nothing parsed
        self.assertEqual(self.server.count("/jobs", 304), 1)
        run = self.last_run(feed)
        self.assertIn("304", run.report[0]["reason"])
        self.assertEqual(Opening.objects.filter(feed=feed).count(), 3)

        self.server.set(
            "/jobs", page(posting("F1", title="Senior-Entwicklerin"), posting("F2"), posting("F3"))
        )
        feeds.feed_enqueue(feed=feed)
        reopened = Opening.objects.get(reference="F3")
        self.assertTrue(reopened.is_published)
        self.assertIsNone(reopened.feed_closed_at)
        entry = AuditEntry.objects.filter(action="opening.imported").order_by("pk").last()
        assert entry is not None
        self.assertEqual(entry.data["feed"], str(feed.public_id))

    def test_an_opening_withdrawn_by_hand_is_not_published_again_by_the_feed(self):
        self.server.set("/hand", page(posting("H1")))
        feed = self.register("/hand")
        Opening.objects.filter(reference="H1").update(is_published=False)
        self.server.set("/hand", page(posting("H1", title="Neu")))
        feeds.feed_enqueue(feed=feed)
        self.assertFalse(Opening.objects.get(reference="H1").is_published)

    def test_a_json_feed(self):
        self.server.set(
            "/feed.json", json.dumps([posting("J1"), posting("J2")]), "application/json"
        )
        feed = self.register("/feed.json", FeedKind.JSON)
        self.assertEqual(self.references(feed=feed), {"J1", "J2"})

    def test_a_sitemap_of_posting_pages_without_identifiers(self):
        bare = [posting(f"S{n}", title=f"Stelle {n}") for n in (1, 2)]
        for item in bare:
            del item["identifier"]
        self.server.set("/stelle/1", page(bare[0]))
        self.server.set("/stelle/2", page(bare[1]))
        sitemap = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{self.server.url('/stelle/1')}</loc></url>"
            f"<url><loc>{self.server.url('/stelle/2')}</loc></url>"
            f"<url><loc>{self.server.url('/stelle/gone')}</loc></url>"
            "</urlset>"
        )
        self.server.set("/sitemap.xml", sitemap, "application/xml")
        feed = self.register("/sitemap.xml", FeedKind.SITEMAP)
        run = self.last_run(feed)
        self.assertEqual((run.counts.get("created"), run.counts.get("error")), (2, 1))
        self.assertEqual(
            self.references(feed=feed), {self.server.url("/stelle/1"), self.server.url("/stelle/2")}
        )
        self.assertIn("404", next(i for i in run.report if i["status"] == "error")["reason"])

    def test_a_personio_xml_feed(self):
        self.server.set("/xml", PERSONIO, "text/xml; charset=utf-8")
        feed = self.register("/xml", FeedKind.PERSONIO)
        developer = Opening.objects.get(reference="personio:1200345")
        self.assertEqual(developer.title_de, "Backend Developer (m/w/d)")
        self.assertEqual([p.city for p in developer.places.all()], ["Essen", "Bochum"])
        self.assertIn("• APIs in Python", developer.description_de)
        self.assertIn("Dein Profil", developer.description_de)
        self.assertEqual(
            (developer.working_time, developer.contract_type), ("full_time", "permanent")
        )
        self.assertEqual(developer.apply_url, self.server.url("/job/1200345"))
        student = Opening.objects.get(reference="personio:1200346")
        self.assertEqual(
            (student.working_time, student.contract_type), ("part_time", "traineeship")
        )
        self.assertEqual(self.references(feed=feed), {"personio:1200345", "personio:1200346"})

    def test_a_feed_of_the_wrong_kind_is_a_failure_with_a_reason(self):
        self.server.set("/not-personio", page(posting("X1")))
        feed = self.register("/not-personio", FeedKind.PERSONIO)
        feed.refresh_from_db()
        self.assertEqual(feed.failures, 1)
        self.assertIn("Personio", self.last_run(feed).report[0]["reason"])


class FeedFailureTests(FeedTestCase):
    def test_repeated_failures_flag_the_feed_and_mail_its_owner_once_in_their_language(self):
        self.emil.language = "de"
        self.emil.save(update_fields=["language"])
        self.server.set("/flaky", page(posting("K1")))
        feed = self.register("/flaky")
        self.server.fail("/flaky", 500)
        mail.outbox.clear()
        for _attempt in range(feeds.FLAG_AFTER + 1):
            feeds.feed_enqueue(feed=feed)
        feed.refresh_from_db()
        self.assertEqual(feed.failures, feeds.FLAG_AFTER + 1)
        self.assertIsNotNone(feed.flagged_at)
        self.assertIn("500", feed.last_error)
        self.assertEqual(len(mail.outbox), 1)  # once, not at every failure
        self.assertEqual(mail.outbox[0].to, [self.emil.email])
        self.assertIn("Job-Feed", mail.outbox[0].subject)  # German, the owner's language
        self.assertTrue(Opening.objects.get(reference="K1").is_published)  # nothing closed
        self.assertTrue(AuditEntry.objects.filter(action="feed.flagged").exists())
        self.server.set("/flaky", page(posting("K1")))
        feeds.feed_enqueue(feed=feed)
        feed.refresh_from_db()
        self.assertEqual((feed.failures, feed.flagged_at), (0, None))

    def test_the_owner_who_prefers_english_gets_the_mail_in_english(self):
        self.emil.language = "en"
        self.emil.save(update_fields=["language"])
        self.server.fail("/down", 503)
        feed = self.register("/down")
        mail.outbox.clear()
        for _attempt in range(feeds.FLAG_AFTER):
            feeds.feed_enqueue(feed=feed)
        self.assertEqual(len(mail.outbox), 1)
        self.assertIn("job feed", mail.outbox[0].subject)

    def test_feeds_sync_queues_one_run_per_active_feed(self):
        self.server.set("/a", page(posting("A1")))
        self.server.set("/b", page(posting("B1")))
        first, second = self.register("/a"), self.register("/b")
        FeedSource.objects.filter(pk=second.pk).update(is_active=False)
        before = JobRun.objects.count()
        out = io.StringIO()
        call_command("feeds_sync", stdout=out)
        self.assertIn("1 feed run(s) queued", out.getvalue())
        self.assertEqual(JobRun.objects.count(), before + 1)
        self.assertEqual(self.last_run(first).params["feed"], first.pk)


class FeedRegistrationTests(FeedTestCase):
    def test_outsiders_cannot_register_run_or_remove_a_feed(self):
        self.server.set("/jobs", page(posting("O1")))
        feed = self.register("/jobs")
        for outsider in (self.charlie, self.paula, self.nobody, self.alice):
            with self.subTest(user=outsider.email):
                with self.assertRaises(PermissionDenied):
                    feeds.feed_register(
                        user=outsider,
                        institution=self.employer_inst,
                        url=self.server.url("/other"),
                        kind=FeedKind.PAGE,
                        visibility="network",
                    )
                with self.assertRaises(PermissionDenied):
                    feeds.feed_run_now(user=outsider, feed=feed)
                with self.assertRaises(PermissionDenied):
                    feeds.feed_delete(user=outsider, feed=feed)
        self.assertEqual(FeedSource.objects.count(), 1)

    def test_a_private_address_is_refused_without_the_test_setting(self):
        with (
            override_settings(OPENINGS_FETCH_TEST_LOOPBACK_PORTS=()),
            self.assertRaises(ValidationError) as raised,
        ):
            self.register("/jobs")
        self.assertIn("private or local", str(raised.exception))
        self.assertFalse(FeedSource.objects.exists())

    def test_the_feeds_page_registers_a_feed_and_lists_it_with_its_report(self):
        self.server.set("/karriere", page(posting("P1")))
        self.client.force_login(self.emil)
        response = self.client.post(
            reverse("openings:feeds"),
            {
                "institution": self.employer_inst.pk,
                "url": self.server.url("/karriere"),
                "kind": "page",
                "visibility": "public",
            },
        )
        self.assertRedirects(response, reverse("openings:feeds"))
        feed = FeedSource.objects.get()
        self.assertEqual(Opening.objects.get(reference="P1").visibility, "public")
        listing = self.client.get(reverse("openings:feeds"))
        self.assertContains(listing, self.server.url("/karriere"))
        report_url = reverse("openings:import_progress", args=[self.last_run(feed).public_id])
        self.assertContains(listing, report_url)
        self.assertContains(self.client.get(report_url), "P1")
        run = self.client.post(reverse("openings:feed_run", args=[feed.public_id]))
        self.assertEqual(run.status_code, 302)
        self.client.post(reverse("openings:feed_delete", args=[feed.public_id]))
        self.assertFalse(FeedSource.objects.exists())
        self.assertTrue(Opening.objects.filter(reference="P1").exists())  # openings stay

    def test_the_feeds_page_in_german(self):
        translation.activate("de")
        self.client.force_login(self.emil)
        response = self.client.get(reverse("openings:feeds"))
        self.assertContains(response, "Job-Feeds")

    def test_outsiders_get_no_page_and_no_other_institutions_feed(self):
        self.server.set("/jobs", page(posting("O1")))
        feed = self.register("/jobs")
        for outsider in (self.paula, self.nobody):
            self.client.force_login(outsider)
            self.assertEqual(self.client.get(reverse("openings:feeds")).status_code, 403)
        self.client.force_login(self.charlie)  # an officer elsewhere: own page, not emil's feed
        self.assertNotContains(self.client.get(reverse("openings:feeds")), "/jobs")
        for name in ("openings:feed_run", "openings:feed_delete"):
            self.assertEqual(
                self.client.post(reverse(name, args=[feed.public_id])).status_code, 404
            )
        self.assertTrue(FeedSource.objects.filter(pk=feed.pk).exists())
