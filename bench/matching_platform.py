"""Matching pages end to end: one user and many at once, the code before against this code.

    DB=postgres://postgres@127.0.0.1:5432/dc_speed
    .venv/bin/python bench/matching_platform.py --database-url $DB --before /tmp/speed-old

What it does, in one run:

1. **Data** (this code's migrations, in the database named by --database-url,
   dropped and created again): --openings live openings (ESCO titles, German
   or English, places all over Germany, two thirds in the Ruhr) with stored
   embeddings (one real embedding per occupation and language plus noise, as
   the model would give near-duplicates), --profiles partner profiles of open
   cases at a university in the employer's network, each consenting to be
   shown to employers, with their profile embeddings stored by
   ``manage.py matching_index`` (this code), and a logged-in session for
   every simulated user: partners ("openings for a partner",
   ``/openings/matches/``), the university's officer (a case's matches) and
   the employer's contact ("partners for an opening").
2. For each code (``--before DIR``, e.g. ``git archive HEAD`` unpacked, then
   this one): gunicorn with 2 workers on that code and this database, warmed
   up by a few requests per page (the code before builds its engine on the
   first matching request of each worker), then
   - **one user**: each page for --single different users/objects one after
     the other (never the same ranking twice: no cache helps), then the same
     again (a page seen before: the ranking cache of this code answers);
   - **many users**: --users simulated users (a third per page) for
     --duration seconds, each: request a page, wait --think seconds, again;
     each user asks for its own ranking;
   and in both, a bare page (``/imprint/``: a template and nothing else)
   as the baseline, in the same run. Latency is the client's (page rendered
   and sent). Then the memory of each worker (RSS and PSS, which splits
   shared pages between the processes sharing them).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "dualcareer" / "data"
PAGES = ("partner", "officer", "employer")
PORT = 8765


def _rows(name: str) -> list[dict[str, str]]:
    with gzip.open(DATA / name, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _env(database_url: str, index_dir: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789-0123456789-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_DEBUG": "false",
        "MATCHING_INDEX_DIR": index_dir,
        "GUNICORN_ACCESS_LOG": "/dev/null",
    }


# -- 1. data -------------------------------------------------------------------------------


def setup(n_openings: int, n_profiles: int, users: int) -> dict[str, Any]:
    """Create the data (runs inside Django, this code); return the simulated users."""
    import datetime as dt

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from dualcareer.accounts.models import InstitutionRole, Role, User
    from dualcareer.cases.models import Case, Consent, PartnerProfile
    from dualcareer.network.models import Institution, Network, NetworkMembership, Sector
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
    ruhr = [p for p in places if p["postcode"][:2] in ("44", "45", "46", "47", "58", "59")]
    started = time.perf_counter()
    network = Network.objects.create(name="Bench network", slug="bench-network")
    employer = Institution.objects.create(
        name="Benchmark GmbH", slug="benchmark", sector=Sector.COMPANY, city="Essen"
    )
    university = Institution.objects.create(
        name="Benchmark University",
        slug="bench-uni",
        sector=Sector.UNIVERSITY,
        city="Bochum",
        latitude=51.4447,
        longitude=7.2617,
    )
    for institution in (employer, university):
        NetworkMembership.objects.create(
            network=network, institution=institution, joined_on=dt.date(2020, 1, 1)
        )
    officer = User.objects.create_user("officer@example.org", None)
    InstitutionRole.objects.create(user=officer, institution=university, role=Role.OFFICER)
    contact = User.objects.create_user("contact@example.org", None)
    InstitutionRole.objects.create(user=contact, institution=employer, role=Role.EMPLOYER)

    now = timezone.now()
    kinds: list[tuple[str, str]] = []
    batch: list[Opening] = []
    located: list[tuple[Opening, dict[str, str]]] = []
    for i in range(n_openings):
        uri = uris[rng.randrange(len(uris))]
        lang = "en" if rng.random() < 0.35 else "de"
        row = occ[lang][uri]
        title = row["preferred_label"].split("/")[0][:200]
        desc = row["description"] or title
        opening = Opening(
            institution=employer,
            title_de=title if lang == "de" else "",
            title_en=title if lang == "en" else "",
            description_de=desc if lang == "de" else "",
            description_en=desc if lang == "en" else "",
            occupation_field="other",
            visibility="public",
            is_published=True,
            published_at=now - dt.timedelta(seconds=i),
            closing_date=dt.date(2099, 1, 1),
        )
        kinds.append((uri, lang))
        batch.append(opening)
        located.append((opening, rng.choice(ruhr if rng.random() < 0.67 else places)))
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
                for o, p in located
            ],
            batch_size=5000,
        )
    embedder = matching_index.get_embedder()
    texts = [matching_index.opening_text(o) for o in batch]
    distinct = sorted(set(kinds))
    sample: dict[tuple[str, str], str] = {}
    for key, text in zip(kinds, texts, strict=True):
        sample.setdefault(key, text)
    # One vector per occupation and language, of its title (short texts: quick to embed),
    # kept in a file beside the database for the next run.
    cache_file = Path(tempfile.gettempdir()) / "bench-matching-title-vectors.npz"
    titles = [sample[key].split(" ", 12)[0:12] for key in distinct]
    keys = [f"{key[0]}|{key[1]}|{' '.join(t)}" for key, t in zip(distinct, titles, strict=True)]
    stored: dict[str, np.ndarray] = {}
    if cache_file.exists():
        with np.load(cache_file) as saved:
            if str(saved["model"]) == embedder.name:
                stored = dict(zip(saved["keys"].tolist(), saved["vectors"], strict=True))
    todo = [i for i, k in enumerate(keys) if k not in stored]
    if todo:
        fresh = embedder.embed([" ".join(titles[i]) for i in todo])
        stored.update({keys[i]: fresh[j] for j, i in enumerate(todo)})
        np.savez(
            cache_file,
            keys=np.asarray(list(stored)),
            vectors=np.stack(list(stored.values())),
            model=np.asarray(embedder.name),
        )
    table = np.stack([stored[k] for k in keys])
    row_of = {key: i for i, key in enumerate(distinct)}
    vectors = table[[row_of[key] for key in kinds]]
    vectors = vectors + nrng.standard_normal(vectors.shape, dtype=np.float32) * (
        0.15 / np.sqrt(vectors.shape[1])
    )
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    for s in range(0, n_openings, 5000):
        OpeningEmbedding.objects.bulk_create(
            [
                OpeningEmbedding(
                    opening_id=o.pk,
                    model=embedder.name,
                    text_hash=matching_index.text_hash(texts[s + j]),
                    vector=vectors[s + j].astype("<f4").tobytes(),
                    updated_at=now,
                )
                for j, o in enumerate(batch[s : s + 5000])
            ]
        )

    partners = User.objects.bulk_create(
        [
            User(email=f"partner{i}@example.org", kind=User.Kind.PARTNER, password="!")  # noqa: S106 (unusable)
            for i in range(n_profiles)
        ]
    )
    cases = Case.objects.bulk_create(
        [
            Case(institution=university, recruited_name="X", status="active", partner_user=u)
            for u in partners
        ]
    )
    cities = ("Bochum", "Dortmund", "Essen", "Herne", "Gelsenkirchen", "Witten", "Hagen")
    profiles = []
    for case in cases:
        row = occ["de"][uris[rng.randrange(len(uris))]]
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
    PartnerProfile.objects.bulk_create(profiles, batch_size=1000)
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
        batch_size=1000,
    )
    data_s = time.perf_counter() - started
    started = time.perf_counter()
    call_command("matching_index", verbosity=0)  # stores the profile embeddings (this code)
    profile_embed_s = time.perf_counter() - started

    def session(user: Any) -> str:
        client = Client()
        client.force_login(user)
        return client.cookies[settings.SESSION_COOKIE_NAME].value

    per_page = users // 3 + 1
    out: list[dict[str, str]] = []
    for i in range(per_page):
        out.append(
            {
                "page": "partner",
                "url": reverse("openings:my_matches"),
                "cookie": session(partners[i]),
            }
        )
    officer_cookie = session(officer)
    contact_cookie = session(contact)
    for i in range(per_page):
        out.append(
            {
                "page": "officer",
                "url": reverse("openings:case_matches", args=[cases[per_page + i].public_id]),
                "cookie": officer_cookie,
            }
        )
        out.append(
            {
                "page": "employer",
                "url": reverse("exchange:opening_matches", args=[batch[i].public_id]),
                "cookie": contact_cookie,
            }
        )
    return {
        "cookie_name": settings.SESSION_COOKIE_NAME,
        "users": out,
        "data_s": round(data_s),
        "profile_embed_s": round(profile_embed_s),
    }


# -- 2. serving and measuring ----------------------------------------------------------------


def _get(url: str, cookie: str, timeout: float) -> tuple[float, int]:
    request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
        url, headers={"Cookie": cookie} if cookie else {}
    )
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0  # timed out or refused
    return time.perf_counter() - started, status


def _pct(values: list[float]) -> str:
    if not values:
        return "-"
    ms = np.asarray(values) * 1000
    return f"{np.percentile(ms, 50):.0f} / {np.percentile(ms, 95):.0f}"


def _memory(master: int) -> list[tuple[float, float]]:
    """(RSS MB, PSS MB) of each worker of the gunicorn `master`."""
    out = []
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, value = line.split(":", 1)
            fields[name] = int(value.split()[0]) / 1024
        out.append((round(fields["Rss"]), round(fields["Pss"])))
    return out


def measure(code: Path, env: dict[str, str], info: dict[str, Any], args: Any) -> dict[str, Any]:
    base = f"http://127.0.0.1:{PORT}"
    cookie_name = info["cookie_name"]
    users = info["users"]
    server_env = {
        **env,
        "PYTHONPATH": str(code),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_TIMEOUT": "600",
    }
    # Production settings (DEBUG off) serve hashed static files: collect them for this code.
    server_env["DJANGO_STATIC_ROOT"] = tempfile.mkdtemp(prefix=f"bench-static-{code.name}-")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=code,
        env=server_env,
        check=True,
    )
    gunicorn = Path(sys.executable).parent / "gunicorn"
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "-c", str(code / "gunicorn.conf.py")],
        cwd=code,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=open(Path(tempfile.gettempdir()) / f"bench-gunicorn-{code.name}.log", "w"),  # noqa: SIM115
    )
    result: dict[str, Any] = {"code": str(code)}
    try:
        while _get(base + "/imprint/", "", 5)[1] != 200:
            time.sleep(1)
        result["ready_s"] = round(time.perf_counter() - started)
        # Warm-up: a few requests per page, in parallel so that both workers see some.
        started = time.perf_counter()
        warm = [u for page in PAGES for u in [x for x in users if x["page"] == page][-4:]]
        threads = [
            threading.Thread(
                target=_get,
                args=(base + u["url"], f"{cookie_name}={u['cookie']}", args.timeout),
            )
            for u in warm
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        result["warm_s"] = round(time.perf_counter() - started)
        print(f"  {code.name}: ready {result['ready_s']} s, warm {result['warm_s']} s", flush=True)

        # One user: different rankings one after the other, then the same again.
        for label in ("single", "single_seen"):
            for page in PAGES:
                chosen = [u for u in users if u["page"] == page][: args.single]
                times: list[float] = []
                for u in chosen:
                    seconds, status = _get(
                        base + u["url"], f"{cookie_name}={u['cookie']}", args.timeout
                    )
                    times.append(seconds if status == 200 else args.timeout)
                    if times.count(args.timeout) >= 2:
                        break  # two requests failed or timed out: the page does not answer
                result[f"{label}_{page}"] = times
                print(f"  {code.name} {label} {page}: {_pct(times)} ms ({len(times)})", flush=True)
            result[f"{label}_bare"] = [
                _get(base + "/imprint/", "", args.timeout)[0] for _ in range(args.single)
            ]

        # Many users with think time, and a bare-page user beside them.
        stop = time.monotonic() + args.duration
        load: dict[str, list[float]] = {page: [] for page in (*PAGES, "bare")}
        failures: dict[str, int] = dict.fromkeys(load, 0)
        lock = threading.Lock()

        def user_loop(page: str, url: str, cookie: str) -> None:
            rng = random.Random(url)
            time.sleep(rng.random() * args.think)
            while time.monotonic() < stop:
                seconds, status = _get(url, cookie, args.timeout)
                with lock:
                    load[page].append(seconds if status == 200 else args.timeout)
                    failures[page] += status != 200
                time.sleep(args.think)

        chosen = []
        for i in range(args.users):
            page = PAGES[i % 3]
            u = [x for x in users if x["page"] == page][i // 3]
            chosen.append((page, base + u["url"], f"{cookie_name}={u['cookie']}"))
        chosen.append(("bare", base + "/imprint/", ""))
        threads = [threading.Thread(target=user_loop, args=c) for c in chosen]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for page, values in load.items():
            result[f"load_{page}"] = values
            result[f"load_{page}_failed"] = failures[page]
        try:
            result["memory"] = _memory(server.pid)
        except (OSError, ValueError, KeyError) as error:
            print(f"  memory not read: {error}", flush=True)
            result["memory"] = []
        for page in load:
            print(
                f"  {code.name} load {page}: {_pct(load[page])} ms "
                f"({len(load[page])}, failed {failures[page]})",
                flush=True,
            )
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    return result


def _postgres(url: str, sql: str) -> None:
    import psycopg

    admin = urlparse(url)._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True, help="postgres://.../dc_speed")
    parser.add_argument("--before", default="", help="directory with the code before")
    parser.add_argument("--openings", type=int, default=100_000)
    parser.add_argument("--profiles", type=int, default=5_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--single", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--keep-data", action="store_true", help="reuse the data of a run")
    parser.add_argument("--setup", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    index_dir = tempfile.mkdtemp(prefix="bench-matching-index-")
    env = _env(args.database_url, index_dir)
    name = urlparse(args.database_url).path.lstrip("/")
    info_path = Path(tempfile.gettempdir()) / f"bench-matching-platform-{name}.json"
    if args.setup:
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        info_path.write_text(json.dumps(setup(args.openings, args.profiles, args.users)))
        return
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}", flush=True)
    if not args.keep_data or not info_path.exists():
        _postgres(args.database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _postgres(args.database_url, f'CREATE DATABASE "{name}"')
        command = [sys.executable, __file__, "--setup", "--database-url", args.database_url]
        command += ["--openings", str(args.openings), "--profiles", str(args.profiles)]
        command += ["--users", str(args.users)]
        subprocess.run(command, cwd=ROOT, env=env, check=True)
    info = json.loads(info_path.read_text())
    print(
        f"data: {args.openings:,} openings, {args.profiles:,} profiles "
        f"({info.get('data_s')} s; profile embeddings {info.get('profile_embed_s')} s)",
        flush=True,
    )
    results = []
    for code in [Path(c) for c in (args.before, str(ROOT)) if c]:
        r = measure(code, env, info, args)
        r["label"] = "before" if str(code) == args.before else "after"
        results.append(r)
        print(
            json.dumps({k: v for k, v in r.items() if not isinstance(v, list) or k == "memory"}),
            flush=True,
        )
    print(
        f"\n{args.single} requests per page one after the other (p50 / p95 ms); "
        f"{args.users} users with {args.think:g} s think time for {args.duration:g} s on "
        "2 gunicorn workers (p50 / p95 ms, requests, failed)\n"
        "| code | page | one user | one user, seen before | 50 users | requests | failed |\n"
        "|---|---|---|---|---|---|---|"
    )
    for r in results:
        for page in (*PAGES, "bare"):
            print(
                f"| {r['label']} | {page} | {_pct(r[f'single_{page}'])} "
                f"| {_pct(r[f'single_seen_{page}'])} | {_pct(r[f'load_{page}'])} "
                f"| {len(r[f'load_{page}'])} | {r[f'load_{page}_failed']} |"
            )
    print("\n| code | ready s | warm-up s | worker memory RSS / PSS MB |\n|---|---|---|---|")
    for r in results:
        memory = ", ".join(f"{rss} / {pss}" for rss, pss in r["memory"])
        print(f"| {r['label']} | {r['ready_s']} | {r['warm_s']} | {memory} |")


if __name__ == "__main__":
    main()
