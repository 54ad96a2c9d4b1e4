"""A partner profile is embedded after save by the services that save it (issue 13).

The profile services (`cases.services.profile_update`: the officer's edit and
the partner's own) send `profile_saved` explicitly after the save; the
openings app stores the profile's embedding and ESCO links once the
transaction commits, by the same code as `matching_index --sync`, and only
when the text changed.
"""

import pytest

from dualcareer.cases import services as case_services
from dualcareer.cases.models import PartnerProfile
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import Matcher
from dualcareer.openings.matchmaking import adapter as matching_adapter
from dualcareer.openings.matchmaking import index as matching_index
from dualcareer.openings.models import ProfileEmbedding
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.openings.tests.test_matching_index import FailingEmbedder, WordsEmbedder
from dualcareer.testing.base import BaseTestCase


@pytest.fixture(scope="module")
def lexical_matcher():
    return Matcher(OccupationLinker(OccupationCatalog.default(), None, vectors_path=None))


def _as_stored(links):
    return [[uri, value] for uri, value in links]


class ProfileEmbeddedAfterSaveTests(BaseTestCase):
    @pytest.fixture(autouse=True)
    def _index(self, monkeypatch, lexical_matcher):
        self.embedder = WordsEmbedder()
        self.matcher = Matcher(lexical_matcher.linker, embedder=self.embedder)
        monkeypatch.setattr(matching_index, "get_embedder", lambda: self.embedder)
        monkeypatch.setattr(matching_index, "get_matcher", lambda embedder: self.matcher)
        self.monkeypatch = monkeypatch
        matching_index.get_index().reset()
        yield
        matching_index.get_index().reset()

    def _platform_uses_embeddings(self):
        """An opening embedded by its service: the platform's index is in use."""
        with self.captureOnCommitCallbacks(execute=True):
            opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
            matching_index.embed_on_commit(opening)
        self.embedder.texts.clear()

    def _case(self):
        case = make_case(self.inst, self.paula)
        return case, PartnerProfile.objects.get(case=case)

    def _update(self, case, actor, **data):
        with self.captureOnCommitCallbacks(execute=True):
            case_services.profile_update(case=case, actor=actor, data=data)
        return PartnerProfile.objects.select_related("case__institution").get(case=case)

    def _engine_text(self, profile):
        converted = matching_adapter.profile_to_engine(profile, result_id="p")
        return Matcher.profile_text(converted), converted.desired_positions

    def test_the_officers_edit_stores_an_up_to_date_embedding_with_links(self):
        self._platform_uses_embeddings()
        case, _profile = self._case()
        profile = self._update(case, self.alice, desired_positions="Laborleiterin\nChemikerin")
        row = ProfileEmbedding.objects.get(profile=profile)
        text, positions = self._engine_text(profile)
        self.assertEqual(row.text_hash, matching_index.text_hash(text))
        self.assertEqual(row.model, self.embedder.name)
        self.assertEqual(self.embedder.texts, [text])
        links = row.links or {}
        self.assertEqual(set(links), {"Laborleiterin", "Chemikerin"})
        self.assertEqual(links["Chemikerin"], _as_stored(self.matcher.links_for(["Chemikerin"])[0]))
        self.assertEqual(row.links_key, self.matcher.links_key)
        self.assertEqual(positions, ("Laborleiterin", "Chemikerin"))

    def test_the_partners_own_edit_embeds_the_changed_text_again(self):
        self._platform_uses_embeddings()
        case, _profile = self._case()
        self._update(case, self.paula, desired_positions="Laborleiterin")
        first = ProfileEmbedding.objects.get(profile__case=case)
        profile = self._update(case, self.paula, desired_positions="Busfahrerin")
        row = ProfileEmbedding.objects.get(profile=profile)
        self.assertNotEqual(row.text_hash, first.text_hash)
        self.assertEqual(row.text_hash, matching_index.text_hash(self._engine_text(profile)[0]))
        self.assertEqual(set(row.links), {"Busfahrerin"})

    def test_a_save_without_text_change_does_not_embed_again(self):
        self._platform_uses_embeddings()
        case, _profile = self._case()
        self._update(case, self.alice, desired_positions="Laborleiterin")
        first = ProfileEmbedding.objects.get(profile__case=case)
        self.embedder.texts.clear()
        linked: list[str] = []
        original = Matcher.links_for

        def counting(matcher, texts):
            linked.extend(texts)
            return original(matcher, texts)

        self.monkeypatch.setattr(Matcher, "links_for", counting)
        # The phone is not part of the matched text: nothing is embedded or linked again.
        self._update(case, self.alice, phone="+49 234 555 0199")
        row = ProfileEmbedding.objects.get(profile__case=case)
        self.assertEqual(self.embedder.texts, [])
        self.assertEqual(linked, [])
        self.assertEqual((row.text_hash, row.updated_at), (first.text_hash, first.updated_at))

    def test_nothing_is_embedded_while_the_platform_stores_no_embedding(self):
        case, _profile = self._case()
        self._update(case, self.alice, desired_positions="Laborleiterin")
        self.assertFalse(ProfileEmbedding.objects.exists())
        self.assertEqual(self.embedder.texts, [])

    def test_a_failing_model_does_not_break_the_save(self):
        self._platform_uses_embeddings()
        case, _profile = self._case()
        self.monkeypatch.setattr(matching_index, "get_embedder", lambda: FailingEmbedder())
        with self.assertLogs("dualcareer.openings.matchmaking.adapter", "WARNING") as logs:
            profile = self._update(case, self.alice, desired_positions="Chemikerin")
        self.assertEqual(profile.desired_positions, "Chemikerin")
        self.assertFalse(ProfileEmbedding.objects.filter(profile=profile).exists())
        self.assertNotIn("Chemikerin", " ".join(logs.output))
        self.assertNotIn("Quellmalz", " ".join(logs.output))

    def test_outsider_cannot_trigger_an_embedding(self):
        self._platform_uses_embeddings()
        case, _profile = self._case()
        with (
            self.captureOnCommitCallbacks(execute=True),
            self.assertRaises(case_services.PermissionDenied),
        ):
            case_services.profile_update(
                case=case, actor=self.charlie, data={"desired_positions": "Chemikerin"}
            )
        self.assertFalse(ProfileEmbedding.objects.exists())
        self.assertEqual(self.embedder.texts, [])
