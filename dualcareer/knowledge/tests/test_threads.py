"""services.thread_open / post_reply / thread_moderate / post_hide and the thread selectors."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from dualcareer.knowledge import selectors, services
from dualcareer.knowledge.models import Thread
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class ThreadTest(KnowledgeTestCase):
    def open(self, actor=None):
        return services.thread_open(
            actor=actor or self.alice,
            network=self.network,
            title="Vetternwirtschaft oder Bestenauswahl?",
            body="Wie gehen Sie mit Wünschen nach Sonderbehandlung um?",
        )

    def test_members_open_and_reply_the_others_are_emailed_in_their_language(self):
        thread = self.open()
        self.charlie.language = "en"
        self.charlie.save()
        services.post_reply(actor=self.charlie, thread=thread, body="Transparente Kriterien.")
        self.assertEqual([m.to for m in mail.outbox], [[self.alice.email]])
        mail.outbox.clear()
        services.post_reply(actor=self.bob, thread=thread, body="Gleichbehandlung zuerst.")
        recipients = sorted(m.to[0] for m in mail.outbox)
        self.assertEqual(recipients, sorted([self.alice.email, self.charlie.email]))
        english = next(m for m in mail.outbox if m.to == [self.charlie.email])
        self.assertIn("New reply", english.subject)
        self.assertIn("/en/knowledge/discussions/", english.body)
        self.assertEqual(len(selectors.thread_posts(user=self.emil, thread=thread)), 3)

    def test_outsiders_may_neither_read_nor_write(self):
        thread = self.open()
        for user in (self.nobody, self.paula):
            with self.subTest(user=user.email):
                with self.assertRaises(PermissionDenied):
                    selectors.thread_list(user=user)
                with self.assertRaises(PermissionDenied):
                    selectors.thread_get(user=user, public_id=thread.public_id)
                with self.assertRaises(PermissionDenied):
                    services.post_reply(actor=user, thread=thread, body="Hallo")
                with self.assertRaises(PermissionDenied):
                    self.open(actor=user)

    def test_the_coordinator_locks_and_hides(self):
        thread = self.open()
        for user in (self.alice, self.charlie, self.emil):
            with self.assertRaises(PermissionDenied):
                services.thread_moderate(actor=user, thread=thread, locked=True)
        services.thread_moderate(actor=self.cora, thread=thread, locked=True)
        with self.assertRaises(ValidationError):
            services.post_reply(actor=self.bob, thread=thread, body="Noch etwas")
        services.thread_moderate(actor=self.cora, thread=thread, hidden=True)
        with self.assertRaises(Http404):
            selectors.thread_get(user=self.alice, public_id=thread.public_id)
        self.assertEqual(selectors.thread_get(user=self.cora, public_id=thread.public_id), thread)

    def test_a_hidden_post_is_seen_by_the_coordinator_only(self):
        thread = self.open()
        post = services.post_reply(actor=self.charlie, thread=thread, body="Grenzwertig")
        with self.assertRaises(PermissionDenied):
            services.post_hide(actor=self.alice, post=post, hidden=True)
        services.post_hide(actor=self.cora, post=post, hidden=True)
        self.assertEqual(len(selectors.thread_posts(user=self.alice, thread=thread)), 1)
        self.assertEqual(len(selectors.thread_posts(user=self.cora, thread=thread)), 2)

    def test_markup_is_refused(self):
        with self.assertRaises(ValidationError) as caught:
            services.thread_open(actor=self.alice, network=self.network, title="<i>x</i>", body="")
        self.assertEqual(set(caught.exception.message_dict), {"title", "body"})
        self.assertFalse(Thread.objects.exists())
