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
