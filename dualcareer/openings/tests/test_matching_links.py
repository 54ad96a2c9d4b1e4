"""Occupation links stored with the embeddings (issue 13).

Each opening's title and each profile's desired positions are linked to ESCO
when their embedding is computed and stored with it; rankings hand them to
the engine instead of linking again, with exactly the same result.
"""

import pytest
from django.core.cache import cache

from dualcareer.cases.models import PartnerProfile
from dualcareer.exchange.selectors import consented_profile_queryset
from dualcareer.matching import score
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import Matcher
from dualcareer.openings import selectors
from dualcareer.openings.matchmaking import adapter as matching_adapter
from dualcareer.openings.matchmaking import index as matching_index
from dualcareer.openings.models import OpeningEmbedding, ProfileEmbedding
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.openings.tests.test_matching_index import WordsEmbedder
from dualcareer.testing.base import BaseTestCase


@pytest.fixture(scope="module")
def lexical_matcher():
    return Matcher(OccupationLinker(OccupationCatalog.default(), None, vectors_path=None))


def _as_stored(links):
    return [[uri, value] for uri, value in links]


class StoredLinksTests(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _index(self, monkeypatch, lexical_matcher):
        self.embedder = WordsEmbedder()
        self.matcher = Matcher(lexical_matcher.linker, embedder=self.embedder)
        monkeypatch.setattr(matching_index, "get_embedder", lambda: self.embedder)
        monkeypatch.setattr(matching_index, "get_matcher", lambda embedder: self.matcher)
        self.monkeypatch = monkeypatch
        self.calls: list[str] = []
        original = OccupationLinker.link

        def counting(linker, text, *args, **kwargs):
            self.calls.append(text)
            return original(linker, text, *args, **kwargs)

        monkeypatch.setattr(OccupationLinker, "link", counting)
        self._cold()
        yield
        self._cold()

    def _cold(self):
        """A worker that has linked nothing yet."""
        matching_index.get_index().reset()
        matching_adapter.clear_process_caches()
        score._LINK_CACHE.clear()
        score._TARGETS.clear()
        cache.clear()
        self.calls.clear()

    def _opening(self, **kwargs):
        kwargs.setdefault("institution", self.employer_inst)
        with self.captureOnCommitCallbacks(execute=True):
            opening = OpeningFactory(**kwargs)
            matching_index.embed_on_commit(opening)
        return opening

    def _openings(self):
        return [
            self._opening(title_de="Laborleitung", description_de="Proteinanalytik im Labor"),
            self._opening(title_de="Softwareentwickler", description_de="Python im Labor"),
            self._opening(title_de="Buchhalterin", description_de="Finanzen der Abteilung"),
        ]

    def _profile(self, positions="Laborleitung\nSoftwareentwicklerin"):
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        profile.desired_positions = positions
        profile.save()
        return profile

    def _rank(self, profile):
        return [
            (r.item.pk, r.score, r.reasons, r.fits, r.concerns)
            for r in matching_adapter.rank_openings_for_profile(
                profile, selectors.opening_list(user=self.paula), matcher=self.matcher
            )
        ]

    def test_an_openings_links_are_stored_with_its_embedding(self):
        opening = self._opening(title_de="Buchhalterin", description_de="Finanzen")
        row = OpeningEmbedding.objects.get(opening=opening)
        self.assertEqual(row.links, _as_stored(self.matcher.links_for(["Buchhalterin"])[0]))
        self.assertEqual(row.links_key, self.matcher.links_key)

    def test_a_changed_title_is_linked_again(self):
        opening = self._opening(title_de="Buchhalterin", description_de="Finanzen")
        before = OpeningEmbedding.objects.get(opening=opening).links
        opening.title_de = "Busfahrerin"
        opening.save()
        matching_index.embed_openings([opening.pk])
        after = OpeningEmbedding.objects.get(opening=opening).links
        self.assertNotEqual(after, before)
        self.assertEqual(after, _as_stored(self.matcher.links_for(["Busfahrerin"])[0]))

    def test_rows_without_links_are_filled_by_the_sync(self):
        opening = self._opening(title_de="Buchhalterin", description_de="Finanzen")
        OpeningEmbedding.objects.update(links=None, links_key="")
        embedded, _touched = matching_index.sync_embeddings()
        self.assertEqual(embedded, 0)  # the text did not change: no new embedding
        row = OpeningEmbedding.objects.get(opening=opening)
        self.assertEqual(row.links, _as_stored(self.matcher.links_for(["Buchhalterin"])[0]))

    def test_a_warm_ranking_links_no_stored_title_and_ranks_as_without(self):
        openings = self._openings()
        profile = self._profile()
        first = self._rank(profile)  # stores the profile's embedding and links
        self.assertTrue(first)
        stored = ProfileEmbedding.objects.get(profile=profile).links
        self.assertEqual(set(stored), {"Laborleitung", "Softwareentwicklerin"})

        self._cold()
        with_stored = self._rank(profile)
        self.assertEqual(self.calls, [])  # neither a title nor a position linked again

        # The same ranking, linking everything on the fly, is identical.
        OpeningEmbedding.objects.update(links=None, links_key="")
        ProfileEmbedding.objects.update(links=None, links_key="")
        self.monkeypatch.setattr(matching_index, "get_matcher", lambda embedder: None)
        self._cold()
        on_the_fly = self._rank(profile)
        self.assertTrue(set(self.calls) >= {o.title_de for o in openings})
        self.assertEqual(with_stored, on_the_fly)

    def test_partners_for_an_opening_link_no_stored_position(self):
        opening = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        first = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        first.desired_positions = "Laborleiterin\nChemikerin"
        first.save()
        profiles = consented_profile_queryset(user=self.emil, opening=opening)
        warm = matching_adapter.rank_profiles(opening, profiles, matcher=self.matcher)
        self.assertEqual([r.item for r in warm], [first])
        self.assertTrue(ProfileEmbedding.objects.get(profile=first).links)

        self._cold()
        again = matching_adapter.rank_profiles(opening, profiles, matcher=self.matcher)
        self.assertEqual(self.calls, [])
        self.assertEqual(
            [(r.item, r.score, r.reasons) for r in again],
            [(r.item, r.score, r.reasons) for r in warm],
        )
