"""Reads of openings and saved searches, always scoped to the user who reads."""

from __future__ import annotations

import math
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

from django.core import signing
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt
from django.http import Http404

from dualcareer.accounts import permissions
from dualcareer.core.lookups import get_or_404
from dualcareer.core.queries import ids_in
from dualcareer.matching.geo import EARTH_RADIUS_KM
from dualcareer.network.models import NetworkMembership, Sector
from dualcareer.openings import cells, geo
from dualcareer.openings.models import (
    LANGUAGE_CODES,
    FeedSource,
    OccupationField,
    Opening,
    OpeningPlace,
    SavedSearch,
    Visibility,
    WorkingTime,
    live_public_condition,
)

MAX_RADIUS_KM = 300


def network_peer_ids(institution_ids: set[int], *, user: Any = None) -> set[int]:
    """Return the institutions that share a current network with any of `institution_ids`.

    With `user` (the request's user), read once per request for the same
    institutions (:func:`permissions.memoised`).
    """
    if not institution_ids:
        return set()

    def read() -> frozenset[int]:
        networks = (
            NetworkMembership.objects.current()
            .filter(institution_id__in=institution_ids)
            .values("network_id")
        )
        peers = NetworkMembership.objects.current().filter(network_id__in=networks)
        return frozenset(peers.values_list("institution_id", flat=True)) | institution_ids

    key = ("network_peer_ids", frozenset(institution_ids))
    return set(permissions.memoised(user, key, read))


def _partner_case_institution_ids(user: Any) -> set[int]:
    """Institutions at which a partner has a case (their Dual Career Service's network)."""
    if not getattr(user, "is_partner", False):
        return set()
    try:
        from dualcareer.cases.models import Case
    except ImportError:  # the cases app is not built yet
        return set()
    return set(Case.objects.filter(partner_user=user).values_list("institution_id", flat=True))


def _with_places(queryset: QuerySet[Opening]) -> QuerySet[Opening]:
    return queryset.select_related("institution").prefetch_related(
        Prefetch("places", queryset=OpeningPlace.objects.order_by("id"))
    )


def openings_visible(*, user: Any) -> QuerySet[Opening]:
    """Return the live openings `user` may see (public ones for everybody).

    Network-only openings: staff of any institution sharing a network with the
    employer, and partners whose case is at such an institution. Officer-only
    openings: Dual Career officers and coordinators in that network. An
    employer's own staff see every one of their own live openings.
    """
    visible = Q(visibility=Visibility.PUBLIC)
    network_ids = permissions.institution_ids_with(user, "opening.view_network")
    network_ids |= _partner_case_institution_ids(user)
    if network_ids:
        visible |= Q(
            visibility=Visibility.NETWORK,
            institution_id__in=network_peer_ids(network_ids, user=user),
        )
    officer_ids = permissions.institution_ids_with(user, "opening.view_officers")
    if officer_ids:
        visible |= Q(
            visibility=Visibility.OFFICERS,
            institution_id__in=network_peer_ids(officer_ids, user=user),
        )
    own = permissions.institution_ids_with(user, "opening.edit")
    if own:
        visible |= Q(institution_id__in=own)
    return Opening.objects.live().filter(visible)


def openings_managed(*, user: Any) -> QuerySet[Opening]:
    """Return every opening of the institutions where `user` may edit openings (any state)."""
    own = permissions.institution_ids_with(user, "opening.edit")
    return _with_places(Opening.objects.filter(institution_id__in=own)).order_by("-created_at")


def opening_detail(*, user: Any, public_id: uuid.UUID) -> Opening | None:
    """Return the opening if `user` may see it: live and visible, or managed by them."""
    managed = permissions.institution_ids_with(user, "opening.edit")
    opening = (
        _with_places(Opening.objects.filter(public_id=public_id))
        .filter(Q(pk__in=openings_visible(user=user).values("pk")) | Q(institution_id__in=managed))
        .first()
    )
    return opening


# The list counts its openings up to here, then says "more than"; pages stay reachable.
LIST_COUNT_CAP = 10_000
FILTERED_COUNT_CAP = 1_000


@dataclass(frozen=True)
class OpeningFilters:
    """The list filters, already validated (see forms.OpeningFilterForm)."""

    q: str = ""
    field: str = ""
    sector: str = ""
    language: str = ""
    working_time: str = ""
    postcode: str = ""
    radius_km: int = 25
    remote_only: bool = False

    @classmethod
    def from_params(cls, params: dict[str, Any]) -> OpeningFilters:
        """Build filters from stored or query parameters, dropping invalid values."""

        def pick(key: str, allowed: set[str] | frozenset[str]) -> str:
            value = str(params.get(key) or "").strip()
            return value if value in allowed else ""

        try:
            radius = int(params.get("radius_km") or params.get("radius") or 25)
        except (TypeError, ValueError):
            radius = 25
        postcode = str(params.get("postcode") or "").strip()
        return cls(
            q=str(params.get("q") or "").strip()[:200],
            field=pick("field", set(OccupationField.values)),
            sector=pick("sector", set(Sector.values)),
            language=pick("language", LANGUAGE_CODES),
            working_time=pick("working_time", set(WorkingTime.values)),
            postcode=postcode if len(postcode) == 5 and postcode.isdigit() else "",
            radius_km=max(1, min(radius, MAX_RADIUS_KM)),
            remote_only=str(params.get("remote_only") or "").lower() in {"1", "true", "on"},
        )

    @property
    def count_cap(self) -> int:
        """How far a list with these filters counts its openings (then "more than").

        A word or a place matches a share of all openings, so counting every
        match grows with the table; counting up to a cap stops after that many
        rows and costs the same at 10,000 or 1,000,000 openings (issue 18,
        `docs/performance.md`). A narrowed list counts less far than the whole
        list, whose count reads a small index only.
        """
        return FILTERED_COUNT_CAP if self.as_params() else LIST_COUNT_CAP

    def as_params(self) -> dict[str, Any]:
        """The non-empty filters, for saving a search."""
        params: dict[str, Any] = {}
        for key in ("q", "field", "sector", "language", "working_time", "postcode"):
            if getattr(self, key):
                params[key] = getattr(self, key)
        if self.postcode:
            params["radius_km"] = self.radius_km
        if self.remote_only:
            params["remote_only"] = True
        return params


def apply_filters(queryset: QuerySet[Opening], filters: OpeningFilters) -> QuerySet[Opening]:
    """Narrow `queryset` by field, sector, language, working time, place + radius and words."""
    return _filtered(queryset, filters)[0]


def _filtered(
    queryset: QuerySet[Opening], filters: OpeningFilters
) -> tuple[QuerySet[Opening], QuerySet[Opening], bool, int]:
    """`queryset` narrowed by `filters`, twice: in the form a page reads best, and in the
    form that counts the same openings best; whether that count must be read through the
    indexes' bitmaps (`OpeningSearch.count`); and how many live public openings at least
    the filters let through (0 if unknown, see ``COUNT_MARGIN``). Each word is looked up
    once for all of them."""
    if filters.field:
        queryset = queryset.filter(occupation_field=filters.field)
    if filters.sector:
        queryset = queryset.filter(institution__sector=filters.sector)
    if filters.language:
        # "Required languages" filter: show openings that require this language.
        queryset = queryset.filter(languages__contains=f",{filters.language},")
    if filters.working_time == WorkingTime.FULL_TIME:
        queryset = queryset.filter(working_time__in=[WorkingTime.FULL_TIME, WorkingTime.EITHER])
    elif filters.working_time == WorkingTime.PART_TIME:
        queryset = queryset.filter(working_time__in=[WorkingTime.PART_TIME, WorkingTime.EITHER])
    elif filters.working_time:
        queryset = queryset.filter(working_time=filters.working_time)
    if filters.remote_only:
        queryset = queryset.filter(remote_share__gte=50)
    words = filters.q.lower().split()[:10]
    counted, through_bitmaps, at_least = queryset, False, 0
    for word in words:
        forms = _word_forms(word, using=queryset.db)
        queryset = queryset.filter(forms.shown)
        counted = counted.filter(forms.shown if forms.counting is None else forms.counting)
        through_bitmaps = through_bitmaps or forms.counting is not None
        at_least = forms.at_least
    if len(words) != 1 or replace(filters, q="").as_params():
        at_least = 0  # known for one word alone only
    if filters.postcode:
        near = _within_radius(
            filters.postcode, filters.radius_km, using=queryset.db, by_index=not words
        )
        for condition in near:
            queryset = queryset.filter(condition)
            counted = counted.filter(condition)
    return queryset, counted, through_bitmaps, at_least


# A search word that stands for more stored words than this is a common fragment ("ung",
# "ter"): most openings hold it, so reading the newest openings finds a page sooner than
# looking up thousands of words (measured in docs/performance.md).
WORD_EXPANSION_LIMIT = 400


def _looked_up(word: str) -> bool:
    """Whether `word` can be found in the list of stored words.

    Letters (any script) and the digits 0-9 only, three at least (the list's
    trigram index needs three). The parser may take other characters
    (punctuation, "²", combining marks) as separators, so a word with one is
    matched as a substring.
    """
    return len(word) >= 3 and all(c.isalpha() or "0" <= c <= "9" for c in word)


# How the openings holding a word are found depends on how many hold it: PostgreSQL cannot
# tell what testing one opening's words costs (its long text unpacked), and would read
# thousands of openings one by one for a rare word. By the share of the openings holding
# it (its stored words' nightly counts, migration 0015; for a word not counted yet
# PostgreSQL's column statistics, `_common_word_shares`):
# - at least COMMON_WORD_SHARE: the words as a constant, which the planner weighs with the
#   statistics: a page and the count read the newest openings until they are full;
COMMON_WORD_SHARE = 0.3
# - at least FREQUENT_WORD_SHARE: a sub-select, which the planner takes as unknown: a page
#   reads the newest openings (full after at most 20 / share), the count the index;
FREQUENT_WORD_SHARE = 0.01
#   The count asks for the stored words in groups of COUNT_WORDS_PER_SCAN, one scan of
#   the index each, their bitmaps joined (a BitmapOr): in one scan GIN tests the whole
#   query, all the words the search word stands for (120-180 for "ingenieur" or
#   "manager"), for every opening it meets: at 1,000,000 openings "manager" took 147 ms
#   to count, in groups 47 ms. The page keeps one query: reading the newest openings, it
#   would unpack each long text once per group. The planner, which adds up the groups'
#   unknown shares, would read the whole table for the count beyond some 20 groups, so
#   the count is read through the bitmaps (`OpeningSearch.count`). Measured in
#   docs/performance.md.
COUNT_WORDS_PER_SCAN = 8
# - rarer: the openings holding it are looked up in the index first, and the list reads
#   only those, at most `_rare_ids` of them, else the sub-select after all. Reading m ids
#   costs about m, reading the newest openings until a page is full about the table's
#   size / m, so the two meet near the square root of the table's size: at 1,000,000
#   openings 24,000 ids took 0.2 s, the sub-select 16 ms, and for a word in 2,500
#   openings the sub-select took 69 ms, its ids 23 ms (docs/performance.md).
RARE_WORD_IDS_PER_ROOT = 5.0
# A radius whose cells hold fewer openings than `_rare_ids` (by the statistics of the
# cells; testing a place costs less than a word, so the bound is lower) is looked up the
# same way.
RARE_PLACE_IDS_PER_ROOT = 2.0
RARE_IDS_MIN = 200
# The index of the places' cells (migration 0014), whose statistics tell how many openings
# a cell holds.
CELLS_INDEX = "opening_place_cells_idx"
# How long a process trusts the column statistics it read.
WORD_STATISTICS_SECONDS = 600.0
_statistics: dict[str, tuple[float, float, dict[str, float]]] = {}


def word_condition(word: str, *, using: str = "default") -> Q | RawSQL:
    """The openings whose search column contains `word` (lower-case), as a filter.

    Everywhere the same openings as ``search_text LIKE '%word%'``. On
    PostgreSQL a word of letters and digits is looked up in the list of
    stored words (``openings_searchword``, migration 0013): the openings are
    those holding a word that contains it, found through the index of their
    words, not through a trigram index that long texts make unselective. A
    word with punctuation, a short one, or a fragment of very many words
    ("ung") is matched as a substring of the whole text. The form of the
    filter follows how common the word is (see ``COMMON_WORD_SHARE``).
    """
    return _word_forms(word, using=using).shown


@dataclass(frozen=True)
class _WordForms:
    """How a search word is read (`_word_forms`)."""

    # the openings holding the word, in the form a page reads best
    shown: Q | RawSQL
    # the same openings in the form that counts them faster, or None where it is `shown`
    # (see ``COUNT_WORDS_PER_SCAN``)
    counting: Q | None = None
    # how many live public openings held one of its stored words at the last count
    # (``search_words_prune``; 0 if none was counted): a lower bound of the openings
    # holding the word, as of that day (see ``COUNT_MARGIN``)
    at_least: int = 0


def _word_forms(word: str, *, using: str) -> _WordForms:
    """`word_condition`, the form that counts the same openings, and how many at least."""
    connection = connections[using]
    if connection.vendor != "postgresql" or not _looked_up(word):
        return _WordForms(Q(search_text__contains=word))
    with connection.cursor() as cursor:
        # The words found first, through the trigram index: asked for at most so many
        # distinct words, the planner read the whole list in its order instead, taking
        # "%manager%" for 2,286 words of 53,560 (123 found; 76 ms against 8 ms).
        cursor.execute(
            "WITH found AS MATERIALIZED "
            "(SELECT word, openings FROM openings_searchword WHERE word LIKE %s) "
            "SELECT word, max(openings) FROM found GROUP BY word LIMIT %s",
            [f"%{word}%", WORD_EXPANSION_LIMIT + 1],
        )
        counts = dict(cursor.fetchall())
    words = sorted(counts)
    if not words:
        return _WordForms(Q(pk__in=[]))
    at_least = max((n for n in counts.values() if n is not None), default=0)
    if len(words) > WORD_EXPANSION_LIMIT:
        # every word read holds the fragment: its count is a lower bound too
        return _WordForms(Q(search_text__contains=word), at_least=at_least)
    rows = _element_shares(using, Opening._meta.db_table, "search_vector")[0]
    shares = _common_word_shares(using)
    missing = 1.0
    for found in words:
        # the word's share by its count where it was counted (migration 0015), else by
        # PostgreSQL's statistics, which list only the most common words
        counted = counts[found]
        if counted is not None and rows > 0:
            missing *= 1.0 - min(counted / rows, 1.0)
        else:
            missing *= 1.0 - shares.get(found, 0.0)
    share = 1.0 - missing
    # The SQL is constant; the words travel as a bound parameter.
    if share >= COMMON_WORD_SHARE:
        return _WordForms(
            RawSQL("search_vector @@ %s::tsquery", [_tsquery(words)], output_field=BooleanField()),
            at_least=at_least,
        )
    frequent = _sub_select(words)
    counting: Q | None = None  # one group: the page's form
    if len(words) > COUNT_WORDS_PER_SCAN:
        counting = Q()
        for i in range(0, len(words), COUNT_WORDS_PER_SCAN):
            counting |= Q(_sub_select(words[i : i + COUNT_WORDS_PER_SCAN]))
    rare = _rare_ids(RARE_WORD_IDS_PER_ROOT, using)
    if share >= FREQUENT_WORD_SHARE or at_least > rare:
        return _WordForms(frequent, counting, at_least)
    # Its openings first, at most `_rare_ids` of them, looked up as the count is (a word
    # that only looked rare is read in full: "techniker" at 1,000,000 openings, 98 ms in
    # one query, 31 ms in groups).
    holding = Opening.objects.using(using).filter(frequent if counting is None else counting)
    with _plans(using, enable_seqscan="off", enable_indexscan="off"):
        ids = list(holding.order_by().values_list("pk", flat=True)[: rare + 1])
    if len(ids) > rare:
        # Not rare after all: its stored words were not counted yet (listed since the last
        # count), and PostgreSQL's statistics list only the most common words; a word that
        # stands for many words each too rare to be listed holds more openings than they
        # tell ("pflege" at 1,000,000 openings: 24,000).
        return _WordForms(frequent, counting, at_least)
    return _WordForms(ids_in("pk", ids, using=using), at_least=at_least)


def _tsquery(words: list[str]) -> str:
    """`words` as a query for any of them, each quoted as a lexeme (backslash and quote
    escaped), so that none is parsed."""
    return " | ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "'" for w in words)


def _sub_select(words: list[str]) -> RawSQL:
    """The openings holding any of `words`, the query as a sub-select: the planner takes
    what it finds as unknown (see ``FREQUENT_WORD_SHARE``)."""
    return RawSQL(
        "search_vector @@ (SELECT %s::tsquery)", [_tsquery(words)], output_field=BooleanField()
    )


@contextmanager
def _plans(using: str, **settings: str) -> Iterator[None]:
    """PostgreSQL's planner `settings` (``enable_seqscan="off"``) for the queries inside,
    in a transaction of their own, then as they were: where the planner cannot tell what
    testing one opening's long text costs. Restored by hand, as a savepoint inside the
    request's transaction would keep them."""
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        before = {}
        for name, value in settings.items():
            cursor.execute("SELECT current_setting(%s)", [name])
            (before[name],) = cursor.fetchone()
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
        yield
        for name, value in before.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def _ids_through_index(sql: str, params: list[Any], *, using: str) -> list[int]:
    """The ids `sql` selects, read through an index even where the planner would read
    every opening (it takes the test of a long text as cheap): for this one query."""
    with _plans(using, enable_seqscan="off"), connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


def _rare_ids(per_root: float, using: str) -> int:
    """How many ids a rare word's or place's look-up reads at most (see RARE_WORD_IDS_PER_ROOT)."""
    rows = _element_shares(using, Opening._meta.db_table, "search_vector")[0]
    return max(RARE_IDS_MIN, int(per_root * math.sqrt(rows)))


def _common_word_shares(using: str) -> dict[str, float]:
    """The share of openings holding each of the most common stored words.

    PostgreSQL's own statistics of the words column (``pg_stats``, refreshed
    by autovacuum's ANALYZE), read once per ``WORD_STATISTICS_SECONDS`` per
    process. Empty before the table was first analysed: every word counts as
    rare then, which costs a look-up, never a wrong result.
    """
    return _element_shares(using, Opening._meta.db_table, "search_vector")[1]


def _place_cell_shares(using: str) -> tuple[float, dict[str, float]]:
    """The number of openings and the share of them in each grid cell (migration 0014).

    The statistics of the cells index's expression, read like the words' ones.
    """
    return _element_shares(using, CELLS_INDEX, "string_to_array")


def _element_shares(using: str, relation: str, column: str) -> tuple[float, dict[str, float]]:
    """The openings table's estimated size and the most common elements of an array or
    words `column` of `relation` with the share of rows holding each (``pg_stats``),
    read once per ``WORD_STATISTICS_SECONDS`` per process."""
    now = time.monotonic()
    cached = _statistics.get(f"{using}:{relation}")
    if cached is not None and now - cached[0] < WORD_STATISTICS_SECONDS:
        return cached[1], cached[2]
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
            "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s",
            [relation, column],
        )
        row = cursor.fetchone()
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Opening._meta.db_table]
        )
        (rows,) = cursor.fetchone()
    shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _statistics[f"{using}:{relation}"] = (now, max(float(rows), 0.0), shares)
    return max(float(rows), 0.0), shares


def _within_radius(
    postcode: str, radius_km: int, *, using: str = "default", by_index: bool = True
) -> list[Exists | Q | RawSQL]:
    """Openings with a place within `radius_km` of `postcode` (none if it is unknown), as filters.

    Computed by the database: the great-circle distance (the engine's
    haversine formula, `geo.distance_km`) of the opening's places decides, as
    a correlated EXISTS, so that no place is loaded into Python and no list of
    ids is sent back. On PostgreSQL the openings are first narrowed to those
    with a place in a grid cell that meets the radius's bounding box, through
    the index of `Opening.place_cells` (migration 0014): a count reads the
    table only until its cap, however many openings the table holds, and a
    word near a place tests the cells of the openings holding the word
    (`by_index` False): combined with the index of words, the cells of a
    city's radius would first collect every opening there, at 1,000,000
    openings hundreds of thousands. Elsewhere the bounding box (indexed
    latitude/longitude) narrows the places.
    """
    centre = geo.postcode_point(postcode)
    if centre is None:
        return [Q(pk__in=[])]
    box = geo.bounding_box(centre, radius_km)
    min_lat, max_lat, min_lon, max_lon = box
    places = OpeningPlace.objects.filter(opening_id=OuterRef("pk"))
    distance = _distance_km_sql(centre.latitude, centre.longitude)
    if connections[using].vendor != "postgresql":
        in_box = places.filter(
            latitude__gte=min_lat,
            latitude__lte=max_lat,
            longitude__gte=min_lon,
            longitude__lte=max_lon,
        )
        return [Exists(in_box.annotate(distance_km=distance).filter(distance_km__lte=radius_km))]
    # The cells already hold the box; a box in the test of the places too would make the
    # planner count it twice and take a city's openings for a handful (it would then sort
    # all of them for a page instead of reading the newest).
    exact = Exists(places.annotate(distance_km=distance).filter(distance_km__lte=radius_km))
    covering = cells.covering_cells(box)
    if by_index:
        # Few openings in the cells (a small town at 1,000,000 openings: a few hundred):
        # their ids first, as for a rare word; the planner would read the newest openings
        # one by one instead (64,000 for 20 in Berchtesgaden, 0.14 s).
        rows, shares = _place_cell_shares(using)
        rare = _rare_ids(RARE_PLACE_IDS_PER_ROOT, using)
        if sum(shares.get(cell, 0.0) for cell in covering) * rows < rare:
            ids = _ids_through_index(
                "SELECT id FROM openings_opening "
                "WHERE string_to_array(place_cells, ' ') && %s::text[] LIMIT %s",
                [covering, rare + 1],
                using=using,
            )
            if len(ids) <= rare:
                return [ids_in("pk", ids, using=using), exact]
    # The expression of the index (migration 0014), written out so that the planner uses it;
    # the same test in another expression where it must not.
    column = "place_cells" if by_index else "(place_cells || '')"
    near = RawSQL(  # noqa: S611 (one of two constant texts; the cells are a bound parameter)
        f"string_to_array({column}, ' ') && %s::text[]", [covering], output_field=BooleanField()
    )
    return [near, exact]


def _distance_km_sql(latitude: float, longitude: float) -> Expression:
    """The haversine distance in km from (latitude, longitude) to a place, as SQL."""
    lat1 = math.radians(latitude)
    half_dlat = Radians(F("latitude")) / 2.0 - Value(lat1 / 2)
    half_dlon = Radians(F("longitude")) / 2.0 - Value(math.radians(longitude) / 2)
    h = Power(Sin(half_dlat), 2.0) + Value(math.cos(lat1)) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_dlon), 2.0
    )
    # h lies in [0, 1] up to rounding; LEAST keeps ASIN defined (SQLite has MIN for two values)
    return Value(2 * EARTH_RADIUS_KM) * ASin(Sqrt(Least(h, Value(1.0))), output_field=FloatField())


def opening_list(*, user: Any, filters: OpeningFilters | None = None) -> QuerySet[Opening]:
    """Return the live openings `user` may see, filtered, newest first."""
    queryset = openings_visible(user=user)
    if filters is not None:
        queryset = apply_filters(queryset, filters)
    return _with_places(queryset)


# A search for one word alone whose stored words' counts (``search_words_prune``, daily)
# put at least this many times the list's count cap among the live public openings, which
# every reader sees, is not counted: the list says "more than" at once. Counting it read
# every opening holding the word, up to a million, to say "more than 1,000" (at 1,000,000
# openings "manager" took 47 ms, "tech" 324 ms; docs/performance.md). The counts are a
# day old at most; the margin covers the openings that close or are withdrawn meanwhile
# (half of them in one day would leave the list saying "more than" of fewer, and its last
# pages empty, until the next count).
COUNT_MARGIN = 2


@dataclass(frozen=True)
class OpeningSearch:
    """A list of openings and how to count it (`opening_search`)."""

    openings: QuerySet[Opening]
    # The same openings in the form that counts them best (a frequent word's groups).
    counted: QuerySet[Opening]
    through_bitmaps: bool
    # How many openings the list holds at least, as of the last count of the words (0 if
    # not known; see ``COUNT_MARGIN``).
    at_least: int = 0
    # No filter at all: the list holds at least every live public opening.
    whole: bool = False

    def count_query(self, limit: int) -> QuerySet[Any]:
        """The ids the count reads: at most `limit`, in no order."""
        return self.counted.order_by().values("pk")[:limit]

    @contextmanager
    def counting(self) -> Iterator[None]:
        """The planner's settings for `count_query`: through the indexes' bitmaps where a
        word's groups are asked for (see ``COUNT_WORDS_PER_SCAN``), else as they are."""
        if not self.through_bitmaps:
            yield
            return
        with _plans(self.counted.db, enable_seqscan="off", enable_indexscan="off"):
            yield

    def count(self, limit: int) -> int:
        """How many openings the list holds, counted up to `limit`; `limit` without a
        query where the words' counts put the list far above it (``COUNT_MARGIN``)."""
        if self.at_least >= COUNT_MARGIN * limit:
            return limit
        if self.whole and live_public_at_least(COUNT_MARGIN * limit, using=self.counted.db):
            return limit
        with self.counting():
            return int(self.count_query(limit).count())


def opening_search(*, user: Any, filters: OpeningFilters) -> OpeningSearch:
    """The live openings `user` may see, filtered, newest first, with their count.

    Every reader sees at least the live public openings (`openings_visible`),
    so what the words' counts say of those holds for every reader."""
    shown, counted, through_bitmaps, at_least = _filtered(openings_visible(user=user), filters)
    return OpeningSearch(
        _with_places(shown), counted, through_bitmaps, at_least, whole=not filters.as_params()
    )


# How long the workers share (through the cache) that the live public openings are at
# least so many; see ``live_public_at_least``.
LIVE_PUBLIC_SECONDS = 600


def live_public_at_least(limit: int, *, using: str = "default") -> bool:
    """Whether there are at least `limit` live public openings, as counted (up to `limit`)
    in the last ``LIVE_PUBLIC_SECONDS``.

    The whole list counted up to its cap on every request: 10,001 rows of an index,
    ~10 ms of the database's CPU at 100,000 openings (docs/performance.md). Every reader
    sees at least the live public openings, so where they are at least twice the cap
    (``COUNT_MARGIN``) the whole list says "more than" the cap at once; more than half of
    them would have to close within ten minutes for that to be wrong.
    """
    key = f"openings:live-public-at-least:{limit}"
    known = cache.get(key)
    if known is None:
        public = Opening.objects.using(using).filter(live_public_condition())
        known = int(public.order_by().values("pk")[:limit].count()) >= limit
        cache.set(key, known, LIVE_PUBLIC_SECONDS)
    return bool(known)


def saved_search_list(*, user: Any) -> QuerySet[SavedSearch]:
    """Return the user's own saved searches."""
    if not getattr(user, "is_authenticated", False):
        return SavedSearch.objects.none()
    return SavedSearch.objects.filter(user=user)


# --- reads for the pages (views call these, never the ORM) --------------------


def institutions_posting(*, user: Any, perm: str) -> list[Any]:
    """Return the active institutions where `user` holds `perm` (post or import openings)."""
    from dualcareer.network.models import Institution

    ids = permissions.institution_ids_with(user, perm)
    return list(Institution.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def opening_managed_get(*, user: Any, public_id: Any) -> Opening:
    """Return an opening of an institution where `user` may edit openings, or raise Http404."""
    return get_or_404(openings_managed(user=user), public_id=public_id)


def saved_search_get(*, user: Any, public_id: Any) -> SavedSearch:
    """Return one of the user's own saved searches, or raise Http404 (also for junk ids)."""
    return get_or_404(saved_search_list(user=user), public_id=public_id)


UNSUBSCRIBE_SALT = "openings.saved_search.unsubscribe"


def unsubscribe_token(search: SavedSearch) -> str:
    """The signed token of the digest's unsubscribe link (works without login)."""
    return signing.dumps(str(search.public_id), salt=UNSUBSCRIBE_SALT)


def saved_search_by_unsubscribe_token(*, token: str) -> SavedSearch:
    """Return the saved search an unsubscribe link names, or raise Http404 (forged, unknown)."""
    try:
        public_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404 from error
    return get_or_404(SavedSearch, public_id=public_id)


def feeds_managed(*, user: Any) -> QuerySet[FeedSource]:
    """The job feeds of the institutions where `user` may import openings."""
    own = permissions.institution_ids_with(user, "opening.import")
    return (
        FeedSource.objects.filter(institution_id__in=own)
        .select_related("institution", "last_run")
        .order_by("institution__name", "url")
    )


def feed_managed_get(*, user: Any, public_id: Any) -> FeedSource:
    """One of those feeds, or raise Http404 (also for junk ids)."""
    return get_or_404(feeds_managed(user=user), public_id=public_id)
