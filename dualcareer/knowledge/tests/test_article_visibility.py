"""selectors.articles_visible / article_get: members-only articles stay with the network."""

from typing import Any

from django.http import Http404

from dualcareer.knowledge import selectors
from dualcareer.knowledge.models import Visibility
from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase
from dualcareer.testing import factories as f


class ArticleVisibilityTest(KnowledgeTestCase):
    members_only: Any
    public: Any
    stranger: Any

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.members_only = make_article(institution=cls.inst, title="Intern")
        cls.public = make_article(institution=cls.inst, visibility=Visibility.PUBLIC)
        # A member of another network only: not a peer of `inst`.
        elsewhere = f.InstitutionFactory(name="Hochschule Anderswo")
        f.NetworkMembershipFactory(institution=elsewhere)
        cls.stranger = cls.make_user("stranger", elsewhere, "officer")

    def test_members_of_the_network_read_members_only_articles(self):
        for user in (self.alice, self.charlie, self.cora, self.emil):
            with self.subTest(user=user.email):
                self.assertEqual(
                    selectors.article_get(user=user, public_id=self.members_only.public_id),
                    self.members_only,
                )

    def test_non_members_read_only_public_articles(self):
        from django.contrib.auth.models import AnonymousUser

        for user in (AnonymousUser(), self.nobody, self.paula, self.stranger):
            with self.subTest(user=str(user)):
                visible = list(selectors.articles_visible(user=user))
                self.assertEqual(visible, [self.public])
                with self.assertRaises(Http404):
                    selectors.article_get(user=user, public_id=self.members_only.public_id)

    def test_a_member_whose_institution_left_the_network_is_refused(self):
        import datetime as dt

        membership = self.other_inst.memberships.get()
        membership.joined_on = dt.date(2020, 1, 1)
        membership.left_on = dt.date(2021, 1, 1)
        membership.save()
        with self.assertRaises(Http404):
            selectors.article_get(user=self.charlie, public_id=self.members_only.public_id)

    def test_the_article_page_hides_comments_and_versions_from_non_members(self):
        page = selectors.article_page(user=self.nobody, article=self.public)
        self.assertEqual((page.comments, page.versions, page.may_comment), ([], [], False))
        self.assertFalse(page.may_edit)
        page = selectors.article_page(user=self.bob, article=self.public)
        self.assertTrue(page.may_edit and page.may_comment)
