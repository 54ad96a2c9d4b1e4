"""The knowledge panel on the dashboard: members see it, partners and people without a role not."""

from django.urls import reverse

from dualcareer.knowledge.tests.factories import make_article
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase


class KnowledgePanelTest(KnowledgeTestCase):
    def test_members_see_the_panel_with_new_articles(self):
        make_article(institution=self.other_inst, title="Neu aus Dortmund")
        self.client.force_login(self.alice)
        response = self.client.get(reverse("site:dashboard"))
        self.assertContains(response, "Wissen und Qualität")
        self.assertContains(response, "Neu aus Dortmund")
        self.assertContains(response, reverse("knowledge:library"))

    def test_others_do_not(self):
        for user in (self.paula, self.nobody):
            self.client.force_login(user)
            response = self.client.get(reverse("site:dashboard"))
            self.assertNotContains(response, "Wissen und Qualität")
