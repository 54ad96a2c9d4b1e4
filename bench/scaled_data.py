"""The demo network scaled up, generated fast, for the load and platform benchmarks.

Used by ``bench/load.py`` and ``bench/matching_platform.py``:

    from bench import scaled_data
    info = scaled_data.ensure(database_url, openings=100_000, profiles=5_000)

What it builds (this code's migrations, PostgreSQL):

- 50 institutions in one regional network coordinated by a regional
  association: 20 universities with a Dual Career Service (an officer each),
  29 employers (companies, research institutes, hospitals); "Benchmark
  University" (Bochum) is the officer's, "Benchmark GmbH" (Essen) the
  employer contact's;
- --openings live openings (ESCO titles, German or English, with the ESCO
  description and 14-25 sentences of job-ad prose around it, 2-3 KB as
  real ads are, ``AD_SENTENCES``; 80 % public, 15 % network, 5 % officers only; one to two
  places all over Germany, two thirds in the Ruhr), one in twenty at
  Benchmark GmbH (its "my openings" list), the others spread over the other
  employers; each with its search column filled as the services fill it and
  its embedding stored (one real embedding per occupation and language plus
  noise: what the model gives near-duplicates; ``OpeningEmbedding`` rows
  written in bulk, as ``index.embed_openings`` writes them, with their
  title's ESCO links, linked once per distinct title);
- --profiles open cases with a partner, a profile and consent to be shown to
  employers, a fifth of them at Benchmark University (its officer's case
  list), the others spread over the other universities; the profile
  embeddings are stored through the platform's own path
  (``index.profile_vectors``: the text and hash the rankings check), their
  vectors made like the openings' from the occupation's title;
- 20,000 audit entries (the audit page).

Everything is written with ``bulk_create`` in batches, never one service call
per row. The database is kept between runs: a marker table
``bench_dataset`` records the parameters and the generator's version, and a
later ``ensure`` with the same parameters only applies new migrations and
logs the simulated users in again (fresh sessions).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "dualcareer" / "data"
VERSION = 5  # bump when the generated data changes: cached databases are rebuilt
MARKER = "bench_dataset"
SECRET_KEY = "bench-only-secret-key-0123456789-0123456789-0123456789"  # noqa: S105 (bench only)
N_UNIVERSITIES = 20
N_EMPLOYERS = 29
AUDIT_ENTRIES = 20_000
# Job-ad prose around the occupation's own description (written for this benchmark):
# real ads are 2-6 KB (tasks, profile, offer, how to apply), and a search over
# such texts behaves unlike one over a 300-character ESCO description.
AD_SENTENCES = {
    "de": (
        (
            "wir bieten ihnen einen unbefristeten arbeitsvertrag mit attraktiver vergütung "
            "nach tarif sowie eine betriebliche altersvorsorge."
        ),
        (
            "flexible arbeitszeiten und die möglichkeit zum mobilen arbeiten an bis zu drei "
            "tagen pro woche unterstützen die vereinbarkeit von familie und beruf."
        ),
        (
            "30 tage urlaub im jahr sowie zusätzliche freie tage am 24. und 31. dezember sind"
            " bei uns selbstverständlich."
        ),
        (
            "eine strukturierte einarbeitung durch erfahrene kolleginnen und kollegen "
            "erleichtert ihnen den start in unserem team."
        ),
        (
            "wir fördern ihre persönliche und fachliche weiterentwicklung durch ein "
            "umfangreiches angebot an fortbildungen und seminaren."
        ),
        (
            "ein zuschuss zum deutschlandticket, kostenlose parkplätze und eine gute "
            "anbindung an den öffentlichen nahverkehr erwarten sie."
        ),
        (
            "unser betriebliches gesundheitsmanagement bietet sportkurse, gesundheitstage und"
            " vergünstigungen in fitnessstudios."
        ),
        (
            "sie arbeiten in einem offenen und wertschätzenden umfeld mit flachen hierarchien"
            " und kurzen entscheidungswegen."
        ),
        (
            "die stelle ist grundsätzlich teilbar; bewerbungen von teilzeitkräften sind "
            "ausdrücklich erwünscht."
        ),
        "schwerbehinderte menschen werden bei gleicher eignung bevorzugt berücksichtigt.",
        (
            "wir begrüßen bewerbungen aller menschen unabhängig von geschlecht, nationalität,"
            " ethnischer und sozialer herkunft, religion, behinderung, alter sowie sexueller "
            "orientierung und identität."
        ),
        (
            "bitte senden sie ihre aussagekräftigen bewerbungsunterlagen mit lebenslauf, "
            "zeugnissen und angabe ihres frühestmöglichen eintrittstermins über unser online-"
            "portal."
        ),
        (
            "für fragen zur stelle steht ihnen die fachabteilung gerne telefonisch oder per "
            "e-mail zur verfügung."
        ),
        (
            "die bewerbungsfrist endet vier wochen nach veröffentlichung dieser "
            "ausschreibung; die vorstellungsgespräche finden voraussichtlich im folgemonat "
            "statt."
        ),
        "reisekosten für vorstellungsgespräche können leider nicht erstattet werden.",
        (
            "sie verfügen über eine abgeschlossene ausbildung oder ein abgeschlossenes "
            "studium in einem einschlägigen bereich oder eine vergleichbare qualifikation."
        ),
        (
            "sie bringen mehrjährige berufserfahrung mit und arbeiten gerne selbstständig, "
            "strukturiert und lösungsorientiert."
        ),
        (
            "sehr gute deutschkenntnisse in wort und schrift sowie gute englischkenntnisse "
            "setzen wir voraus."
        ),
        (
            "sicherer umgang mit den gängigen ms-office-anwendungen und die bereitschaft, "
            "sich in neue software einzuarbeiten, runden ihr profil ab."
        ),
        (
            "teamfähigkeit, kommunikationsstärke und ein freundliches, verbindliches "
            "auftreten zeichnen sie aus."
        ),
        (
            "zu ihren aufgaben gehören die planung, organisation und dokumentation der "
            "laufenden vorgänge in enger abstimmung mit den beteiligten abteilungen."
        ),
        (
            "sie übernehmen die koordination interner und externer ansprechpartner und sind "
            "erste anlaufstelle für rückfragen."
        ),
        (
            "die mitarbeit in projekten zur weiterentwicklung unserer prozesse und "
            "qualitätsstandards gehört ebenfalls zu ihrem aufgabenbereich."
        ),
        (
            "unser unternehmen ist seit über fünfzig jahren in der region verwurzelt und "
            "beschäftigt an mehreren standorten rund zweitausend mitarbeitende."
        ),
        (
            "als familienfreundlicher arbeitgeber sind wir mehrfach ausgezeichnet worden und "
            "unterstützen unsere beschäftigten bei der kinderbetreuung."
        ),
    ),
    "en": (
        (
            "we offer a permanent contract with a competitive salary, a company pension "
            "scheme and thirty days of annual leave."
        ),
        (
            "flexible working hours and the option to work from home support a healthy "
            "balance between work and private life."
        ),
        (
            "a structured onboarding programme and a personal mentor will help you settle "
            "into your new role quickly."
        ),
        (
            "we invest in your development with a wide range of training courses, conferences"
            " and internal workshops."
        ),
        (
            "you hold a relevant degree or completed vocational training and have several "
            "years of professional experience."
        ),
        (
            "you work independently, communicate clearly and enjoy collaborating with "
            "colleagues from different disciplines."
        ),
        (
            "fluent english is required; german language skills are an advantage but not a "
            "prerequisite."
        ),
        (
            "please submit your application including a cover letter, your cv and relevant "
            "certificates through our online portal."
        ),
        (
            "we welcome applications from all qualified candidates regardless of gender, "
            "nationality, ethnic or social origin, religion, disability, age or sexual "
            "identity."
        ),
        (
            "our campus offers a canteen, a childcare facility, sports programmes and "
            "excellent public transport connections."
        ),
        (
            "relocation support and help with finding accommodation are available for "
            "candidates moving from abroad."
        ),
        "the position is initially limited to two years with the possibility of extension.",
        (
            "your tasks include planning, organising and documenting ongoing processes in "
            "close cooperation with other departments."
        ),
        (
            "you will coordinate internal and external stakeholders and act as the first "
            "point of contact for enquiries."
        ),
        (
            "you will contribute to projects that develop our processes and quality standards"
            " further."
        ),
        (
            "you will join an international team of around forty colleagues who value open "
            "feedback and shared responsibility."
        ),
        (
            "we offer hybrid working, a modern workplace in the city centre and a subsidised "
            "public transport ticket."
        ),
        "experience with agile methods and modern collaboration tools is a plus.",
        (
            "you enjoy solving problems, take ownership of your work and keep an eye on "
            "quality and deadlines."
        ),
        "the salary is based on the collective agreement and your qualifications and experience.",
        (
            "we are an equal opportunities employer; applicants with disabilities are given "
            "preference if equally qualified."
        ),
        "interviews will take place online or on site within four weeks of the closing date.",
    ),
}
RUHR = ("44", "45", "46", "47", "58", "59")


def env(database_url: str, index_dir: str) -> dict[str, str]:
    """The environment of the server and of the generator: production settings, this database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_DEBUG": "false",
        "MATCHING_INDEX_DIR": index_dir,
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }


def _rows(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _postgres(url: str, sql: str) -> Any:
    import psycopg

    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if cursor.description else None


def _marker(url: str) -> dict[str, Any] | None:
    """The parameters the database `url` was generated with, or None (absent, unfinished)."""
    import psycopg

    name = urlparse(url).path.lstrip("/")
    if not _postgres(url, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"):  # noqa: S608
        return None
    with psycopg.connect(url, connect_timeout=5) as conn:
        exists = conn.execute("SELECT to_regclass(%s)", [MARKER]).fetchone()
        if not exists or exists[0] is None:
            return None
        row = conn.execute(f"SELECT value FROM {MARKER} WHERE key = 'params'").fetchone()  # noqa: S608
    return json.loads(row[0]) if row else None


def ensure(
    database_url: str,
    *,
    openings: int,
    profiles: int,
    users: int = 50,
    index_dir: str = "",
    rebuild: bool = False,
) -> dict[str, Any]:
    """Make sure the database holds the data set; return its simulated users and sizes.

    Runs the generator in a child process (Django set up with the bench's
    settings); the database is dropped and generated again only when its
    marker differs from the parameters (or `rebuild`).
    """
    params = {"version": VERSION, "openings": openings, "profiles": profiles}
    index_dir = index_dir or tempfile.mkdtemp(prefix="bench-matching-index-")
    name = urlparse(database_url).path.lstrip("/")
    fresh = rebuild or _marker(database_url) != params
    if fresh:
        print(f"data: generating {name} ({openings:,} openings, {profiles:,} profiles)", flush=True)
        _postgres(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres(database_url, f'CREATE DATABASE "{name}"')
    else:
        print(f"data: reusing {name} ({openings:,} openings, {profiles:,} profiles)", flush=True)
    out = Path(tempfile.gettempdir()) / f"bench-scaled-{name}.json"
    command = [sys.executable, __file__, json.dumps(params), str(out)]
    command += ["--users", str(users)] + (["--generate"] if fresh else [])
    subprocess.run(command, cwd=ROOT, env=env(database_url, index_dir), check=True)
    info: dict[str, Any] = json.loads(out.read_text())
    info["index_dir"] = index_dir
    return info


# -- inside Django ---------------------------------------------------------------------------


def _title_vectors(embedder: Any, keys: list[str], titles: list[str]) -> np.ndarray:
    """One embedding per (occupation, language) title, cached in a file between runs."""
    cache_file = Path(tempfile.gettempdir()) / "bench-matching-title-vectors.npz"
    stored: dict[str, np.ndarray] = {}
    if cache_file.exists():
        with np.load(cache_file) as saved:
            if str(saved["model"]) == embedder.name:
                stored = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
    todo = [i for i, k in enumerate(keys) if k not in stored]
    if todo:
        fresh = embedder.embed([titles[i] for i in todo])
        stored.update({keys[i]: fresh[j] for j, i in enumerate(todo)})
        np.savez(
            cache_file,
            keys=np.asarray(list(stored)),
            vectors=np.stack(list(stored.values())),
            model=np.asarray(embedder.name),
        )
    return np.stack([stored[k] for k in keys])


def generate(n_openings: int, n_profiles: int) -> dict[str, Any]:
    """Write the data set into the (empty, migrated) database; return timings."""
    from django.db import connection, transaction
    from django.utils import timezone

    from dualcareer.accounts.models import InstitutionRole, Role, User
    from dualcareer.cases.models import Case, Consent, PartnerProfile
    from dualcareer.core.models import AuditEntry
    from dualcareer.network.models import Institution, Network, NetworkMembership, Sector
    from dualcareer.openings.cells import cells_text
    from dualcareer.openings.matchmaking import index as matching_index
    from dualcareer.openings.models import Opening, OpeningEmbedding, OpeningPlace

    rng = random.Random(2026)
    nrng = np.random.default_rng(2026)
    occ = {
        lang: {r["uri"]: r for r in _rows(f"esco_occupations_{lang}.csv.gz")}
        for lang in ("de", "en")
    }
    uris = sorted(set(occ["de"]) & set(occ["en"]))
    places = [r for r in _rows("postcodes_de.csv.gz") if r["place"] and r["lat"]]
    ruhr = [p for p in places if p["postcode"][:2] in RUHR]
    started = time.perf_counter()
    today = timezone.localdate()
    now = timezone.now()

    coordinating = Institution.objects.create(
        name="Regionalverband Benchmark",
        slug="bench-region",
        sector=Sector.REGIONAL_ASSOCIATION,
        city="Essen",
    )
    network = Network.objects.create(
        name="Bench network",
        slug="bench-network",
        kind=Network.Kind.REGIONAL,
        coordinating_institution=coordinating,
    )
    universities = [
        Institution(
            name="Benchmark University" if i == 0 else f"Universität Bench {i:02d}",
            slug="bench-uni" if i == 0 else f"bench-uni-{i:02d}",
            sector=Sector.UNIVERSITY,
            city="Bochum" if i == 0 else rng.choice(ruhr)["place"][:100],
            latitude=51.4447,
            longitude=7.2617,
            offers_dual_career_service=True,
        )
        for i in range(N_UNIVERSITIES)
    ]
    employer_sectors = (Sector.COMPANY, Sector.RESEARCH_INSTITUTE, Sector.COMPANY, Sector.MUSEUM)
    employers = [
        Institution(
            name="Benchmark GmbH" if i == 0 else f"Bench Arbeitgeber {i:02d}",
            slug="benchmark" if i == 0 else f"bench-employer-{i:02d}",
            sector=Sector.COMPANY if i == 0 else employer_sectors[i % len(employer_sectors)],
            city="Essen" if i == 0 else rng.choice(ruhr)["place"][:100],
        )
        for i in range(N_EMPLOYERS)
    ]
    Institution.objects.bulk_create(universities + employers)
    NetworkMembership.objects.bulk_create(
        [
            NetworkMembership(network=network, institution=i, joined_on=dt.date(2020, 1, 1))
            for i in [coordinating, *universities, *employers]
        ]
    )
    staff = []
    for i, university in enumerate(universities):
        staff.append((f"officer{i}@example.org", university, Role.OFFICER))
    staff.append(("contact@example.org", employers[0], Role.EMPLOYER))
    staff.append(("coordinator@example.org", coordinating, Role.COORDINATOR))
    staff_users = User.objects.bulk_create(
        [User(email=email, password="!") for email, _i, _r in staff]  # noqa: S106 (unusable)
    )
    InstitutionRole.objects.bulk_create(
        [
            InstitutionRole(user=u, institution=inst, role=role)
            for u, (_e, inst, role) in zip(staff_users, staff, strict=True)
        ]
    )

    # Openings, their places and search column.
    kinds: list[tuple[str, str]] = []
    batch: list[Opening] = []
    located: list[list[dict[str, str]]] = []
    own = max(1, n_openings // 20)
    for i in range(n_openings):
        uri = uris[rng.randrange(len(uris))]
        lang = "en" if rng.random() < 0.35 else "de"
        row = occ[lang][uri]
        title = row["preferred_label"].split("/")[0][:200]
        prose = rng.sample(AD_SENTENCES[lang], rng.randint(14, len(AD_SENTENCES[lang])))
        desc = " ".join([row["description"] or title, *prose])
        employer = employers[0] if i < own else employers[1 + i % (N_EMPLOYERS - 1)]
        roll = rng.random()
        visibility = "public" if roll < 0.8 else "network" if roll < 0.95 else "officers"
        where = [rng.choice(ruhr if rng.random() < 0.67 else places)]
        if rng.random() < 0.2:
            where.append(rng.choice(places))
        opening = Opening(
            institution=employer,
            title_de=title if lang == "de" else "",
            title_en=title if lang == "en" else "",
            description_de=desc if lang == "de" else "",
            description_en=desc if lang == "en" else "",
            occupation_field="other",
            contract_type="permanent",
            working_time=rng.choice(("full_time", "part_time", "either")),
            languages=",de," if lang == "de" else ",en,",
            visibility=visibility,
            is_published=True,
            published_at=now - dt.timedelta(seconds=i * 7),
            closing_date=today + dt.timedelta(days=365 * 50),
            source="import",
        )
        opening.search_text = " ".join(
            [title, desc, employer.name, *(f"{p['postcode']} {p['place']}" for p in where)]
        ).lower()
        opening.place_cells = cells_text(
            SimpleNamespace(latitude=float(p["lat"]), longitude=float(p["lon"])) for p in where
        )
        kinds.append((uri, lang))
        batch.append(opening)
        located.append(where)
    with transaction.atomic():
        for s in range(0, n_openings, 5000):
            Opening.objects.bulk_create(batch[s : s + 5000])
        OpeningPlace.objects.bulk_create(
            [
                OpeningPlace(
                    opening=o,
                    postcode=p["postcode"],
                    city=p["place"][:100],
                    latitude=float(p["lat"]),
                    longitude=float(p["lon"]),
                )
                for o, where in zip(batch, located, strict=True)
                for p in where
            ],
            batch_size=5000,
        )
    openings_s = time.perf_counter() - started

    # Embeddings: one real vector per (occupation, language) title, plus noise.
    started = time.perf_counter()
    embedder = matching_index.get_embedder()
    texts = [matching_index.opening_text(o) for o in batch]
    distinct = sorted(set(kinds))
    title_of = {
        key: (occ[key[1]][key[0]]["preferred_label"].split("/")[0][:200]) for key in distinct
    }
    keys = [f"{k[0]}|{k[1]}|{title_of[k]}" for k in distinct]
    table = _title_vectors(embedder, keys, [title_of[k] for k in distinct])
    row_of = {key: i for i, key in enumerate(distinct)}
    # ESCO links stored with the embedding, as `index.embed_openings` stores them: one
    # linking per distinct title (titles repeat a lot), none without the engine's model.
    linker = matching_index.get_matcher(embedder)
    links_key = linker.links_key if linker is not None else ""
    titles = sorted({matching_index.opening_title(o) for o in batch})
    links_of = (
        {
            title: [[uri, value] for uri, value in links]
            for title, links in zip(titles, linker.links_for(titles), strict=True)
        }
        if linker is not None
        else {}
    )
    for s in range(0, n_openings, 5000):
        chunk = kinds[s : s + 5000]
        vectors = table[[row_of[key] for key in chunk]]
        vectors = vectors + nrng.standard_normal(vectors.shape, dtype=np.float32) * (
            0.15 / np.sqrt(vectors.shape[1])
        )
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        OpeningEmbedding.objects.bulk_create(
            [
                OpeningEmbedding(
                    opening_id=o.pk,
                    model=embedder.name,
                    text_hash=matching_index.text_hash(texts[s + j]),
                    vector=vectors[j].astype("<f4").tobytes(),
                    links=links_of.get(matching_index.opening_title(o)),
                    links_key=links_key,
                    updated_at=now,
                )
                for j, o in enumerate(batch[s : s + 5000])
            ]
        )
    embeddings_s = time.perf_counter() - started

    # Cases: partners with a consenting profile; a fifth at Benchmark University.
    started = time.perf_counter()
    partners = User.objects.bulk_create(
        [
            User(
                email=f"partner{i}@example.org",
                first_name=f"Partner{i}",
                kind=User.Kind.PARTNER,
                password="!",  # noqa: S106 (unusable)
            )
            for i in range(n_profiles)
        ],
        batch_size=2000,
    )
    at_bench = max(1, n_profiles // 5)
    cases = Case.objects.bulk_create(
        [
            Case(
                institution=universities[0]
                if i < at_bench
                else universities[1 + i % (N_UNIVERSITIES - 1)],
                recruited_name=f"Recruited {i}",
                status="active",
                partner_user=u,
                opened_on=today - dt.timedelta(days=i % 700),
            )
            for i, u in enumerate(partners)
        ],
        batch_size=2000,
    )
    cities = ("Bochum", "Dortmund", "Essen", "Herne", "Gelsenkirchen", "Witten", "Hagen")
    profiles = []
    german = [key for key in distinct if key[1] == "de"] or distinct
    wanted: list[tuple[str, str]] = []
    for case in cases:
        wanted.append(german[rng.randrange(len(german))])
        row = occ["de"][wanted[-1][0]]
        alts = [a for a in row["alt_labels"].split("|") if a] or [row["preferred_label"]]
        profiles.append(
            PartnerProfile(
                case=case,
                desired_positions=rng.choice(alts),
                experience=row["description"][:300],
                professional_field="",
                working_time=rng.choice(("full_time", "part_time", "either")),
                work_places=rng.choice(cities),
                radius_km=rng.choice((20, 30, 40, 60)),
                languages=[{"language": "de", "level": "C1"}, {"language": "en", "level": "B2"}],
            )
        )
    PartnerProfile.objects.bulk_create(profiles, batch_size=2000)
    Consent.objects.bulk_create(
        [
            Consent(
                case=case,
                scope="employers",
                granted_at=now,
                expires_at=now + dt.timedelta(days=365),
            )
            for case in cases
        ],
        batch_size=2000,
    )
    from django.contrib.contenttypes.models import ContentType

    case_type = ContentType.objects.get_for_model(Case)
    officer = staff_users[0]
    actions = ("case.opened", "case.activity_logged", "case.closed")
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=officer,
                action=actions[i % len(actions)],
                target_type=case_type,
                target_id=str(cases[i % at_bench].pk),
                institution=universities[0],
                data={"n": i},
                about_case=cases[i % at_bench].public_id,
            )
            for i in range(AUDIT_ENTRIES)
        ],
        batch_size=5000,
    )
    cases_s = time.perf_counter() - started

    # Profile embeddings through the platform's own bulk path (`profile_vectors`, the
    # text and hash the rankings check), the vectors from the occupation's title + noise.
    started = time.perf_counter()
    from dualcareer.matching import score as engine
    from dualcareer.openings.matchmaking.adapter import profile_to_engine

    by_text: dict[str, np.ndarray] = {}
    texts_of: dict[int, str] = {}
    stored_profiles = PartnerProfile.objects.filter(case__in=cases).select_related(
        "case__institution"
    )
    key_of = {case.pk: key for case, key in zip(cases, wanted, strict=True)}
    for profile in stored_profiles.order_by("pk"):
        text = engine.Matcher.profile_text(profile_to_engine(profile, result_id=str(profile.pk)))
        vector = table[row_of[key_of[profile.case_id]]] + nrng.standard_normal(
            table.shape[1], dtype=np.float32
        ) * (0.15 / np.sqrt(table.shape[1]))
        by_text[text] = vector / np.linalg.norm(vector)
        texts_of[profile.pk] = text

    class Precomputed:
        name = embedder.name

        def embed(self, texts: list[str]) -> np.ndarray:
            return np.stack([by_text[t] for t in texts]).astype(np.float32)

    positions = {
        profile.pk: profile_to_engine(profile, result_id="").desired_positions
        for profile in stored_profiles
    }
    # The positions' links are stored too (a position is linked once: the engine caches it).
    matching_index.profile_vectors(texts_of, embedder=Precomputed(), positions=positions)
    profile_embed_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        # VACUUM too: a table written in bulk has no visibility map yet, so PostgreSQL cannot
        # answer from an index alone (the places' box index) until autovacuum has run, as it
        # has in production. Without it a city's capped count at 1,000,000 openings read
        # 9,947 heap blocks (129 ms) instead of the index (22 ms).
        cursor.execute("VACUUM (ANALYZE)")
    return {
        "openings_s": round(openings_s, 1),
        "embeddings_s": round(embeddings_s, 1),
        "cases_s": round(cases_s, 1),
        "profile_embed_s": round(profile_embed_s, 1),
    }


def sessions(users: int) -> dict[str, Any]:
    """Log the simulated users in (fresh sessions) and name the objects the pages need."""
    from django.conf import settings
    from django.test import Client

    from dualcareer.accounts.models import User
    from dualcareer.accounts.twofactor import SESSION_VERIFIED_KEY
    from dualcareer.cases.models import Case
    from dualcareer.openings.models import Opening

    def cookie(user: Any) -> str:
        client = Client()
        client.force_login(user)
        session = client.session  # the bench stands in for the second factor, as the tests do
        session[SESSION_VERIFIED_KEY] = str(user.pk)
        session.save()
        return str(session.session_key)

    officer = User.objects.get(email="officer0@example.org")
    bench_cases = list(
        Case.objects.filter(institution__slug="bench-uni")
        .order_by("pk")
        .values_list("public_id", "partner_user_id")[: users * 2]
    )
    partners = {u.pk: u for u in User.objects.filter(pk__in=[p for _c, p in bench_cases])}
    own = list(
        Opening.objects.filter(institution__slug="benchmark")
        .order_by("pk")
        .values_list("public_id", flat=True)[:users]
    )
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "officer": cookie(officer),
        "employer": cookie(User.objects.get(email="contact@example.org")),
        "coordinator": cookie(User.objects.get(email="coordinator@example.org")),
        # partners[i] is the partner of cases[i] (the officer sees those cases)
        "partners": [cookie(partners[p]) for _c, p in bench_cases[:users]],
        "cases": [str(c) for c, _p in bench_cases[users : users * 2]],
        "partner_cases": [str(c) for c, _p in bench_cases[:users]],
        "own_openings": [str(o) for o in own],
    }


def _main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("params")
    parser.add_argument("out")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--generate", action="store_true")
    args = parser.parse_args()
    params = json.loads(args.params)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    timings: dict[str, Any] = {}
    if args.generate:
        timings = generate(params["openings"], params["profiles"])
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {MARKER} (key text PRIMARY KEY, value text NOT NULL)")
            cursor.execute(
                f"INSERT INTO {MARKER} VALUES ('params', %s), ('timings', %s)",  # noqa: S608
                [json.dumps(params), json.dumps(timings)],
            )
    else:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT value FROM {MARKER} WHERE key = 'timings'")  # noqa: S608
            row = cursor.fetchone()
            timings = json.loads(row[0]) if row else {}
    word_counts()
    info = {**params, "timings": timings, **sessions(args.users)}
    Path(args.out).write_text(json.dumps(info))


def word_counts() -> None:
    """Count the openings of the word search's stored words as the daily
    `search_words_prune` does in production, where no word was counted yet (a data set
    generated, or migrated to 0015, since)."""
    from django.db import connection

    from dualcareer.openings.services import search_words_prune

    with connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM openings_searchword WHERE openings >= 0)")
        if cursor.fetchone()[0]:
            return
    started = time.perf_counter()
    counted = search_words_prune()[2]
    print(
        f"data: search_words_prune {time.perf_counter() - started:.1f} s "
        f"({counted:,} words counted)",
        flush=True,
    )


if __name__ == "__main__":
    _main()
