"""Standards: coordinators publish versions; readers see them as the network publishes them."""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from dualcareer.knowledge import selectors, services
from dualcareer.knowledge.models import StandardsCatalogue
from dualcareer.knowledge.tests.factories import make_catalogue
from dualcareer.knowledge.tests.helpers import KnowledgeTestCase
from dualcareer.testing import factories as f

CRITERION = {
    "code": "D1",
    "area": "data_protection",
    "title_de": "Einwilligung dokumentiert",
    "title_en": "Consent documented",
    "explanation_de": "Jede Weitergabe mit Einwilligung.",
    "explanation_en": "Every disclosure with consent.",
    "examples_de": "Formular\nLöschfristen",
    "examples_en": "Form\nRetention periods",
}


class StandardsServicesTest(KnowledgeTestCase):
    def test_a_change_publishes_a_new_version_and_keeps_the_old_one(self):
        first = make_catalogue(self.network)
        second = services.standards_item_save(
            network=self.network, actor=self.cora, kind="criterion", values=CRITERION
        )
        self.assertEqual(second.number, 2)
        self.assertEqual(
            list(second.criteria.values_list("code", flat=True)), ["A1", "B1", "C1", "D1"]
        )
        self.assertEqual(first.criteria.count(), 3)
        third = services.standards_item_save(
            network=self.network,
            actor=self.cora,
            kind="guideline",
            values={**CRITERION, "code": "E1", "title_de": "Neu", "title_en": "New"},
            original_code="E1",
        )
        self.assertEqual(third.guidelines.get().title_en, "New")
        self.assertEqual(first.guidelines.get().title_en, "Selection of the best")

    def test_a_duplicate_code_or_missing_title_is_refused(self):
        make_catalogue(self.network)
        with self.assertRaises(ValidationError) as caught:
            services.standards_item_save(
                network=self.network,
                actor=self.cora,
                kind="criterion",
                values={**CRITERION, "code": "A1"},
            )
        self.assertIn("code", caught.exception.message_dict)
        with self.assertRaises(ValidationError) as caught:
            services.standards_item_save(
                network=self.network,
                actor=self.cora,
                kind="criterion",
                values={**CRITERION, "title_en": ""},
            )
        self.assertIn("title_en", caught.exception.message_dict)

    def test_only_the_networks_coordinator_edits(self):
        make_catalogue(self.network)
        other_network = f.NetworkFactory(coordinating_institution=self.inst)
        for user in (self.alice, self.charlie, self.emil, self.nobody):
            with self.subTest(user=user.email), self.assertRaises(PermissionDenied):
                services.standards_item_save(
                    network=self.network, actor=user, kind="criterion", values=CRITERION
                )
        with self.assertRaises(PermissionDenied):
            services.standards_visibility_set(
                network=other_network, actor=self.cora, is_public=True
            )
        self.assertEqual(StandardsCatalogue.objects.count(), 1)

    def test_publishing_the_whole_catalogue(self):
        catalogue = services.catalogue_publish(
            network=self.network,
            actor=self.cora,
            criteria=[CRITERION],
            guidelines=[{**CRITERION, "code": "E1"}],
            is_public=True,
        )
        self.assertTrue(catalogue.is_public)
        self.assertEqual(catalogue.criteria.get().code, "D1")


class StandardsPageTest(KnowledgeTestCase):
    def test_members_only_standards_are_refused_to_outsiders(self):
        make_catalogue(self.network, is_public=False)
        page = selectors.standards_page(user=self.charlie, network=self.network)
        self.assertEqual(page.areas[0][0], "Leistungsangebot")
        self.assertFalse(page.may_manage)
        self.assertTrue(selectors.standards_page(user=self.cora, network=self.network).may_manage)
        for user in (AnonymousUser(), self.nobody, self.paula):
            with self.subTest(user=str(user)), self.assertRaises(Http404):
                selectors.standards_page(user=user, network=self.network)
        self.assertEqual(selectors.networks_with_standards(user=self.nobody), [])

    def test_public_standards_are_read_by_everybody(self):
        make_catalogue(self.network, is_public=True)
        page = selectors.standards_page(user=AnonymousUser(), network=self.network)
        self.assertEqual(len(page.guidelines), 1)
        self.assertEqual(selectors.networks_with_standards(user=AnonymousUser()), [self.network])
