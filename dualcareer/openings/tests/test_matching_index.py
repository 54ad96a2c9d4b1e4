import datetime as dt
import re
import zlib
from unittest import mock

import numpy as np
import pytest
from django.core.management import call_command
from django.utils import timezone

from dualcareer.cases.models import PartnerProfile
from dualcareer.matching.occupations import OccupationCatalog, OccupationLinker
from dualcareer.matching.score import Matcher
from dualcareer.matching.vectors import default_embedder
from dualcareer.openings import selectors, services
from dualcareer.openings.matchmaking import adapter as matching_adapter
from dualcareer.openings.matchmaking import index as matching_index
from dualcareer.openings.models import Opening, OpeningEmbedding, Visibility
from dualcareer.openings.tests.factories import OpeningFactory, make_case
from dualcareer.testing.base import BaseTestCase


class WordsEmbedder:
    """Deterministic stand-in for the model: hashed bag of words, unit length."""

    name = "test-words"
    dim = 64

    def __init__(self) -> None:
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts.extend(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[i, zlib.crc32(word.encode()) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        np.divide(out, norms, out=out, where=norms > 0)
        return out


class FailingEmbedder:
    name = "test-words"
    dim = 64

    def embed(self, texts):
        raise RuntimeError("model not available")


@pytest.fixture(scope="module")
def lexical_matcher():
    return Matcher(OccupationLinker(OccupationCatalog.default(), None, vectors_path=None))


class IndexTestCase(BaseTestCase):
    embedder_class: type = WordsEmbedder

    @pytest.fixture(autouse=True)
    def _setup_index(self, monkeypatch, lexical_matcher):
        self.embedder = self.embedder_class()
        self.matcher = lexical_matcher
        monkeypatch.setattr(matching_index, "get_embedder", lambda: self.embedder)
        matching_index.get_index().reset()
        yield
        matching_index.get_index().reset()

    def create(self, **kwargs):
        """Create an opening the way a service does; run the after-commit embedding."""
        kwargs.setdefault("institution", self.employer_inst)
        with self.captureOnCommitCallbacks(execute=True):
            opening = OpeningFactory(**kwargs)
            matching_index.embed_on_commit(opening)
        return opening

    def save(self, opening, **fields):
        for name, value in fields.items():
            setattr(opening, name, value)
        with self.captureOnCommitCallbacks(execute=True):
            opening.save()
            matching_index.embed_on_commit(opening)

    def nearest(self, text, *, user=None, k=10):
        visible = selectors.opening_list(user=user or self.alice)
        found = matching_index.nearest_visible(visible, text, k=k)
        assert found is not None
        rows = matching_index.load_candidates(visible, [pk for pk, _stamp in found[0]])
        return [o.title_de for o in rows]


class EmbeddingStoreTests(IndexTestCase):
    def test_saving_an_opening_stores_its_embedding(self):
        opening = self.create(title_de="Laborleitung", description_de="Proteinanalytik")
        row = OpeningEmbedding.objects.get(opening=opening)
        self.assertEqual(row.model, "test-words")
        self.assertEqual(row.text_hash, matching_index.text_hash("Laborleitung Proteinanalytik"))
        self.assertEqual(len(bytes(row.vector)), 64 * 4)

    def test_the_opening_services_embed_after_commit_and_follow_publication(self):
        with self.captureOnCommitCallbacks(execute=True):
            opening = services.opening_create(
                user=self.emil,
                institution=self.employer_inst,
                data={
                    "title_de": "Laborleitung",
                    "description_de": "Proteinanalytik",
                    "occupation_field": "research",
                    "contract_type": "permanent",
                    "visibility": "network",
                },
                places=[{"postcode": "44801"}],
            )
        row = OpeningEmbedding.objects.get(opening=opening)
        self.assertEqual(row.text_hash, matching_index.text_hash("Laborleitung Proteinanalytik"))
        with self.captureOnCommitCallbacks(execute=True):
            services.opening_set_published(user=self.emil, opening=opening, published=False)
        self.assertGreater(OpeningEmbedding.objects.get(opening=opening).updated_at, row.updated_at)

    def test_text_is_the_text_the_engine_embeds(self):
        opening = self.create(title_de="", title_en="Lab manager", description_en="Proteins")
        engine_opening = matching_adapter.opening_to_engine(opening)
        self.assertEqual(matching_index.opening_text(opening), Matcher.opening_text(engine_opening))

    def test_unchanged_text_is_not_embedded_again(self):
        opening = self.create(title_de="Laborleitung")
        self.embedder.texts.clear()
        self.save(opening, hours_per_week=20)
        self.assertEqual(self.embedder.texts, [])
        self.assertEqual(matching_index.embed_openings([opening.pk]), (0, 1))

    def test_failing_embedder_does_not_break_saving(self):
        self.embedder = FailingEmbedder()
        with self.assertLogs("dualcareer.openings.matchmaking.index", "WARNING") as logs:
            opening = self.create(title_de="Laborleitung Petra Quellmalz")
        self.assertTrue(Opening.objects.filter(pk=opening.pk).exists())
        self.assertFalse(OpeningEmbedding.objects.exists())
        self.assertNotIn("Quellmalz", "".join(logs.output))
        # The scheduled command catches up once the model works again.
        self.embedder = WordsEmbedder()
        call_command("matching_index", "--sync", stdout=open("/dev/null", "w"))  # noqa: SIM115
        self.assertTrue(OpeningEmbedding.objects.filter(opening=opening).exists())

    def test_command_embeds_bulk_imported_openings_and_rebuilds(self):
        Opening.objects.bulk_create(
            [
                Opening(
                    institution=self.employer_inst, title_de=f"Gärtnerin {i}", is_published=True
                )
                for i in range(3)
            ]
        )
        self.assertEqual(matching_index.sync_embeddings(), (3, 0))
        self.assertEqual(matching_index.sync_embeddings(), (0, 0))
        self.assertEqual(matching_index.sync_embeddings(rebuild=True), (3, 0))


class PreselectionTests(IndexTestCase):
    def test_new_opening_is_found_without_a_rebuild(self):
        self.create(title_de="Busfahrerin", description_de="Linienverkehr")
        self.assertEqual(self.nearest("Laborleitung", k=1), ["Busfahrerin"])  # index built
        self.create(title_de="Laborleitung", description_de="Proteinanalytik")
        self.assertEqual(self.nearest("Laborleitung Proteinanalytik", k=1), ["Laborleitung"])

    def test_edited_opening_is_embedded_again(self):
        opening = self.create(title_de="Busfahrerin")
        self.create(title_de="Köchin")
        self.assertEqual(self.nearest("Laborleitung Labor", k=2)[-1:], ["Köchin"])
        self.save(opening, title_de="Laborleitung", description_de="Labor")
        self.assertEqual(self.nearest("Laborleitung Labor", k=1), ["Laborleitung"])
        row = OpeningEmbedding.objects.get(opening=opening)
        self.assertEqual(row.text_hash, matching_index.text_hash("Laborleitung Labor"))

    def test_unpublished_and_expired_openings_leave_the_index(self):
        unpublished = self.create(title_de="Laborleitung A")
        expired = self.create(title_de="Laborleitung B")
        self.create(title_de="Köchin")
        index = matching_index.get_index()
        self.assertEqual(len(self.nearest("Laborleitung", k=3)), 3)
        self.save(unpublished, is_published=False)
        self.assertEqual(sorted(self.nearest("Laborleitung", k=3)), ["Köchin", "Laborleitung B"])
        self.assertNotIn(unpublished.pk, index)
        # A closing date passing changes no row: the periodic reconciliation sees it.
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        Opening.objects.filter(pk=expired.pk).update(closing_date=yesterday)
        self.assertEqual(self.nearest("Laborleitung", k=3), ["Köchin"])  # scoped by the DB
        index.expire()
        self.nearest("Laborleitung", k=3)
        self.assertNotIn(expired.pk, index)
        self.assertEqual(len(index), 1)

    def test_deleted_opening_leaves_the_index(self):
        opening = self.create(title_de="Laborleitung")
        self.nearest("Laborleitung")
        opening.delete()
        index = matching_index.get_index()
        self.assertEqual(self.nearest("Laborleitung"), [])
        index.expire()
        visible = selectors.opening_list(user=self.alice)
        self.assertIsNone(matching_index.nearest_visible(visible, "Laborleitung"))  # empty again
        self.assertEqual(len(index), 0)

    def test_reconciliation_does_not_depend_on_the_machine_uptime(self):
        # A monotonic clock starts near zero after a boot: a forced (or first periodic)
        # reconciliation must still happen when the machine has been up for one second.
        opening = self.create(title_de="Laborleitung")
        with mock.patch.object(matching_index.time, "monotonic", return_value=1.0):
            self.nearest("Laborleitung")
            index = matching_index.get_index()
            Opening.objects.filter(pk=opening.pk).update(
                closing_date=timezone.localdate() - dt.timedelta(days=1)
            )
            # Embedded long ago: only a reconciliation (not the recent-changes sync) sees it.
            OpeningEmbedding.objects.filter(opening=opening).update(
                updated_at=timezone.now() - dt.timedelta(days=1)
            )
            index.expire()
            matching_index.nearest_visible(selectors.opening_list(user=self.alice), "Laborleitung")
        self.assertNotIn(opening.pk, index)

    def test_officer_only_opening_never_reaches_a_partner(self):
        make_case(self.inst, self.paula)
        self.create(
            title_de="Laborleitung intern", institution=self.inst, visibility=Visibility.OFFICERS
        )
        self.create(title_de="Laborleitung öffentlich", visibility=Visibility.PUBLIC)
        self.assertIn("Laborleitung intern", self.nearest("Laborleitung", user=self.alice))
        self.assertEqual(self.nearest("Laborleitung", user=self.paula), ["Laborleitung öffentlich"])
        self.assertEqual(
            self.nearest("Laborleitung", user=self.nobody), ["Laborleitung öffentlich"]
        )

    def test_search_widens_when_the_reader_sees_few_of_the_nearest(self):
        for i in range(12):
            self.create(
                title_de=f"Laborleitung {i}", institution=self.inst, visibility=Visibility.OFFICERS
            )
        self.create(title_de="Köchin")
        self.assertEqual(self.nearest("Laborleitung", user=self.nobody, k=2), ["Köchin"])

    def test_index_written_by_one_process_is_read_by_another(self):
        # Two handles on the same directory stand for two worker processes.
        other = matching_index.OpeningIndex(directory=matching_index.get_index().directory)
        lab = self.create(title_de="Laborleitung")
        self.assertEqual(self.nearest("Laborleitung", k=1), ["Laborleitung"])  # builds the file
        other.store(self.embedder.dim).refresh()  # no sync: reads what the first one wrote
        self.assertEqual(other.search(self.embedder.embed(["Laborleitung"])[0], 1), [lab.pk])
        self.save(lab, is_published=False)
        self.create(title_de="Köchin")
        other.sync(model=self.embedder.name, dim=self.embedder.dim)  # now the other one writes
        self.assertNotIn(lab.pk, other)
        self.assertEqual(self.nearest("Laborleitung", k=4), ["Köchin"])
        self.assertEqual(len(matching_index.get_index()), 1)

    def test_candidate_vectors_come_from_the_index_unless_the_text_changed(self):
        lab = self.create(title_de="Laborleitung", description_de="Proteinanalytik")
        self.nearest("Laborleitung")  # synced
        digest = matching_index.short_hash(matching_index.text_hash("Laborleitung Proteinanalytik"))
        self.embedder.texts.clear()
        texts = {lab.pk: "Laborleitung Busverkehr"}
        same = matching_index.candidate_vectors([(lab.pk, digest)], lambda pks: texts)
        self.assertEqual(self.embedder.texts, [])
        changed = matching_index.candidate_vectors([(lab.pk, digest + 1)], lambda pks: texts)
        self.assertEqual(self.embedder.texts, ["Laborleitung Busverkehr"])
        self.assertFalse(np.allclose(same, changed))
        # Deleted meanwhile (no text any more): a row all the same, no error.
        gone = matching_index.candidate_vectors([(lab.pk + 99, 1)], lambda pks: {})
        self.assertEqual(gone.shape, (1, self.embedder.dim))

    def test_no_embeddings_means_no_preselection(self):
        OpeningFactory(institution=self.employer_inst)  # on_commit not run: nothing embedded
        visible = selectors.opening_list(user=self.alice)
        self.assertIsNone(matching_index.nearest_visible(visible, "Laborleitung"))

    def test_unavailable_model_means_no_preselection(self):
        self.create(title_de="Laborleitung")
        self.embedder = FailingEmbedder()
        with self.assertLogs("dualcareer.openings.matchmaking.index", "WARNING"):
            found = matching_index.nearest_visible(selectors.opening_list(user=self.alice), "Labor")
        self.assertIsNone(found)


class RealModelPreselectionTests(IndexTestCase):
    """With the engine's model: one relevant opening among 320 irrelevant, older than all."""

    embedder_class = staticmethod(default_embedder)

    def test_relevant_opening_is_found_among_many_that_the_newest_rule_missed(self):
        now = timezone.now()
        kinds = ["Busfahrer/in im Linienverkehr", "Koch/Köchin in der Kantine",
                 "Verkäufer/in im Einzelhandel", "Gärtner/in im Stadtpark",
                 "Berufskraftfahrer/in Nahverkehr", "Reinigungskraft im Krankenhaus",
                 "Maurer/in im Hochbau", "Friseur/in im Salon"]  # fmt: skip
        irrelevant = [
            Opening(
                institution=self.employer_inst,
                title_de=f"{kinds[i % len(kinds)]} ({i})",
                description_de="Unbefristet, Vollzeit.",
                published_at=now - dt.timedelta(minutes=i),
            )
            for i in range(320)
        ]
        relevant = Opening(
            institution=self.employer_inst,
            title_de="Leitung Proteinlabor (m/w/d)",
            description_de="Sie leiten unser Labor für Proteinanalytik und Massenspektrometrie.",
            published_at=now - dt.timedelta(days=30),
        )
        Opening.objects.bulk_create([*irrelevant, relevant])
        self.assertEqual(matching_index.sync_embeddings(), (321, 0))
        profile = PartnerProfile.objects.get(case=make_case(self.inst, self.paula))
        visible = selectors.opening_list(user=self.paula)
        ranked = matching_adapter.rank_openings_for_profile(
            profile, visible, candidates=20, matcher=self.matcher
        )
        self.assertEqual(ranked[0].item.title_de, relevant.title_de)
        # The old rule (the newest 300 the reader may see) never looked at it.
        newest = visible.order_by("-published_at")[: matching_adapter.FALLBACK_CANDIDATES]
        self.assertNotIn(relevant.title_de, [o.title_de for o in newest])
