"""services.digest_send: each member gets what is new to them, in their language, once."""

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dualcareer.knowledge import services
from dualcareer.knowledge.models import Article
from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase
from dualcareer.testing import factories as f


class DigestSendTest(KnowledgeTestCase):
    def test_members_get_new_articles_once_in_their_language(self):
        self.charlie.language = "en"
        self.charlie.save()
        article = make_article(institution=self.inst, title="Neues Mentoring-Programm")
        now = timezone.now() + dt.timedelta(minutes=1)
        sent = services.digest_send(now=now)
        recipients = {message.to[0]: message for message in mail.outbox}
        # Officers, the coordinator and the employer contact of the network; not the others.
        self.assertEqual(
            set(recipients),
            {u.email for u in (self.alice, self.bob, self.charlie, self.cora, self.emil)},
        )
        self.assertEqual(sent, 5)
        english = recipients[self.charlie.email]
        self.assertEqual(english.subject, "New in the best-practice library")
        self.assertIn(article.title, english.body)
        self.assertIn(f"/en/knowledge/articles/{article.public_id}/", english.body)
        self.assertIn("Neu in der Praxisbibliothek", recipients[self.alice.email].subject)
        mail.outbox.clear()
        self.assertEqual(services.digest_send(now=now + dt.timedelta(days=1)), 0)
        self.assertEqual(mail.outbox, [])

    def test_old_articles_and_other_networks_articles_are_left_out(self):
        old = make_article(institution=self.inst)
        Article.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=30))
        elsewhere = f.InstitutionFactory()
        f.NetworkMembershipFactory(institution=elsewhere)
        make_article(institution=elsewhere, title="Fremd")
        out = StringIO()
        call_command("knowledge_digest", stdout=out)
        self.assertIn("0 digest", out.getvalue())
        self.assertEqual(mail.outbox, [])
