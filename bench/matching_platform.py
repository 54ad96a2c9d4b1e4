"""Matching pages end to end: one user and many at once, the code before against this code.

    .venv/bin/python bench/matching_platform.py                       # dc_load, this code
    .venv/bin/python bench/matching_platform.py --before /tmp/speed-old  # and the code before

What it does, in one run:

1. **Data**: the scaled demo network of ``bench/scaled_data.py`` (shared
   with ``bench/load.py``; generated in bulk once and kept in the database,
   see there): --openings live openings (ESCO titles, German or English,
   places all over Germany, two thirds in the Ruhr) with stored embeddings
   (one real embedding per occupation and language plus noise, as the model
   gives near-duplicates), --profiles partner profiles of open cases, each
   consenting to be shown to employers, with their profile embeddings
   stored, and a logged-in session for every simulated user: partners
   ("openings for a partner", ``/openings/matches/``), Benchmark
   University's officer (a case's matches) and Benchmark GmbH's contact
   ("partners for an opening").
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

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scaled_data

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("partner", "officer", "employer")
PORT = 8765


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def users_of(info: dict[str, Any], users: int) -> list[dict[str, str]]:
    """The simulated users of the three pages, from the data set's sessions and objects."""
    per_page = users // 3 + 1
    partners, cases, own = info["partners"], info["cases"], info["own_openings"]
    out: list[dict[str, str]] = []
    for i in range(per_page):
        out.append(
            {"page": "partner", "url": "/openings/matches/", "cookie": partners[i % len(partners)]}
        )
        out.append(
            {
                "page": "officer",
                "url": f"/openings/cases/{cases[i % len(cases)]}/matches/",
                "cookie": info["officer"],
            }
        )
        out.append(
            {
                "page": "employer",
                "url": f"/openings/{own[i % len(own)]}/matches/",
                "cookie": info["employer"],
            }
        )
    return out


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dc_load"
        ),
    )
    parser.add_argument("--before", default="", help="directory with the code before")
    parser.add_argument("--openings", type=int, default=100_000)
    parser.add_argument("--profiles", type=int, default=5_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--single", type=int, default=10)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--rebuild", action="store_true", help="generate the data again")
    args = parser.parse_args()
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}", flush=True)
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {_loadavg()}")
    index_dir = tempfile.mkdtemp(prefix="bench-matching-index-")
    info = scaled_data.ensure(
        args.database_url,
        openings=args.openings,
        profiles=args.profiles,
        users=max(args.users, args.single * 2),
        index_dir=index_dir,
        rebuild=args.rebuild,
    )
    info["users"] = users_of(info, max(args.users, args.single * 3))
    env = scaled_data.env(args.database_url, index_dir)
    print(
        f"data: {args.openings:,} openings, {args.profiles:,} profiles "
        f"(generated in {info.get('timings')})",
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
