"""Geography: German postcodes and places, distances, commute estimates, real commuting flows.

Public API (stable; the Django side uses it for "postcode -> coordinates")::

    from dualcareer.matching.geo import Gazetteer, distance_km, commute_minutes

    gazetteer = Gazetteer.default()          # loaded once per process, thread-safe reads
    place = gazetteer.postcode("44801")      # Place | None
    place.lat, place.lon, place.name, place.state, place.district_key, place.district_name
    gazetteer.search("Bochum")               # list[Place], best match first
    gazetteer.locate("44801 Bochum")         # Place | None: a postcode in the text, else a name
    gazetteer.district("05911")              # District | None (5-digit Kreis key)
    distance_km(place, other)                # great-circle distance
    commute_minutes(place, other)            # door-to-door estimate by car, see below

    flows = CommutingFlows.default()
    flows.commuters(home_key="05911", work_key="05913")   # people, June 2023, or None
    couple_homes(work_a, work_b, limit_a=45, limit_b=45)   # districts where both commutes fit

Commute model (documented estimate, not a router): road distance = 1.3 x the
great-circle distance (the usual detour factor for German roads), driven at
30 km/h for the first 10 km (towns), 60 km/h for the next 20 km and 90 km/h
beyond, plus 5 minutes for getting to and from the car. Bochum -> Dortmund
city centres (17 km apart) comes out at about 36 minutes.

Data: postcodes © GeoNames (geonames.org), CC BY 4.0; commuters: Statistik
der Bundesagentur für Arbeit, Pendleratlas (Gebietsstand Juni 2023). Rows of
large-customer postcodes whose place is a company are not used as places.
"""

from __future__ import annotations

import bisect
import csv
import gzip
import math
import re
import threading
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from dualcareer.matching.texts import DATA_DIR, fold_umlauts

ROAD_FACTOR = 1.3
SPEED_BANDS_KMH = ((10.0, 30.0), (20.0, 60.0), (math.inf, 90.0))  # (km in band, km/h)
ACCESS_MINUTES = 5.0
EARTH_RADIUS_KM = 6371.0

# Large-customer postcodes name a company or an authority instead of a place
# ("Amtsgericht", "Agentur für Arbeit Riesa", "Sparkasse Witten"); they are no
# homes. Not "Stadt"/"Amt" prefixes: "Stadt Wehlen" and "Amt Neuhaus" are places.
_COMPANY = re.compile(
    r"\b(GmbH|AG|KG|OHG|SE|e\.\s?V\.|mbH|Co\.|Bank|Sparkasse|Versicherung\w*|Verlag|"
    r"Postfach|Service|Post|Agentur|Amtsgericht|\w*[Gg]ericht|Finanzamt|\w*[Vv]erwaltung|"
    r"Universität|Hochschule|Fachhochschule|Klinik\w*|Krankenhaus|Hospital|Diakonie\w*|"
    r"Apotheke\w*|Rathaus|Stadtwerke|Werke|Zentrale|Ministerium|Landesamt|Bundesamt|"
    r"Polizei\w*|Krankenkasse|AOK|Versand\w*|Institut|Zentrum)\b|&",
    re.IGNORECASE,
)
# "Stadt Witten" is Witten's town hall, "Stadt Wehlen" is a town: an
# administration prefix marks a large customer when the rest names a known place.
_ADMINISTRATION = re.compile(r"^(Stadt|Gemeinde|Kreis|Landkreis|Hansestadt)\s+(.+)$")


def _is_company(name: str, known_places: set[str]) -> bool:
    """Return whether a GeoNames place name is a large customer, not a place."""
    if _COMPANY.search(name):
        return True
    match = _ADMINISTRATION.match(name)
    return bool(match and match.group(2) in known_places)


def _large_customer_town(rows: list[Place]) -> str:
    """Name a large-customer postcode by its town ("Stadt Witten" -> "Witten") or district."""
    for row in rows:
        match = _ADMINISTRATION.match(row.name)
        if match:
            return match.group(2)
    return rows[0].district_name


_POSTCODE = re.compile(r"\b(\d{5})\b")


class HasCoordinates(Protocol):
    """Anything with latitude and longitude in degrees (Place, District, ...)."""

    @property
    def lat(self) -> float: ...

    @property
    def lon(self) -> float: ...


@dataclass(frozen=True)
class Point:
    """A bare coordinate pair in degrees (WGS84)."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Place:
    """A German postcode with its place, state and district (Kreis)."""

    postcode: str
    name: str
    state: str
    district_key: str  # 5-digit Kreis key (Amtlicher Gemeindeschlüssel, first 5 digits)
    district_name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class District:
    """A German district (Kreis or kreisfreie Stadt); coordinates are its postcodes' mean."""

    key: str
    name: str
    state: str
    lat: float
    lon: float
    inbound_commuters: int | None  # people working here who live in another district


def distance_km(a: HasCoordinates, b: HasCoordinates) -> float:
    """Return the great-circle distance between two points in kilometres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon) - math.radians(a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, h))))


def haversine_pairs(
    lats_a: np.ndarray, lons_a: np.ndarray, lats_b: np.ndarray, lons_b: np.ndarray
) -> np.ndarray:
    """Great-circle distances in km between the points ``a[i]`` and ``b[i]`` (arrays)."""
    p1, p2 = np.radians(lats_a), np.radians(lats_b)
    dp, dl = p2 - p1, np.radians(lons_b) - np.radians(lons_a)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def _haversine(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    p1, p2 = math.radians(lat), np.radians(lats)
    dp, dl = p2 - p1, np.radians(lons) - math.radians(lon)
    h = np.sin(dp / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0)))


def minutes_for_km(km: np.ndarray | float) -> np.ndarray:
    """Return the commute estimate in minutes for great-circle distances in km (see module doc)."""
    road = np.asarray(km, dtype=np.float64) * ROAD_FACTOR
    minutes = np.full_like(road, ACCESS_MINUTES)
    start = 0.0
    for band_km, speed in SPEED_BANDS_KMH:
        in_band = np.clip(road - start, 0.0, band_km)
        minutes += in_band / speed * 60.0
        start += band_km
    return minutes


def commute_minutes(a: HasCoordinates, b: HasCoordinates) -> float:
    """Return the estimated one-way commute between two points, in minutes."""
    road = distance_km(a, b) * ROAD_FACTOR
    minutes, start = ACCESS_MINUTES, 0.0
    for band_km, speed in SPEED_BANDS_KMH:  # as minutes_for_km, for one distance
        minutes += min(max(road - start, 0.0), band_km) / speed * 60.0
        start += band_km
    return minutes


def _key(name: str) -> str:
    return fold_umlauts(name).casefold().replace("-", " ").strip()


class Gazetteer:
    """German postcodes and places from GeoNames, with districts."""

    def __init__(self, places: Iterable[Place], districts: dict[str, District]) -> None:
        places = list(places)
        by_postcode: dict[str, list[Place]] = defaultdict(list)
        for place in places:
            by_postcode[place.postcode].append(place)
        self._postcodes: dict[str, Place] = {}
        self._by_name: dict[str, list[Place]] = defaultdict(list)
        residential: list[str] = []  # postcodes with a real place (candidate homes)
        known = {p.name for p in places if not _COMPANY.search(p.name)}
        for code, rows in sorted(by_postcode.items()):
            regular = [p for p in rows if not _is_company(p.name, known)]
            is_residential = bool(regular)
            if is_residential:
                residential.append(code)
            regular = regular or rows
            # One representative per postcode: the shortest place name (the town, not a
            # quarter like "Hamburg Altstadt"), at the mean position of its regular rows.
            main = min(regular, key=lambda p: (len(p.name), p.name))
            name = main.name if is_residential else _large_customer_town(rows)
            self._postcodes[code] = Place(
                postcode=code,
                name=name,
                state=main.state,
                district_key=main.district_key,
                district_name=main.district_name,
                lat=round(sum(p.lat for p in regular) / len(regular), 4),
                lon=round(sum(p.lon for p in regular) / len(regular), 4),
            )
            for place in regular:
                self._by_name[_key(place.name)].append(self._postcodes[code])
        self._districts = districts
        codes = residential
        self._codes = codes
        self._lats = np.asarray([self._postcodes[c].lat for c in codes])
        self._lons = np.asarray([self._postcodes[c].lon for c in codes])
        self._district_of = [self._postcodes[c].district_key for c in codes]
        # Place names sorted, for prefix search by bisection instead of a scan.
        self._name_keys = sorted(self._by_name)
        self._reach: dict[tuple[float, float, float], tuple[np.ndarray, np.ndarray]] = {}
        self._reach_lock = threading.Lock()

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> Gazetteer:
        """Read the shipped postcode and district files."""
        with gzip.open(data_dir / "postcodes_de.csv.gz", "rt", encoding="utf-8") as fh:
            places = [
                Place(
                    postcode=row["postcode"],
                    name=row["place"],
                    state=row["state"],
                    district_key=row["district_key"],
                    district_name=row["district_name"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                )
                for row in csv.DictReader(fh)
            ]
        positions: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
        for place in places:
            if place.district_key:
                positions[place.district_key].append((place.lat, place.lon, place.state))
        districts: dict[str, District] = {}
        with gzip.open(data_dir / "districts_de.csv.gz", "rt", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                points = positions.get(row["district_key"])
                if not points:
                    continue
                districts[row["district_key"]] = District(
                    key=row["district_key"],
                    name=row["name"],
                    state=points[0][2],
                    lat=round(sum(p[0] for p in points) / len(points), 4),
                    lon=round(sum(p[1] for p in points) / len(points), 4),
                    inbound_commuters=int(row["inbound_commuters"])
                    if row["inbound_commuters"]
                    else None,
                )
        return cls(places, districts)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Gazetteer:
        """Return the gazetteer of the shipped data, loaded once per process."""
        return cls.load()

    def postcode(self, code: str) -> Place | None:
        """Return the place of a 5-digit German postcode, or None if unknown."""
        return self._postcodes.get(code.strip())

    def search(self, name: str, limit: int = 10) -> list[Place]:
        """Return places whose name is `name` (first) or starts with it, umlaut/case-insensitive."""
        key = _key(name)
        if not key:
            return []
        exact = list(self._by_name.get(key, []))
        keys = self._name_keys
        prefix = [
            place
            for other in keys[
                bisect.bisect_left(keys, key) : bisect.bisect_left(keys, key + "\U0010ffff")
            ]
            if other != key
            for place in self._by_name[other]
        ]
        seen: set[str] = set()
        out: list[Place] = []
        for place in exact + sorted(prefix, key=lambda p: (len(p.name), p.postcode)):
            if place.postcode not in seen:
                seen.add(place.postcode)
                out.append(place)
        return out[:limit]

    def locate(self, text: str) -> Place | None:
        """Return the place for free text: its postcode if it has one, else the best name match."""
        match = _POSTCODE.search(text)
        if match and (place := self.postcode(match.group(1))):
            return place
        name = _POSTCODE.sub(" ", text).strip(" ,")
        found = self.search(name, limit=1)
        return found[0] if found else None

    def district(self, key: str) -> District | None:
        """Return the district with the 5-digit Kreis `key`, or None."""
        return self._districts.get(key)

    def districts(self) -> list[District]:
        """Return all districts, ordered by key."""
        return [self._districts[k] for k in sorted(self._districts)]

    def postcode_arrays(self) -> tuple[list[str], np.ndarray, np.ndarray, list[str]]:
        """Return (postcodes, latitudes, longitudes, district keys) of residential postcodes."""
        return self._codes, self._lats, self._lons, self._district_of

    def reach(self, point: HasCoordinates, limit: float) -> tuple[np.ndarray, np.ndarray]:
        """Residential postcodes within `limit` commute minutes of `point`: (rows, minutes).

        `rows` index :meth:`postcode_arrays`. Computed once per point and limit
        (workplaces repeat: the institutions of a network) and kept.
        """
        key = (float(point.lat), float(point.lon), float(limit))
        found = self._reach.get(key)
        if found is None:
            minutes = minutes_for_km(_haversine(point.lat, point.lon, self._lats, self._lons))
            rows = np.flatnonzero(minutes <= limit)
            found = (rows, minutes[rows])
            with self._reach_lock:
                if len(self._reach) > 10_000:
                    self._reach.clear()
                self._reach[key] = found
        return found


class CommutingFlows:
    """How many people commute from a home district to a work district (BA, June 2023).

    Counts are rounded to tens by the BA; flows under 10 people are not
    published (None here). People living and working in the same district are
    not commuters in these statistics (also None).
    """

    def __init__(self, flows: dict[tuple[str, str], int]) -> None:
        self._flows = flows
        self._max_into: dict[str, int] = defaultdict(int)
        for (_, work), count in flows.items():
            self._max_into[work] = max(self._max_into[work], count)

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> CommutingFlows:
        """Read the shipped flow file."""
        with gzip.open(data_dir / "commuting_flows_de.csv.gz", "rt", encoding="utf-8") as fh:
            return cls(
                {(r["home_key"], r["work_key"]): int(r["commuters"]) for r in csv.DictReader(fh)}
            )

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> CommutingFlows:
        """Return the shipped flows, loaded once per process."""
        return cls.load()

    def commuters(self, *, home_key: str, work_key: str) -> int | None:
        """Return the number of commuters from `home_key` to `work_key`, or None if unpublished."""
        return self._flows.get((home_key, work_key))

    def strength(self, *, home_key: str, work_key: str) -> float:
        """Return 0..1: this flow relative to the largest flow into `work_key` (1.0 if same)."""
        if home_key == work_key:
            return 1.0
        count = self._flows.get((home_key, work_key))
        if not count:
            return 0.0
        return math.log1p(count) / math.log1p(self._max_into[work_key])


@dataclass(frozen=True)
class HomeSuggestion:
    """A district where a couple could live, with the best place in it."""

    district_key: str
    district_name: str
    place: Place  # the postcode in the district with the best pair of commutes
    minutes_a: float  # estimated commute to workplace A
    minutes_b: float
    commuters_a: int | None  # real commuters district -> workplace A's district (BA)
    commuters_b: int | None
    score: float  # 0..1, higher is better


def couple_homes(
    work_a: HasCoordinates,
    work_b: HasCoordinates,
    *,
    limit_a: float,
    limit_b: float,
    top: int = 10,
    gazetteer: Gazetteer | None = None,
    flows: CommutingFlows | None = None,
) -> list[HomeSuggestion]:
    """Return districts from which both workplaces are within the commute limits (minutes).

    Every German postcode is a candidate home; a district qualifies if one of
    its postcodes keeps both estimated commutes within the limits. Districts
    are ranked by how much of the limits the commutes use (70%) and by how many
    people really commute from them to the two workplaces' districts (30%).
    An empty list means no home exists for this couple.
    """
    gazetteer = gazetteer or Gazetteer.default()
    flows = flows or CommutingFlows.default()
    codes, lats, lons, district_of = gazetteer.postcode_arrays()
    minutes_a = minutes_for_km(_haversine(work_a.lat, work_a.lon, lats, lons))
    minutes_b = minutes_for_km(_haversine(work_b.lat, work_b.lon, lats, lons))
    ok = np.flatnonzero((minutes_a <= limit_a) & (minutes_b <= limit_b))
    if not len(ok):
        return []
    key_a = _nearest_district(gazetteer, work_a)
    key_b = _nearest_district(gazetteer, work_b)
    load = np.maximum(minutes_a / limit_a, minutes_b / limit_b)
    best_in_district: dict[str, int] = {}
    for i in ok[np.argsort(load[ok])]:
        best_in_district.setdefault(district_of[i], int(i))
    suggestions = []
    for district_key, i in best_in_district.items():
        if not district_key:
            continue
        strength = 0.5 * (
            flows.strength(home_key=district_key, work_key=key_a)
            + flows.strength(home_key=district_key, work_key=key_b)
        )
        place = gazetteer.postcode(codes[i])
        assert place is not None
        suggestions.append(
            HomeSuggestion(
                district_key=district_key,
                district_name=place.district_name,
                place=place,
                minutes_a=round(float(minutes_a[i]), 1),
                minutes_b=round(float(minutes_b[i]), 1),
                commuters_a=flows.commuters(home_key=district_key, work_key=key_a),
                commuters_b=flows.commuters(home_key=district_key, work_key=key_b),
                score=round(0.7 * (1.0 - float(load[i])) + 0.3 * strength, 4),
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.district_key))
    return suggestions[:top]


def _nearest_district(gazetteer: Gazetteer, point: HasCoordinates) -> str:
    district = getattr(point, "district_key", "")
    if district:
        return str(district)
    _, lats, lons, district_of = gazetteer.postcode_arrays()
    return district_of[int(np.argmin(_haversine(point.lat, point.lon, lats, lons)))]
