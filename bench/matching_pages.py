"""The three matching pages in one process, on the scaled database: time, CPU, queries, profile.

    .venv/bin/python bench/matching_pages.py                     # this code, dc_load
    .venv/bin/python bench/matching_pages.py --code /tmp/old     # the code in /tmp/old
    .venv/bin/python bench/matching_pages.py --pages employer --profile

No server: Django's test client in this process, on the database of
``bench/scaled_data.py`` (``--database-url``, default ``dc_load``; it must
exist: ``bench/load.py`` or ``bench/matching_platform.py`` generate it), with
production settings (static files served unhashed). What a request costs
the server, without queueing or the network: the pages render completely
(templates, the 20 ranked items).

The engine is warmed up first (``warm_up(index=True)``, then ``gc.freeze()``, as a gunicorn
worker before its first request; the shared index file is built in
--index-dir on the first run). Then, per page, --n different rankings
(partners' "openings for me", the officer's case matches of different
cases, the employer's "partners for an opening" of different openings):
the first half warms the page up (the first requests of a kind fill the
per-process caches), "new" are the second half (rankings never computed
before), "again" the same requests once more (the ranking cache). With
--steady K, each page first ranks K other partners / cases / openings
(not measured): a process that has served rankings for a while, whose
per-process caches (title links, the engine's view of openings) hold what
those rankings read. With --warm-openings, the engine's view of the live
openings is prepared first, as gunicorn's master does for the workers it
forks (``warm_up(openings=True)``). Wall time and this process's CPU time per request,
database queries. With
--profile, cProfile of the "new" requests (``--profile-kind again``: of the second round);
with --slow-queries N, the N slowest queries of the "new" requests.

With ``--code DIR`` (e.g. ``git archive HEAD`` unpacked) the code in DIR is
measured instead, on the same database: run both back to back for a
before/after in the same minutes.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import scaled_data  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(ROOT), help="the code to measure")
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/dc_load")
    parser.add_argument(
        "--index-dir", default=str(Path(tempfile.gettempdir()) / "bench-matching-pages-index")
    )
    parser.add_argument("--n", type=int, default=10, help="rankings per page (half warm-up)")
    parser.add_argument("--pages", default="partner,officer,employer")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--profile-kind", default="new", choices=("new", "again"), help="what --profile covers"
    )
    parser.add_argument(
        "--steady",
        type=int,
        default=0,
        help="rankings of other partners/cases/openings per page before the measured ones",
    )
    parser.add_argument(
        "--no-freeze", action="store_true", help="leave the warm-up's objects to the collector"
    )
    parser.add_argument(
        "--warm-openings",
        action="store_true",
        help="prepare the live openings first, as gunicorn's master does before it forks",
    )
    parser.add_argument("--json", default="", help="write the figures to this file")
    parser.add_argument("--profile-out", default="", help="write the profile (pstats) to this file")
    parser.add_argument(
        "--slow-queries",
        type=int,
        default=0,
        help="print the N slowest queries of the new rankings",
    )
    args = parser.parse_args()

    code = Path(args.code).resolve()
    sys.path.insert(0, str(code))
    os.chdir(code)
    os.makedirs(args.index_dir, exist_ok=True)
    os.environ.update(scaled_data.env(args.database_url, args.index_dir))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"

    import django

    django.setup()
    import numpy as np
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from dualcareer.accounts.models import User
    from dualcareer.accounts.twofactor import SESSION_VERIFIED_KEY
    from dualcareer.cases.models import Case
    from dualcareer.openings.matchmaking import warm_up
    from dualcareer.openings.models import Opening

    print(f"code: {code}; BLAS threads: {os.environ.get('OPENBLAS_NUM_THREADS', 'default')}")
    print(f"load average before: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    started = time.perf_counter()
    if args.warm_openings:  # gunicorn's master: warm_up(openings=True), inherited by workers
        warm_up(openings=True)
    warm_up(index=True)
    if not args.no_freeze:  # as gunicorn's hooks do (``warm_up(freeze=True)``), for any --code
        gc.collect()
        gc.freeze()
    print(f"warm-up (engine, index): {time.perf_counter() - started:.1f} s", flush=True)

    def client(user: Any) -> Client:
        c = Client(HTTP_HOST="127.0.0.1")
        c.force_login(user)
        session = c.session  # the second factor marked as given, as the tests do
        session[SESSION_VERIFIED_KEY] = str(user.pk)
        session.save()
        return c

    n = args.n
    officer = client(User.objects.get(email="officer0@example.org"))
    employer = client(User.objects.get(email="contact@example.org"))
    cases = list(
        Case.objects.filter(institution__slug="bench-uni")
        .order_by("pk")
        .values_list("public_id", "partner_user_id")[: 2 * n + 2 * args.steady]
    )
    own = list(
        Opening.objects.filter(institution__slug="benchmark")
        .order_by("pk")
        .values_list("public_id", flat=True)[: n + args.steady]
    )
    requests = {
        "partner": [(client(User.objects.get(pk=u)), "/openings/matches/") for _c, u in cases[:n]],
        "officer": [(officer, f"/openings/cases/{c}/matches/") for c, _u in cases[n : 2 * n]],
        "employer": [(employer, f"/openings/{o}/matches/") for o in own[:n]],
    }
    # --steady: rankings of other partners, cases and openings done before the measured ones.
    others = cases[2 * n :]
    before = {
        "partner": [
            (client(User.objects.get(pk=u)), "/openings/matches/")
            for _c, u in others[: args.steady]
        ],
        "officer": [(officer, f"/openings/cases/{c}/matches/") for c, _u in others[args.steady :]],
        "employer": [(employer, f"/openings/{o}/matches/") for o in own[n:]],
    }

    slow: dict[str, list[tuple[float, str]]] = {}

    def get(c: Client, url: str, label: str = "") -> tuple[float, float, int]:
        connection.queries_log.clear()  # it keeps 9,000: a full log would count 0 queries
        with CaptureQueriesContext(connection) as queries:
            wall, cpu = time.perf_counter(), time.process_time()
            response = c.get(url)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if response.status_code != 200:
            raise SystemExit(f"{url}: status {response.status_code}")
        if label:  # each query's wall time as Django measured it (1 ms steps)
            slow.setdefault(label, []).extend(
                (float(q["time"]) * 1000, q["sql"]) for q in queries.captured_queries
            )
        return wall * 1000, cpu * 1000, len(queries)

    results: dict[str, Any] = {}
    get(officer, "/imprint/")
    results["bare"] = {"again": [get(officer, "/imprint/") for _ in range(10)]}
    profiler = cProfile.Profile() if args.profile else None
    for page in args.pages.split(","):
        items = requests[page]
        for c, u in before[page]:
            get(c, u)
        first = [get(c, u) for c, u in items[: n // 2]]
        runs: dict[str, list[tuple[float, float, int]]] = {}
        for kind in ("new", "again"):
            if profiler is not None and kind == args.profile_kind:
                profiler.enable()
            label = page if kind == "new" and args.slow_queries else ""
            runs[kind] = [get(c, u, label) for c, u in items[n // 2 :]]
            if profiler is not None:
                profiler.disable()
        new, again = runs["new"], runs["again"]
        results[page] = {"first": first, "new": new, "again": again}

    print("| page | requests | wall p50 ms | wall p95 ms | CPU p50 ms | CPU p95 ms | queries |")
    print("|---|---|---|---|---|---|---|")
    for page, kinds in results.items():
        for kind, rows in kinds.items():
            a = np.asarray(rows)
            print(
                f"| {page} {kind} | {len(rows)} | {np.percentile(a[:, 0], 50):.0f} "
                f"| {np.percentile(a[:, 0], 95):.0f} | {np.percentile(a[:, 1], 50):.0f} "
                f"| {np.percentile(a[:, 1], 95):.0f} | {int(np.median(a[:, 2]))} |"
            )
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")
    for page, timed in slow.items():
        total = sum(t for t, _sql in timed)
        print(f"\n{page} new: {total / (n - n // 2):.1f} ms in queries per request; slowest:")
        for ms, sql in sorted(timed, reverse=True)[: args.slow_queries]:
            print(f"  {ms:7.1f} ms  {' '.join(sql.split())[:200]}")
    if args.json:
        Path(args.json).write_text(json.dumps(results))
    if profiler is not None:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        if args.profile_out:
            stats.dump_stats(args.profile_out)


if __name__ == "__main__":
    main()
