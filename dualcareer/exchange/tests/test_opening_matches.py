"""The employer's ranking of anonymised partner profiles for an opening (exchange)."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dualcareer.core.models import AuditEntry
from dualcareer.exchange.selectors import consented_profiles_for_opening
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import Matcher
from dualcareer.openings import matchmaking
from dualcareer.openings.tests.factories import OpeningFactory, make_case, withdraw
from dualcareer.testing.base import BaseTestCase


@pytest.fixture(scope="module")
def lexical_matcher():
    """The engine without the embedding model (fast, deterministic enough for tests)."""
    return Matcher(OccupationLinker(OccupationCatalog.default(), None, vectors_path=None))


class ConsentedProfilesTests(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _matcher(self, lexical_matcher):
        self.matcher = lexical_matcher

    def test_only_consented_profiles_reach_the_employer(self):
        opening = OpeningFactory(institution=self.employer_inst)
        covered = make_case(self.inst, self.paula, scopes=("employers",))
        make_case(self.inst, None, scopes=("academic",))
        profiles = consented_profiles_for_opening(user=self.emil, opening=opening)
        self.assertEqual([p.case for p in profiles], [covered])
        ranked = matchmaking.rank_profiles(opening, profiles, matcher=self.matcher)
        self.assertEqual(len(ranked), 1)
        withdraw(covered, "employers")
        self.assertEqual(consented_profiles_for_opening(user=self.emil, opening=opening), [])

    def test_outsider_cannot_list_profiles_for_an_opening(self):
        opening = OpeningFactory(institution=self.employer_inst)
        for outsider in (self.charlie, self.alice, self.paula):
            with self.assertRaises(PermissionDenied):
                consented_profiles_for_opening(user=outsider, opening=opening)
        self.client.force_login(self.charlie)
        url = reverse("exchange:opening_matches", args=[opening.public_id])
        self.assertEqual(self.client.get(url).status_code, 404)


class OpeningMatchesViewTests(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _matcher(self, lexical_matcher, monkeypatch):
        monkeypatch.setattr(Matcher, "default", classmethod(lambda cls: lexical_matcher))

    def test_employer_sees_ranked_anonymised_profiles(self):
        opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        make_case(self.inst, self.paula, scopes=("employers",))
        self.client.force_login(self.emil)
        response = self.client.get(reverse("exchange:opening_matches", args=[opening.public_id]))
        self.assertContains(response, "Massenspektrometrie")
        for secret in ("Petra", "Quellmalz", "petra.quellmalz", "Wanne-Eickel"):
            self.assertNotContains(response, secret)

    def test_each_profile_shown_to_the_employer_is_audited_once_without_personal_data(self):
        opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        cases = [make_case(self.inst, None, scopes=("employers",)) for _ in range(2)]
        url = reverse("exchange:opening_matches", args=[opening.public_id])
        self.client.force_login(self.emil)
        self.client.get(url)
        self.client.get(url)  # a reload within the period adds nothing
        entries = AuditEntry.objects.filter(action="opening.profile_viewed")
        self.assertEqual(
            sorted(e.target_id for e in entries), sorted(str(case.pk) for case in cases)
        )
        by_pk = {str(case.pk): case for case in cases}
        for entry in entries:
            self.assertEqual(entry.actor, self.emil)
            # about the case: only the case's readers see it on the audit page
            self.assertEqual(entry.about_case, by_pk[entry.target_id].public_id)
            self.assertEqual(entry.data["opening"], str(opening.public_id))
            self.assertEqual(entry.data["employer"], self.employer_inst.pk)
            for secret in ("Petra", "Quellmalz", "petra", "Bochum"):
                self.assertNotIn(secret, str(entry.data))

    def test_the_ranking_costs_the_same_queries_for_one_profile_or_many(self):
        opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        url = reverse("exchange:opening_matches", args=[opening.public_id])
        self.client.force_login(self.emil)
        counts = []
        for _round in range(2):
            make_case(self.inst, None, scopes=("employers",))
            make_case(self.inst, None, scopes=("employers",))
            AuditEntry.objects.filter(action="opening.profile_viewed").delete()
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            counts.append(len(queries))
        self.assertEqual(AuditEntry.objects.filter(action="opening.profile_viewed").count(), 4)
        self.assertEqual(counts[0], counts[1])
