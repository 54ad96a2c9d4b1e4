"""The word search through the list of stored words (PostgreSQL; issue 18, migration 0013).

`selectors.word_condition` must find exactly the openings that
``search_text LIKE '%word%'`` finds, whichever way it takes: the stored
words, or the substring when the word has punctuation, is short or is a
fragment of very many words. The list of words must follow every way an
opening is written (one, in bulk, changed), and two writers of the same new
word must not wait for each other.
"""

from __future__ import annotations

import datetime as dt
import threading
import unittest
from unittest import mock

from django.contrib.auth.models import AnonymousUser
from django.db import close_old_connections, connection, transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.test import TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dualcareer.network.models import Institution
from dualcareer.openings import selectors, services
from dualcareer.openings.models import Opening
from dualcareer.openings.tests.factories import OpeningFactory
from dualcareer.testing.base import BaseTestCase
from dualcareer.testing.factories import InstitutionFactory

# Texts with what a parser may split or join: compounds, hyphens, an e-mail address, a URL,
# a postcode, umlauts and ß, digits inside words, quotes and a backslash.
TEXTS = [
    "Pflegefachkraft (m/w/d) in der Altenpflege, 44801 Bochum",
    "Gesundheits- und Krankenpfleger*in auf der Intensivstation",
    "Bewerbung an karriere@klinik-essen.de oder https://www.klinik-essen.de/jobs/pflege",
    "Ingenieur/in Elektrotechnik \u2013 Schwerpunkt Hochspannung, 3D-Druck, C++ und SAP S/4HANA",
    "Straßenbauer*in, Maßnahmen im Außendienst; Vergütung nach TV-L E9b, 2.500 € Zulage",
    "Data Engineer (Python, SQL) \u2013 O'Brien & Söhne GmbH, Pfad C:\\daten\\export",
    "Lehrkraft für Deutsch als Fremdsprache, Lehrerin oder Lehrer mit 2. Staatsexamen",
    "Bürokaufmänner/Bürokauffrauen und <b>Assistenz</b> &amp; Empfang, 30.06.2027",
    "Büro mit 100m² Fläche, Raum 3³, İstanbul-Büro",
]


def _search_words() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT word FROM openings_searchword")
        return {word for (word,) in cursor.fetchall()}


def _fragments(text: str) -> set[str]:
    """Every piece of 3 to 8 letters or digits of the text's words (lower-case)."""
    words = "".join(c if c.isalnum() else " " for c in text.lower()).split()
    return {
        word[i : i + n] for word in words for n in range(3, 9) for i in range(len(word) - n + 1)
    }


@unittest.skipUnless(connection.vendor == "postgresql", "the word list is PostgreSQL's")
class WordConditionTests(BaseTestCase):
    def setUp(self) -> None:
        super().setUp()
        for text in TEXTS:
            OpeningFactory(institution=self.employer_inst, title_de=text)
        self.openings = Opening.objects.all()

    def assert_same_as_substring(self, word: str) -> None:
        found = set(
            self.openings.filter(selectors.word_condition(word)).values_list("pk", flat=True)
        )
        expected = set(
            self.openings.filter(search_text__contains=word).values_list("pk", flat=True)
        )
        self.assertEqual(found, expected, word)

    def assert_every_fragment_found(self) -> None:
        fragments = set().union(*(_fragments(text) for text in TEXTS))
        self.assertGreater(len(fragments), 500)
        for word in sorted(fragments):
            self.assert_same_as_substring(word)

    def test_every_fragment_finds_what_the_substring_finds_in_each_form(self):
        # no statistics (every share 0) and thresholds set so that every word takes the form
        forms = [  # (common share, frequent share, the form's mark in the SQL)
            (0.3, 0.01, "unnest"),  # rare (a table not analysed yet): its openings first
            (0.3, 0.0, "(SELECT %s::tsquery)"),  # frequent
            (0.0, 0.0, "search_vector @@ %s::tsquery"),  # common
        ]
        for common, frequent, mark in forms:
            with (
                self.subTest(form=mark),
                mock.patch.object(selectors, "_common_word_shares", return_value={}),
                mock.patch.object(selectors, "COMMON_WORD_SHARE", common),
                mock.patch.object(selectors, "FREQUENT_WORD_SHARE", frequent),
            ):
                self.assertIn(mark, str(selectors.word_condition("pflege")))
                self.assert_every_fragment_found()

    def test_a_word_in_most_openings_is_common_after_analyze(self):
        selectors._statistics.clear()
        self.addCleanup(selectors._statistics.clear)  # no statistics of this test kept
        for i in range(30):
            OpeningFactory(institution=self.employer_inst, title_de=f"Häufigwort {i}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE openings_opening")
        with mock.patch.object(selectors, "WORD_STATISTICS_SECONDS", 0.0):
            self.assertGreater(selectors._common_word_shares("default")["häufigwort"], 0.7)
            self.assertIn("search_vector @@ %s::tsquery", str(selectors.word_condition("häufig")))

    def test_a_word_that_looked_rare_but_is_not_takes_the_sub_select(self):
        # The statistics list only the most common words: a word standing for many rare
        # ones may hold more openings than they tell; past `_rare_ids` it is not rare.
        expected = self.openings.filter(search_text__contains="pflege").count()
        self.assertGreater(expected, 1)
        for limit, mark in ((expected, "unnest"), (expected - 1, "(SELECT %s::tsquery)")):
            with (
                self.subTest(limit=limit),
                mock.patch.object(selectors, "_common_word_shares", return_value={}),
                mock.patch.object(selectors, "_rare_ids", return_value=limit),
            ):
                self.assertIn(mark, str(selectors.word_condition("pflege")))
                self.assert_same_as_substring("pflege")

    def test_words_of_letters_and_digits_go_through_the_word_list(self):
        for word in ("pflege", "lehrer", "44801", "straßen", "4hana", "brien"):
            with self.subTest(word=word):
                self.assertNotIn("search_text", str(selectors.word_condition(word)))
                self.assert_same_as_substring(word)

    def test_punctuation_short_words_and_common_fragments_take_the_substring(self):
        for word in ("c++", "m/w/d", "e9b,", "o'brien", "s/4hana", "de", "\\daten", "100m²"):
            with self.subTest(word=word):
                self.assertIn("search_text__contains", str(selectors.word_condition(word)))
                self.assert_same_as_substring(word)
        with mock.patch.object(selectors, "WORD_EXPANSION_LIMIT", 2):
            # "lehr" is in "lehrkraft", "lehrerin" and "lehrer": more than two words
            self.assertIn("search_text__contains", str(selectors.word_condition("lehr")))
            self.assert_same_as_substring("lehr")

    def test_a_word_no_opening_holds_finds_nothing(self):
        self.assertFalse(self.openings.filter(selectors.word_condition("zzqxj")).exists())

    def test_the_list_page_finds_a_compound_by_its_part(self):
        response = self.client.get("/openings/?q=pflege+intensiv")
        titles = [o.title_de for o in response.context["page"].object_list]
        self.assertEqual(titles, [TEXTS[1]])  # "Krankenpfleger*in auf der Intensivstation"


@unittest.skipUnless(connection.vendor == "postgresql", "the word list is PostgreSQL's")
class WordCountTests(BaseTestCase):
    """A frequent word is counted in groups of its stored words, through the index's
    bitmaps (`selectors.COUNT_WORDS_PER_SCAN`, `OpeningSearch.count`)."""

    def setUp(self) -> None:
        super().setUp()
        for text in TEXTS:
            OpeningFactory(institution=self.employer_inst, title_de=text)
        self.openings = Opening.objects.all()
        # every word frequent (no statistics, every share above 0), in groups of two words
        for name, value in (
            ("_common_word_shares", mock.Mock(return_value={})),
            ("FREQUENT_WORD_SHARE", 0.0),
            ("COUNT_WORDS_PER_SCAN", 2),
        ):
            patcher = mock.patch.object(selectors, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)

    def test_the_groups_find_what_the_substring_finds(self):
        fragments = set().union(*(_fragments(text) for text in TEXTS))
        grouped = 0
        for word in sorted(fragments):
            counting = selectors._word_forms(word, using="default").counting
            expected = set(
                self.openings.filter(search_text__contains=word).values_list("pk", flat=True)
            )
            with self.subTest(word=word):
                if counting is None:  # two stored words at most, or none: one form
                    continue
                found = set(self.openings.filter(counting).values_list("pk", flat=True))
                self.assertEqual(found, expected)
                grouped += str(counting).count("(SELECT %s::tsquery)") > 1
        self.assertGreater(grouped, 20)  # words standing for three stored words or more

    def test_a_rare_word_s_openings_are_looked_up_in_groups(self):
        fragments = set().union(*(_fragments(text) for text in TEXTS))
        looked_up = 0
        with mock.patch.object(selectors, "FREQUENT_WORD_SHARE", 0.01):  # every word rare
            for word in sorted(fragments):
                shown = selectors.word_condition(word)
                expected = set(
                    self.openings.filter(search_text__contains=word).values_list("pk", flat=True)
                )
                with self.subTest(word=word):
                    found = set(self.openings.filter(shown).values_list("pk", flat=True))
                    self.assertEqual(found, expected)
                    looked_up += "unnest" in str(shown)
        self.assertGreater(looked_up, 500)

    def test_the_count_is_read_through_the_bitmaps_and_the_settings_restored(self):
        # "lehr" stands for "lehrkraft", "lehrerin" and "lehrer": two groups
        search = selectors.opening_search(
            user=self.alice, filters=selectors.OpeningFilters(q="lehr")
        )
        self.assertTrue(search.through_bitmaps)
        self.assertEqual(search.count(10), search.openings.count())
        self.assertEqual(search.count(10), 1)
        settings = "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan')"
        with search.counting(), connection.cursor() as cursor:
            cursor.execute(settings)
            self.assertEqual(cursor.fetchone(), ("off", "off"))
            plan = search.count_query(10).explain()
        # neither the table read whole nor an index read row by row
        self.assertIn("Bitmap Heap Scan on openings_opening", plan)
        self.assertNotIn("Seq Scan", plan)
        self.assertNotRegex(plan, r"->  Index (Only )?Scan")
        with connection.cursor() as cursor:
            cursor.execute(settings)
            self.assertEqual(cursor.fetchone(), ("on", "on"))

    def test_a_word_the_page_finds_in_one_query_is_counted_as_the_page_reads_it(self):
        search = selectors.opening_search(
            user=self.alice, filters=selectors.OpeningFilters(q="lehrerin")
        )
        self.assertFalse(search.through_bitmaps)  # a single stored word: one group
        self.assertEqual(search.count(10), 1)

    def test_the_list_page_and_the_api_count_the_grouped_word(self):
        expected = self.openings.filter(search_text__contains="pfleg").count()
        self.assertEqual(expected, 3)
        counted = mock.patch.object(
            selectors.OpeningSearch,
            "count",
            autospec=True,
            side_effect=selectors.OpeningSearch.count,
        )
        with counted as count:
            response = self.client.get("/openings/?q=pfleg")
            self.assertEqual(response.context["page"].paginator.count, expected)
            self.assertEqual(len(response.context["page"].object_list), expected)
            self.client.force_login(self.alice)
            api = reverse("api_v1:opening_list")
            body = self.client.get(api, {"q": "pfleg"}).json()
            self.assertEqual((body["count"], len(body["results"])), (expected, expected))
            with mock.patch.object(selectors, "FILTERED_COUNT_CAP", 2):
                body = self.client.get(api, {"q": "pfleg"}).json()
            self.assertEqual((body["count"], body["count_capped"]), (2, True))
        # each list counted through its search, in groups ("pfleg": four stored words)
        self.assertEqual(count.call_count, 3)
        self.assertTrue(all(call.args[0].through_bitmaps for call in count.call_args_list))


def _word_counts() -> dict[str, int | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT word, openings FROM openings_searchword")
        return dict(cursor.fetchall())


@unittest.skipUnless(connection.vendor == "postgresql", "the word list is PostgreSQL's")
class StoredWordCountTests(BaseTestCase):
    """The daily count of the live public openings holding each stored word (migration
    0015), and what the search reads from it: a word's share, and a lower bound that spares
    counting a single word far above the cap (`selectors.COUNT_MARGIN`)."""

    def setUp(self) -> None:
        super().setUp()
        today = timezone.localdate()
        for i in range(4):
            OpeningFactory(institution=self.employer_inst, title_de=f"Zählwortkraft {i}")
        # held, but not by live public openings: none of these counts
        OpeningFactory(institution=self.employer_inst, title_de="Zählwortkraft", is_published=False)
        OpeningFactory(
            institution=self.employer_inst, title_de="Zählwortkraft", visibility="network"
        )
        OpeningFactory(
            institution=self.employer_inst,
            title_de="Zählwortkraft Nurversteckt",
            closing_date=today - dt.timedelta(days=1),
        )
        OpeningFactory(institution=self.employer_inst, title_de="Zählwortleitung")
        for text in TEXTS:
            OpeningFactory(institution=self.employer_inst, title_de=text)

    def test_each_word_gets_the_number_of_live_public_openings_holding_it(self):
        self.assertEqual(set(_word_counts().values()), {None})  # not counted before the run
        _dropped, _listed, counted = services.search_words_prune()
        counts = _word_counts()
        self.assertEqual(counted, len(counts))
        self.assertEqual(counts["zählwortkraft"], 4)
        self.assertEqual(counts["zählwortleitung"], 1)
        self.assertEqual(counts["nurversteckt"], 0)  # held by a closed opening only
        live_public = Opening.objects.live().filter(visibility="public")
        self.assertGreater(len(counts), 50)
        for word, n in counts.items():  # through the words' index, not ts_stat
            holding = live_public.filter(
                RawSQL(
                    "search_vector @@ %s::tsquery",
                    [selectors._tsquery([word])],
                    output_field=BooleanField(),
                )
            )
            self.assertEqual(n, holding.count(), word)
        # a word listed after the count has none until the next one
        OpeningFactory(institution=self.employer_inst, title_de="Neuzählwort")
        self.assertIsNone(_word_counts()["neuzählwort"])
        services.search_words_prune()
        self.assertEqual(_word_counts()["neuzählwort"], 1)

    def test_a_word_alone_far_above_the_cap_is_not_counted(self):
        services.search_words_prune()
        # "zählwort" holds 5 live public openings at least ("zählwortkraft": 4)
        search = selectors.opening_search(
            user=AnonymousUser(), filters=selectors.OpeningFilters(q="zählwort")
        )
        self.assertEqual(search.at_least, 4)
        with self.assertNumQueries(0):
            self.assertEqual(search.count(2), 2)  # 4 >= COUNT_MARGIN x 2
        with self.assertNumQueries(1):
            self.assertEqual(search.count(3), 3)  # 4 < 2 x 3: counted
        self.assertEqual(search.count(10), 5)
        # a fragment of more words than are looked up, matched as a substring: the same
        with mock.patch.object(selectors, "WORD_EXPANSION_LIMIT", 1):
            search = selectors.opening_search(
                user=AnonymousUser(), filters=selectors.OpeningFilters(q="zählwort")
            )
        self.assertIn("search_text", str(search.openings.query))
        self.assertEqual(search.at_least, 4)
        with self.assertNumQueries(0):
            self.assertEqual(search.count(2), 2)

    def test_other_filters_or_words_are_counted(self):
        services.search_words_prune()
        for filters in (
            selectors.OpeningFilters(q="zählwort", field="research"),
            selectors.OpeningFilters(q="zählwort", postcode="44801"),
            selectors.OpeningFilters(q="zählwort", remote_only=True),
            selectors.OpeningFilters(q="zählwortkraft zählwortleitung"),
        ):
            with self.subTest(filters=filters):
                search = selectors.opening_search(user=self.alice, filters=filters)
                self.assertEqual(search.at_least, 0)
                with CaptureQueriesContext(connection) as queries:
                    search.count(2)
                self.assertEqual(len(queries), 1)

    def test_an_uncounted_word_is_counted(self):
        search = selectors.opening_search(
            user=AnonymousUser(), filters=selectors.OpeningFilters(q="zählwort")
        )
        self.assertEqual(search.at_least, 0)
        self.assertEqual(search.count(2), 2)
        self.assertEqual(search.count(10), 5)

    def test_the_list_page_and_the_api_say_more_than_without_counting(self):
        services.search_words_prune()
        counted = mock.patch.object(
            selectors.OpeningSearch,
            "count_query",
            autospec=True,
            side_effect=selectors.OpeningSearch.count_query,
        )
        with mock.patch.object(selectors, "FILTERED_COUNT_CAP", 1), counted as count_query:
            response = self.client.get("/openings/?q=zählwort")
            self.assertEqual(response.context["page"].paginator.count, 2)  # cap + 1
            self.assertContains(response, "Mehr als 1 Stellenangebote")
            self.client.force_login(self.alice)
            body = self.client.get(reverse("api_v1:opening_list"), {"q": "zählwort"}).json()
            self.assertEqual((body["count"], body["count_capped"]), (1, True))
            self.assertEqual(count_query.call_count, 0)
            # with a second word the page counts
            self.client.logout()
            response = self.client.get("/openings/?q=zählwort+kraft")
            self.assertEqual(count_query.call_count, 1)
        self.assertEqual(len(response.context["page"].object_list), 4)

    def test_the_share_comes_from_the_counts(self):
        services.search_words_prune()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE openings_opening")
        selectors._statistics.clear()
        self.addCleanup(selectors._statistics.clear)
        with (
            mock.patch.object(selectors, "_common_word_shares", return_value={}),
            mock.patch.object(selectors, "WORD_STATISTICS_SECONDS", 0.0),
        ):
            # "zählwortkraft" in 4 openings, "zählwortleitung" in 1, of all openings
            rows = Opening.objects.count()
            share = 1 - (1 - 4 / rows) * (1 - 1 / rows)
            with mock.patch.object(selectors, "COMMON_WORD_SHARE", share * 0.95):
                shown = str(selectors.word_condition("zählw"))
                self.assertIn("search_vector @@ %s::tsquery", shown)  # common
            with mock.patch.object(selectors, "COMMON_WORD_SHARE", share * 1.05):
                self.assertIn("(SELECT %s::tsquery)", str(selectors.word_condition("zählw")))
            # rare by its share, but counted above the look-up's bound: no look-up
            with (
                mock.patch.object(selectors, "FREQUENT_WORD_SHARE", 0.9),
                mock.patch.object(selectors, "COMMON_WORD_SHARE", 0.95),
                mock.patch.object(selectors, "_rare_ids", return_value=3),
                CaptureQueriesContext(connection) as queries,
            ):
                shown = selectors.word_condition("zählw")
            self.assertIn("(SELECT %s::tsquery)", str(shown))
            self.assertFalse(any("set_config" in q["sql"] for q in queries))
            found = Opening.objects.filter(shown).count()
            self.assertEqual(found, Opening.objects.filter(search_text__contains="zählw").count())


@unittest.skipUnless(connection.vendor == "postgresql", "the word list is PostgreSQL's")
class WordListTests(BaseTestCase):
    def test_an_opening_created_adds_its_words(self):
        OpeningFactory(institution=self.employer_inst, title_de="Zyxwortprüferin gesucht")
        self.assertIn("zyxwortprüferin", _search_words())

    def test_a_changed_text_adds_its_new_words(self):
        opening = OpeningFactory(institution=self.employer_inst, title_de="Laborleitung")
        opening.title_de = "Qwertzlaborleitung"
        opening.search_text = opening.build_search_text()
        opening.save(update_fields=["title_de", "search_text"])
        self.assertIn("qwertzlaborleitung", _search_words())
        Opening.objects.filter(pk=opening.pk).update(search_text="uiopüwort")
        self.assertIn("uiopüwort", _search_words())

    def test_openings_written_in_bulk_add_their_words(self):
        institution = self.employer_inst
        Opening.objects.bulk_create(
            [
                Opening(institution=institution, title_de=f"T{i}", search_text=f"bulkwort{i} x")
                for i in range(3)
            ]
        )
        self.assertLessEqual({"bulkwort0", "bulkwort1", "bulkwort2"}, _search_words())


@unittest.skipUnless(connection.vendor == "postgresql", "the word list is PostgreSQL's")
class PruneTests(BaseTestCase):
    """`search_words_prune` (daily): words no opening holds go, the rest stays."""

    def test_words_of_a_deleted_opening_go_and_held_words_stay(self):
        gone = OpeningFactory(institution=self.employer_inst, title_de="Einmalwortzwei")
        OpeningFactory(institution=self.employer_inst, title_de="Bleibewortdrei")
        self.assertIn("einmalwortzwei", _search_words())
        gone.delete()
        dropped, _listed, _counted = services.search_words_prune()
        self.assertGreaterEqual(dropped, 1)
        words = _search_words()
        self.assertNotIn("einmalwortzwei", words)
        self.assertIn("bleibewortdrei", words)
        self.assertIn("bochum", words)  # the remaining opening's place

    def test_doubles_are_kept_once(self):
        OpeningFactory(institution=self.employer_inst, title_de="Doppelwortvier")
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO openings_searchword (word) VALUES ('doppelwortvier')")
            services.search_words_prune()
            cursor.execute("SELECT count(*) FROM openings_searchword WHERE word = 'doppelwortvier'")
            self.assertEqual(cursor.fetchone()[0], 1)

    def test_a_word_a_recent_opening_relied_on_is_listed_again(self):
        # a writer that saw the word listed while a pruning removed it (see the service)
        OpeningFactory(institution=self.employer_inst, title_de="Wiederwortfünf")
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM openings_searchword WHERE word = 'wiederwortfünf'")
        _dropped, listed, _counted = services.search_words_prune()
        self.assertGreaterEqual(listed, 1)
        self.assertIn("wiederwortfünf", _search_words())
        self.assertEqual(
            list(
                Opening.objects.filter(selectors.word_condition("wiederwort")).values_list(
                    "title_de", flat=True
                )
            ),
            ["Wiederwortfünf"],
        )


@unittest.skipUnless(connection.vendor == "postgresql", "the word list is PostgreSQL's")
class ParallelWritersTests(TransactionTestCase):
    """Two transactions writing the same new word: neither waits for the other."""

    # Restored from the serialised copy after the flush, as the project's other transaction
    # tests (content types re-created by post_migrate would clash with a later one).
    serialized_rollback = True

    def test_the_second_writer_does_not_wait_for_the_first(self):
        institution: Institution = InstitutionFactory.create()
        first_wrote, second_done = threading.Event(), threading.Event()
        errors: list[BaseException] = []

        def write(name: str) -> None:
            try:
                with transaction.atomic():
                    if name == "second":
                        first_wrote.wait(10)
                        with connection.cursor() as cursor:  # waiting would fail, not hang
                            cursor.execute("SET LOCAL lock_timeout = '5s'")
                    Opening.objects.create(
                        institution=institution, title_de=name, search_text="parallelwort"
                    )
                    if name == "first":
                        first_wrote.set()
                        second_done.wait(10)  # still open while the second one writes
                    else:
                        second_done.set()
            except BaseException as error:
                errors.append(error)
                first_wrote.set()
                second_done.set()
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=write, args=(n,)) for n in ("first", "second")]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        self.assertEqual(errors, [])
        self.assertTrue(second_done.is_set())
        self.assertIn("parallelwort", _search_words())
        found = Opening.objects.filter(selectors.word_condition("parallel"))
        self.assertEqual(sorted(found.values_list("title_de", flat=True)), ["first", "second"])
