import dataclasses
from unittest import mock

import pytest
from django.urls import reverse

from dualcareer.cases.models import IDENTIFYING_FIELDS, PartnerProfile
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import Matcher
from dualcareer.openings.matchmaking import adapter as matching_adapter
from dualcareer.openings.matchmaking import index as matching_index
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase


@pytest.fixture(scope="module")
def lexical_matcher():
    """The engine without the embedding model (fast, deterministic enough for tests)."""
    return Matcher(OccupationLinker(OccupationCatalog.default(), None, vectors_path=None))


class AdapterConversionTests(BaseTestCase):
    def test_profile_conversion_carries_no_identifying_value(self):
        case = make_case(self.inst, self.paula, scopes=("employers",))
        profile = PartnerProfile.objects.get(case=case)
        converted = matching_adapter.profile_to_engine(profile, result_id="x")
        text = repr(dataclasses.asdict(converted))
        for name in IDENTIFYING_FIELDS:
            value = getattr(profile, name)
            if value and name != "cv":
                self.assertNotIn(str(value), text, name)
        self.assertIn("Laborleitung", converted.desired_positions)
        self.assertIsNotNone(converted.home)  # "Bochum" located by the gazetteer

    def test_opening_conversion(self):
        opening = OpeningFactory(institution=self.inst, languages=",de,en,")
        converted = matching_adapter.opening_to_engine(opening)
        self.assertEqual(converted.title, opening.title_de)
        self.assertEqual([lv.language for lv in converted.languages], ["de", "en"])
        assert converted.location is not None
        self.assertAlmostEqual(converted.location.lat, 51.4447, places=3)


@pytest.mark.usefixtures("lexical_matcher")
class RankingTests(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _matcher(self, lexical_matcher):
        self.matcher = lexical_matcher

    def test_openings_are_ranked_for_a_profile_with_reasons(self):
        case = make_case(self.inst, self.paula)
        profile = PartnerProfile.objects.get(case=case)
        lab = OpeningFactory(
            institution=self.inst,
            title_de="Laborleitung",
            description_de="Leitung eines Labors für Proteinanalytik",
        )
        other = OpeningFactory(
            institution=self.inst,
            title_de="Busfahrerin",
            description_de="Linienverkehr im Stadtgebiet",
        )
        ranked = matching_adapter.rank_openings(profile, [other, lab], matcher=self.matcher)
        self.assertEqual(ranked[0].item, lab)
        self.assertTrue(ranked[0].reasons)


class MatchViewTests(BaseTestCase):
    """Openings ranked for a partner: the officer's and the partner's pages."""

    @pytest.fixture(autouse=True)
    def _matcher(self, lexical_matcher, monkeypatch):
        monkeypatch.setattr(Matcher, "default", classmethod(lambda cls: lexical_matcher))

    def test_officer_sees_openings_ranked_for_the_case(self):
        case = make_case(self.inst, self.paula)
        OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        self.client.force_login(self.alice)
        response = self.client.get(reverse("openings:case_matches", args=[case.public_id]))
        self.assertContains(response, "Laborleitung")
        self.client.force_login(self.charlie)
        response = self.client.get(reverse("openings:case_matches", args=[case.public_id]))
        self.assertEqual(response.status_code, 404)

    def test_partner_sees_own_matches(self):
        make_case(self.inst, self.paula)
        OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        self.client.force_login(self.paula)
        self.assertContains(self.client.get(reverse("openings:my_matches")), "Laborleitung")
        self.client.force_login(self.nobody)
        self.assertEqual(self.client.get(reverse("openings:my_matches")).status_code, 404)

    def test_the_partners_matches_are_not_logged_as_a_view_of_their_case(self):
        """As on the partner's other pages but their case page (which does log it)."""
        from dualcareer.core.models import AuditEntry

        make_case(self.inst, self.paula)
        OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        self.client.force_login(self.paula)
        self.assertContains(self.client.get(reverse("openings:my_matches")), "Laborleitung")
        self.assertFalse(AuditEntry.objects.filter(action="case.viewed").exists())
        self.assertEqual(self.client.get(reverse("cases:my_case")).status_code, 200)
        self.assertEqual(AuditEntry.objects.filter(action="case.viewed").count(), 1)

    def test_the_partners_buttons_use_the_case_the_page_read(self):
        make_case(self.inst, self.paula)
        opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        self.client.force_login(self.paula)
        with mock.patch(
            "dualcareer.exchange.selectors.partner_case", side_effect=AssertionError("read again")
        ):
            response = self.client.get(reverse("openings:my_matches"))
        self.assertContains(response, reverse("exchange:opening_save", args=[opening.public_id]))


class PreselectedRankingTests(BaseTestCase):
    """`rank_openings_for_profile`: candidates from the vector index, re-ranked by the engine."""

    @pytest.fixture(autouse=True)
    def _index(self, monkeypatch, lexical_matcher):
        from dualcareer.openings.tests.test_matching_index import WordsEmbedder

        self.embedder = WordsEmbedder()
        monkeypatch.setattr(matching_index, "get_embedder", lambda: self.embedder)
        # The engine with the same stand-in model for its semantic signal.
        self.matcher = Matcher(lexical_matcher.linker, embedder=self.embedder)
        matching_index.get_index().reset()
        yield
        matching_index.get_index().reset()

    def _opening(self, **kwargs):
        kwargs.setdefault("institution", self.employer_inst)
        with self.captureOnCommitCallbacks(execute=True):
            opening = OpeningFactory(**kwargs)
            matching_index.embed_on_commit(opening)
        return opening

    def test_stored_vectors_are_reused_and_reasons_given(self):
        from dualcareer.openings import selectors

        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        lab = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        self._opening(title_de="Busfahrerin", description_de="Linienverkehr")
        self.embedder.texts.clear()
        ranked = matching_adapter.rank_openings_for_profile(
            profile, selectors.opening_list(user=self.paula), matcher=self.matcher
        )
        self.assertEqual(ranked[0].item, lab)
        self.assertTrue(ranked[0].reasons)
        # Only the profile text was embedded (once, for the index query); the openings'
        # vectors came from the index.
        self.assertEqual(len(self.embedder.texts), 1)

    def test_a_text_changed_since_its_embedding_is_embedded_as_it_is_now(self):
        from dualcareer.openings import selectors

        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        lab = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        lab.description_de = "Busverkehr"
        lab.save()  # the embedding after commit has not run: the index has the old text
        self.embedder.texts.clear()
        matching_adapter.rank_openings_for_profile(
            profile, selectors.opening_list(user=self.paula), matcher=self.matcher
        )
        self.assertIn("Laborleitung Busverkehr", self.embedder.texts)
        self.assertNotIn("Laborleitung Proteinanalytik", self.embedder.texts)

    def test_without_embeddings_the_newest_openings_are_ranked(self):
        from dualcareer.openings import selectors

        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        lab = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        ranked = matching_adapter.rank_openings_for_profile(
            profile, selectors.opening_list(user=self.paula), matcher=self.matcher
        )
        self.assertEqual([r.item for r in ranked][:1], [lab])

    def test_partner_view_ranks_through_the_index(self):
        make_case(self.inst, self.paula)
        self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        self._opening(title_de="Laborleitung intern", institution=self.inst, visibility="officers")
        with mock.patch.object(Matcher, "default", classmethod(lambda cls: self.matcher)):
            self.client.force_login(self.paula)
            response = self.client.get(reverse("openings:my_matches"))
        self.assertContains(response, "Laborleitung")
        self.assertNotContains(response, "Laborleitung intern")
