"""services.comment_add: members comment or ask; a question e-mails the authors."""

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from dualcareer.knowledge import services
from dualcareer.knowledge.models import ArticleComment, Visibility
from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class CommentAddTest(KnowledgeTestCase):
    def setUp(self):
        self.article = make_article(institution=self.inst, created_by=self.alice)

    def test_a_question_of_another_member_is_emailed_to_the_author(self):
        self.alice.language = "en"
        self.alice.save()
        comment = services.comment_add(
            actor=self.charlie,
            article=self.article,
            body="Wie finanzieren Sie das?",
            kind="question",
        )
        self.assertEqual(comment.institution, self.other_inst)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, [self.alice.email])
        self.assertIn("Question about your article", mail.outbox[0].subject)
        self.assertIn("/en/knowledge/articles/", mail.outbox[0].body)

    def test_a_comment_emails_nobody(self):
        services.comment_add(actor=self.emil, article=self.article, body="Danke!", kind="comment")
        self.assertEqual(mail.outbox, [])

    def test_non_members_are_refused_even_on_public_articles(self):
        public = make_article(institution=self.inst, visibility=Visibility.PUBLIC)
        for user in (self.nobody, self.paula):
            for article in (self.article, public):
                with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                    services.comment_add(actor=user, article=article, body="Hallo", kind="comment")
        self.assertFalse(ArticleComment.objects.exists())

    def test_markup_and_empty_text_are_refused(self):
        for body in ("", "<b>laut</b>"):
            with self.subTest(body=body), self.assertRaises(ValidationError) as caught:
                services.comment_add(
                    actor=self.bob, article=self.article, body=body, kind="comment"
                )
            self.assertIn("body", caught.exception.message_dict)
