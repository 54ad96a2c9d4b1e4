"""On the matching pages a blocker ("requires German C2") stands under "What doesn't fit",
apart from what fits; the page explains the percentage."""

import pytest
from django.urls import reverse

from dualcareer.cases.models import PartnerProfile
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import Matcher
from dualcareer.openings.matchmaking import adapter as matching_adapter
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase


@pytest.fixture(scope="module")
def lexical_matcher():
    return Matcher(OccupationLinker(OccupationCatalog.default(), None, vectors_path=None))


class FitsAndConcernsTests(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _matcher(self, lexical_matcher):
        self.matcher = lexical_matcher

    def setUp(self):
        self.case = make_case(self.inst, self.paula)  # German B2 in the profile
        self.opening = OpeningFactory(
            institution=self.inst,
            title_de="Laborleitung",
            description_de="Leitung eines Labors für Proteinanalytik",
        )
        self.opening.set_languages(["de"], {"de": "C2"})
        self.opening.save()

    def test_the_required_level_is_a_concern_not_a_fit(self):
        profile = PartnerProfile.objects.get(case=self.case)
        ranked = matching_adapter.rank_openings(profile, [self.opening], matcher=self.matcher)
        self.assertTrue(any("C2" in text for text in ranked[0].concerns))
        self.assertFalse(any("C2" in text for text in ranked[0].fits))
        self.assertEqual(set(ranked[0].reasons), {*ranked[0].fits, *ranked[0].concerns})

    def test_the_page_separates_them_in_words_and_explains_the_percentage(self):
        profile = PartnerProfile.objects.get(case=self.case)
        ranked = matching_adapter.rank_openings(profile, [self.opening], matcher=self.matcher)
        self.client.force_login(self.alice)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(
                "dualcareer.openings.matchmaking.rank_openings_for_profile",
                lambda *args, **kwargs: ranked,
            )
            response = self.client.get(reverse("openings:case_matches", args=[self.case.public_id]))
        self.assertContains(response, "Was passt")
        self.assertContains(response, "Was nicht passt")
        self.assertContains(response, "Was bedeutet die Prozentzahl?")
        concerns = response.content.decode().split('class="match-concerns"')[1]
        self.assertIn("C2", concerns.split("</ul>")[0])
