"""The discussion pages: members only, replies, moderation."""

from django.urls import reverse
from django.utils import translation

from dualcareer.knowledge.models import Thread
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class DiscussionPagesTest(KnowledgeTestCase):
    def setUp(self):
        translation.activate("en")
        self.addCleanup(translation.deactivate)

    def test_open_reply_and_moderate(self):
        self.client.force_login(self.alice)
        response = self.client.post(
            reverse("knowledge:thread_list"),
            {"network": self.network.slug, "title": "Sonderbehandlung?", "body": "Ihre Meinung?"},
        )
        thread = Thread.objects.get()
        detail = reverse("knowledge:thread_detail", args=[thread.public_id])
        self.assertRedirects(response, detail)
        self.client.force_login(self.charlie)
        self.assertRedirects(self.client.post(detail, {"body": "Gleichbehandlung."}), detail)
        moderate = reverse("knowledge:thread_moderate", args=[thread.public_id])
        self.assertEqual(self.client.post(moderate, {"action": "lock"}).status_code, 403)
        self.client.force_login(self.cora)
        self.assertRedirects(self.client.post(moderate, {"action": "lock"}), detail)
        self.assertEqual(self.client.post(moderate, {"action": "nonsense"}).status_code, 400)
        self.client.force_login(self.charlie)
        self.assertNotContains(self.client.get(detail), 'name="body"')

    def test_outsiders_are_refused(self):
        for user in (self.nobody, self.paula):
            self.client.force_login(user)
            self.assertEqual(self.client.get(reverse("knowledge:thread_list")).status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("knowledge:thread_list")).status_code, 302)

    def test_the_discussions_come_in_pages_newest_first_with_flat_queries(self):
        import datetime as dt

        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from dualcareer.knowledge.tests.factories import ThreadFactory
        from dualcareer.knowledge.views.member import THREADS_PER_PAGE

        start = timezone.now() - dt.timedelta(days=100)

        def add(first: int, count: int) -> None:
            for i in range(first, first + count):
                ThreadFactory(
                    network=self.network,
                    institution=self.inst,
                    title=f"Frage {i:03d}",
                    last_post_at=start + dt.timedelta(hours=i),
                )

        def queries() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(captured)

        url = reverse("knowledge:thread_list")
        self.client.force_login(self.charlie)
        add(0, 5)
        queries()  # per-process caches filled once
        few = queries()
        add(5, THREADS_PER_PAGE - 3)
        self.assertEqual(queries(), few)
        total = THREADS_PER_PAGE + 2
        first = self.client.get(url).content.decode()
        self.assertIn(f"Frage {total - 1:03d}", first)  # the latest post first
        self.assertNotIn("Frage 001", first)
        self.assertIn('href="?page=2"', first)
        second = self.client.get(url, {"page": 2}).content.decode()
        self.assertIn("Frage 000", second)
        self.assertIn("Frage 001", second)
        self.assertNotIn(f"Frage {total - 1:03d}", second)
