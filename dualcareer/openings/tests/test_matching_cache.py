"""What matching keeps between requests: rankings, profile embeddings, the engine's views.

A cached ranking is never shown with an opening the reader may no longer
see; a changed profile or opening is ranked again; a profile's embedding is
stored and computed again only when its text changes.
"""

from datetime import date
from unittest import mock

import pytest
from django.core.cache import cache

from dualcareer.cases.models import PartnerProfile
from dualcareer.exchange.selectors import consented_profile_queryset
from dualcareer.matching import score as score_module
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import Matcher
from dualcareer.openings import selectors
from dualcareer.openings.matchmaking import adapter as matching_adapter
from dualcareer.openings.matchmaking import index as matching_index
from dualcareer.openings.models import Opening, ProfileEmbedding
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.openings.tests.test_matching_index import WordsEmbedder
from dualcareer.testing.base import BaseTestCase


@pytest.fixture(scope="module")
def lexical_matcher():
    return Matcher(OccupationLinker(OccupationCatalog.default(), None, vectors_path=None))


class CountingMatcher(Matcher):
    """The engine, counting its rankings."""

    rankings = 0
    profile_rankings = 0

    def rank_openings(self, *args, **kwargs):
        type(self).rankings += 1
        return super().rank_openings(*args, **kwargs)

    def rank_profiles(self, *args, **kwargs):
        type(self).profile_rankings += 1
        return super().rank_profiles(*args, **kwargs)


class MatchingCacheTests(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _index(self, monkeypatch, lexical_matcher):
        self.embedder = WordsEmbedder()
        monkeypatch.setattr(matching_index, "get_embedder", lambda: self.embedder)
        self.matcher = CountingMatcher(lexical_matcher.linker, embedder=self.embedder)
        CountingMatcher.rankings = 0
        CountingMatcher.profile_rankings = 0
        # One day for the whole test: a run across midnight would otherwise rank again.
        monkeypatch.setattr(matching_adapter, "_today", lambda: "2026-06-01")
        matching_index.get_index().reset()
        matching_adapter._PROFILES.clear()
        cache.clear()
        yield
        matching_index.get_index().reset()
        cache.clear()

    def _opening(self, **kwargs):
        kwargs.setdefault("institution", self.employer_inst)
        with self.captureOnCommitCallbacks(execute=True):
            opening = OpeningFactory(**kwargs)
            matching_index.embed_on_commit(opening)
        return opening

    def _rank(self, profile):
        return matching_adapter.rank_openings_for_profile(
            profile, selectors.opening_list(user=self.paula), matcher=self.matcher
        )

    def test_a_ranking_seen_again_is_not_computed_again(self):
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        lab = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        first = self._rank(profile)
        again = self._rank(profile)
        self.assertEqual(CountingMatcher.rankings, 1)
        self.assertEqual([r.item for r in again], [r.item for r in first])
        self.assertEqual(again[0].item, lab)
        self.assertEqual(again[0].reasons, first[0].reasons)
        self.assertEqual(again[0].fits, first[0].fits)

    def test_an_opening_the_reader_no_longer_sees_is_never_shown_from_the_cache(self):
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        lab = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        self._opening(title_de="Laborassistenz", description_de="Proteinanalytik")
        self.assertIn(lab, [r.item for r in self._rank(profile)])
        # Unpublished behind the index's back: no embedding is touched.
        Opening.objects.filter(pk=lab.pk).update(is_published=False)
        ranked = self._rank(profile)
        self.assertNotIn(lab, [r.item for r in ranked])
        self.assertEqual(CountingMatcher.rankings, 2)

    def _rank_uncached(self, profile):
        cache.clear()  # the rankings: computed again, the openings as the engine sees them kept
        with mock.patch.object(
            matching_index, "load_candidates", wraps=matching_index.load_candidates
        ) as load:
            ranked = self._rank(profile)
        loaded = [pk for call in load.call_args_list for pk in call.args[1]]
        return [(r.item, r.score, r.reasons, r.concerns) for r in ranked], loaded

    def test_an_opening_is_read_for_the_engine_once_until_it_changes(self):
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        lab = self._opening(
            title_de="Laborleitung", description_de="Proteinanalytik", hours_per_week=40
        )
        bus = self._opening(title_de="Busfahrerin", description_de="Linienverkehr")
        first, loaded = self._rank_uncached(profile)
        self.assertEqual(sorted(loaded), sorted([lab.pk, bus.pk]))
        again, loaded = self._rank_uncached(profile)
        self.assertEqual((again, loaded), (first, []))  # ranked again, nothing read again
        self.assertEqual(CountingMatcher.rankings, 2)
        # A changed opening (its save stamps it) is read again, the other one is not.
        lab.hours_per_week = 10
        with self.captureOnCommitCallbacks(execute=True):
            lab.save()
            matching_index.embed_on_commit(lab)
        changed, loaded = self._rank_uncached(profile)
        self.assertEqual(loaded, [lab.pk])
        prepared = matching_adapter._OPENINGS._entries[lab.pk][1]
        self.assertEqual(prepared.engine.hours_per_week, 10.0)
        # As a process that never saw either ranks them (the description is not kept).
        matching_adapter.clear_process_caches()
        cold, loaded = self._rank_uncached(profile)
        self.assertEqual(sorted(loaded), sorted([lab.pk, bus.pk]))
        self.assertEqual(changed, cold)
        self.assertNotEqual(changed, first)  # 10 hours against a full-time wish

    def test_the_masters_warm_up_prepares_the_live_openings(self):
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        lab = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        bus = self._opening(title_de="Busfahrerin", description_de="Linienverkehr")
        draft = self._opening(title_de="Laborassistenz", is_published=False)
        matching_adapter.clear_process_caches()
        self.assertEqual(matching_adapter.warm_openings(matcher=self.matcher), 2)
        self.assertEqual(set(matching_adapter._OPENINGS._entries), {lab.pk, bus.pk})
        self.assertNotIn(draft.pk, matching_adapter._OPENINGS._entries)
        ranked, loaded = self._rank_uncached(profile)
        self.assertEqual((loaded, ranked[0][0]), ([], lab))

    def test_a_full_cache_lets_the_longest_kept_go(self):
        first = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        second = self._opening(title_de="Busfahrerin", description_de="Linienverkehr")
        third = self._opening(title_de="Buchhalterin", description_de="Finanzen")
        cache_ = matching_adapter._OpeningCache()
        cache_.LIMIT = 2
        everything = Opening.objects.all()
        for opening in (first, second, third):
            cache_.get([(opening.pk, opening.updated_at)], everything, self.matcher)
        self.assertEqual(list(cache_._entries), [second.pk, third.pk])  # the oldest went
        got = cache_.get([(first.pk, first.updated_at)], everything, self.matcher)
        self.assertEqual(got[first.pk].engine.title, "Laborleitung")  # read again
        self.assertEqual(list(cache_._entries), [third.pk, first.pk])

    def test_a_prepared_opening_the_reader_no_longer_sees_is_not_ranked(self):
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        lab = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        self._opening(title_de="Laborassistenz", description_de="Proteinanalytik")
        self.assertIn(lab, [item for item, *_rest in self._rank_uncached(profile)[0]])
        self.assertIn(lab.pk, matching_adapter._OPENINGS._entries)
        Opening.objects.filter(pk=lab.pk).update(visibility="officers")  # same stamp
        ranked, _loaded = self._rank_uncached(profile)
        self.assertNotIn(lab, [item for item, *_rest in ranked])
        self.assertTrue(ranked)

    def test_a_changed_profile_is_ranked_and_embedded_again(self):
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        bus = self._opening(title_de="Busfahrerin", description_de="Linienverkehr")
        self._rank(profile)
        stored = ProfileEmbedding.objects.get(profile=profile)
        self._rank(profile)
        self.assertEqual(ProfileEmbedding.objects.get(profile=profile).vector, stored.vector)
        profile.desired_positions = "Busfahrerin"
        profile.professional_field = ""
        profile.experience = "Linienverkehr"
        profile.education = ""
        profile.save()
        ranked = self._rank(profile)
        self.assertEqual(CountingMatcher.rankings, 2)
        self.assertEqual(ranked[0].item, bus)
        self.assertNotEqual(
            ProfileEmbedding.objects.get(profile=profile).text_hash, stored.text_hash
        )

    def test_partners_for_an_opening_follow_profile_changes(self):
        opening = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        first = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        second = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        second.desired_positions = "Busfahrerin"
        second.professional_field = ""
        second.experience = "Linienverkehr"
        second.education = ""
        second.save()
        profiles = consented_profile_queryset(user=self.emil, opening=opening)
        ranked = matching_adapter.rank_profiles(opening, profiles, matcher=self.matcher)
        self.assertEqual([r.item for r in ranked], [first, second])
        self.assertEqual(ProfileEmbedding.objects.count(), 2)
        # The second partner changes their wish: the next ranking sees it.
        second.desired_positions = "Laborleitung"
        second.experience = "Proteinanalytik im Labor"
        second.save()
        first.desired_positions = "Busfahrerin"
        first.professional_field = ""
        first.experience = "Linienverkehr"
        first.education = ""
        first.save()
        ranked = matching_adapter.rank_profiles(opening, profiles, matcher=self.matcher)
        self.assertEqual([r.item for r in ranked], [second, first])

    def _rank_profiles(self, opening):
        profiles = consented_profile_queryset(user=self.emil, opening=opening)
        return matching_adapter.rank_profiles(opening, profiles, matcher=self.matcher)

    def test_partners_for_an_opening_seen_again_are_not_ranked_again(self):
        opening = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        lab = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        first = self._rank_profiles(opening)
        again = self._rank_profiles(opening)
        self.assertEqual(CountingMatcher.profile_rankings, 1)
        self.assertEqual([r.item for r in again], [lab])
        self.assertEqual(
            [(r.score, r.reasons, r.fits, r.concerns) for r in again],
            [(r.score, r.reasons, r.fits, r.concerns) for r in first],
        )
        # The profiles shown are read again: a cached ranking shows them as they are now.
        self.assertEqual(again[0].item.case.institution, self.inst)

    def test_the_warm_up_prepares_the_profiles_employers_may_be_shown(self):
        opening = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        shown = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        unshown = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("contact",)))
        closed = make_case(self.inst, None, scopes=("employers",))
        closed.status, closed.outcome, closed.closed_on = "closed", "withdrawn", date.today()
        closed.save()
        self.assertEqual(matching_adapter.warm_profiles(matcher=self.matcher), 1)
        self.assertEqual(set(matching_adapter._PROFILES._profiles), {shown.pk})
        self.assertEqual(set(matching_adapter._PROFILES._vectors), {shown.pk})
        self.assertEqual(ProfileEmbedding.objects.get().profile, shown)
        self.assertNotIn(unshown.pk, matching_adapter._PROFILES._profiles)  # no consent to show
        # The employer's first page then converts no profile.
        with mock.patch.object(
            matching_adapter, "profile_to_engine", side_effect=AssertionError("converted")
        ):
            ranked = self._rank_profiles(opening)
        self.assertEqual([r.item for r in ranked], [shown])

    def test_partners_ranked_again_when_consent_or_the_opening_changes(self):
        opening = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        first = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        self._rank_profiles(opening)
        # A partner consents: their profile is in the next ranking.
        second = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        self.assertEqual({r.item for r in self._rank_profiles(opening)}, {first, second})
        self.assertEqual(CountingMatcher.profile_rankings, 2)
        # A case closes: its profile leaves the consenting set and the ranking.
        case = first.case
        case.status, case.outcome, case.closed_on = "closed", "withdrawn", date.today()
        case.save()
        self.assertEqual([r.item for r in self._rank_profiles(opening)], [second])
        self.assertEqual(CountingMatcher.profile_rankings, 3)
        # The employer changes the opening: ranked again.
        opening.title_de = "Busfahrerin"
        opening.save()
        self._rank_profiles(opening)
        self.assertEqual(CountingMatcher.profile_rankings, 4)
        self._rank_profiles(opening)
        self.assertEqual(CountingMatcher.profile_rankings, 4)

    def test_a_profile_no_longer_consenting_is_never_shown_from_the_cache(self):
        opening = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        lab = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        profiles = consented_profile_queryset(user=self.emil, opening=opening)
        ranked = matching_adapter.rank_profiles(opening, profiles, matcher=self.matcher)
        self.assertEqual([r.item for r in ranked], [lab])
        # The same key (the consenting profiles and their stamps as before), but the
        # queryset the shown profiles are read through no longer holds the profile: a
        # consent withdrawn between the two reads of one request.
        narrowed = profiles.exclude(pk=lab.pk)
        narrowed.values_list = profiles.values_list  # the stamps: read before the withdrawal
        self.assertEqual(
            matching_adapter.rank_profiles(opening, narrowed, matcher=self.matcher), []
        )
        self.assertEqual(CountingMatcher.profile_rankings, 1)  # the cached ranking was used

    def test_only_the_default_matcher_has_the_same_key_in_every_process(self):
        other = Matcher(self.matcher.linker, embedder=self.embedder)
        self.assertNotEqual(
            matching_adapter._matcher_tag(self.matcher), matching_adapter._matcher_tag(other)
        )
        self.assertNotEqual(matching_adapter._matcher_tag(self.matcher), "default")
        with pytest.MonkeyPatch.context() as patch:
            patch.setitem(score_module._DEFAULT, "matcher", self.matcher)
            self.assertEqual(matching_adapter._matcher_tag(self.matcher), "default")
            self.assertNotEqual(matching_adapter._matcher_tag(other), "default")

    def test_a_new_day_ranks_again(self):
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        self._rank(profile)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(matching_adapter, "_today", lambda: "2026-06-02")
            self._rank(profile)
        self.assertEqual(CountingMatcher.rankings, 2)

    def test_a_cached_ranking_reads_the_shown_openings_in_one_query(self):
        """The visibility re-read: one query with the institution, no place read at all."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        for n in range(3):
            self._opening(
                title_de=f"Laborleitung {n}",
                description_de="Proteinanalytik",
                places=[("44801", "Bochum", 51.4447, 7.2617), ("10115", "Berlin", 52.53, 13.38)],
            )
        first = self._rank(profile)
        visible = selectors.opening_list(user=self.paula)
        with CaptureQueriesContext(connection) as queries:
            again = matching_adapter.rank_openings_for_profile(
                profile, visible, matcher=self.matcher
            )
            names = [r.item.institution.display_name for r in again]
        self.assertEqual(CountingMatcher.rankings, 1)
        self.assertEqual([r.item for r in again], [r.item for r in first])
        self.assertEqual(names, [self.employer_inst.display_name] * 3)
        opening_reads = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].startswith('SELECT "openings_opening"."id"')
        ]
        self.assertEqual(len(opening_reads), 1, opening_reads)
        self.assertIn("network_institution", opening_reads[0])
        self.assertFalse(
            [q for q in queries.captured_queries if "openings_openingplace" in q["sql"]]
        )

    def _profile_vectors(self, cache_, opening):
        """What `_rank_profiles` asks the profile cache for: (pks, matrix)."""
        profiles = consented_profile_queryset(user=self.emil, opening=opening)
        stamps = dict(profiles.values_list("pk", matching_index.change_stamp()))
        converted = cache_.get(stamps, profiles, {})
        return list(stamps), cache_.vectors(list(stamps), converted, self.matcher)

    def test_the_profiles_matrix_is_kept_until_a_profile_changes(self):
        opening = self._opening(title_de="Laborleitung", description_de="Proteinanalytik")
        lab = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        bus = PartnerProfile.objects.get(case=make_case(self.inst, None, scopes=("employers",)))
        kept = matching_adapter._ProfileCache()
        pks, first = self._profile_vectors(kept, opening)
        self.assertEqual(sorted(pks), sorted([lab.pk, bus.pk]))
        with self.assertRaises(ValueError):
            first[0, 0] = 1.0  # shared by every ranking that reads it: read-only
        # The same profiles, none changed: the kept matrix, without hashing a text again.
        with mock.patch.object(kept, "text_hash", side_effect=AssertionError("hashed")):
            _, again = self._profile_vectors(kept, opening)
        self.assertIs(again, first)
        # A profile changes: its row is the new text's embedding, as a cache without a past has it.
        bus.desired_positions = "Busfahrerin"
        bus.experience = "Linienverkehr"
        bus.save()
        pks, changed = self._profile_vectors(kept, opening)
        expected_pks, expected = self._profile_vectors(matching_adapter._ProfileCache(), opening)
        self.assertEqual(pks, expected_pks)
        self.assertEqual(changed.tolist(), expected.tolist())
        self.assertNotEqual(changed.tolist(), first.tolist())
        # A partner who withdraws consent: another set of profiles, another matrix.
        PartnerProfile.objects.filter(pk=lab.pk).get().case.consents.all().delete()
        pks, fewer = self._profile_vectors(kept, opening)
        self.assertEqual(pks, [bus.pk])
        self.assertEqual(fewer.tolist(), expected[expected_pks.index(bus.pk)][None, :].tolist())
