"""services.helpful_toggle: one mark per member, taken back by a second click."""

from django.core.exceptions import PermissionDenied

from dualcareer.knowledge import services
from dualcareer.knowledge.models import HelpfulMark, Visibility
from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class HelpfulToggleTest(KnowledgeTestCase):
    def test_mark_and_take_back(self):
        article = make_article(institution=self.inst)
        self.assertTrue(services.helpful_toggle(actor=self.charlie, article=article))
        self.assertTrue(services.helpful_toggle(actor=self.emil, article=article))
        self.assertEqual(HelpfulMark.objects.filter(article=article).count(), 2)
        self.assertFalse(services.helpful_toggle(actor=self.charlie, article=article))
        self.assertEqual(list(HelpfulMark.objects.values_list("user", flat=True)), [self.emil.pk])

    def test_non_members_are_refused(self):
        article = make_article(institution=self.inst, visibility=Visibility.PUBLIC)
        for user in (self.nobody, self.paula):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.helpful_toggle(actor=user, article=article)
        self.assertFalse(HelpfulMark.objects.exists())
