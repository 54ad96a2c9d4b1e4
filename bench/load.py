"""Load benchmark: the real server on PostgreSQL, the main pages of every role, a bare page beside.

    .venv/bin/python bench/load.py                                  # 100,000 openings, all modes
    .venv/bin/python bench/load.py --openings 10000 --database-url \\
        postgres://postgres@127.0.0.1:5432/dc_load_10k --modes single  # 10k for the comparison

What it does (issue 18, "Load"):

1. **Data**: the demo network scaled up (``bench/scaled_data.py``: 50
   institutions, --profiles cases with consenting profiles, --openings
   openings with stored embeddings, 20,000 audit entries), generated in bulk
   into --database-url and kept there between runs (a marker table records
   the parameters; a later run only migrates and logs the users in again).
2. **Server**: gunicorn with the project's ``gunicorn.conf.py`` (2 workers,
   its threads, the engine preloaded in the master), production settings
   (``DEBUG`` off, hashed static files collected into a temporary folder),
   on 127.0.0.1, --port 8766 (the bench stops at once if something answers
   there: it would measure that server instead).
3. **Pages** (each request as its role: session cookies made by the data
   step, two-factor marked as given as the tests do): the bare page
   (``/imprint/``: a template, the baseline), the public openings list
   (plain, a search word, a postcode + 25 km radius), the member directory,
   the officer's case list, a case, its matches, the partner's case and
   "openings for me", the employer's "my openings" and "partners for an
   opening", the coordinator's dashboard and the audit page, the API's
   openings list (session). Objects and words rotate per request, so that
   no page is the same ranking twice in a row.
4. **Modes**, each bounded by --duration seconds:
   ``single``: one user, every page --single times one after the other;
   ``think``: --users users, each on one page (round robin over the pages),
   request, wait --think s, again; ``nothink``: the same without waiting.
   Every page's requests per second, p50/p95/p99 latency (client side:
   request sent to last byte read), errors (status other than 200, or no
   answer within --timeout), and p95 as a multiple of the bare page's p95
   in the same mode; the server's CPU (gunicorn workers + their PostgreSQL
   backends from ``/proc``; per request in ``single``, every process seen is
   kept with its last reading so that an ended backend or recycled worker
   keeps its CPU). Then the memory of each worker (RSS, PSS).
5. **Cache**: as in production, Redis shared by the workers (--cache-url,
   default database 15 on the local Redis, emptied before the server
   starts, so that no ranking is cached from an earlier run); ``locmem``,
   or no Redis answering, gives each worker its own cache as in development.

The driver is the standard library (one thread per user, a new loopback
connection per request, like a browser without keep-alive): no dependency
for the client, and its own CPU use is printed next to the figures (on a
2-core machine the client competes with the server; locust/gevent would do
so as well). Load average is printed before and after each mode.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scaled_data

ROOT = scaled_data.ROOT
PORT = 8766
WORDS = ("ingenieur", "pflege", "manager", "lehrer", "techniker", "berater", "engineer")
POSTCODES = ("44801", "45127", "10115", "80331", "50667", "01067", "20095", "70173")

Request = tuple[str, str]  # path, cookie header
# The matching pages (issue 13) run as their own group: a cold ranking takes seconds of
# CPU and would occupy the worker threads that every other page waits for.
MATCHING = (
    "officer: case matches",
    "partner: openings for me",
    "employer: partners for an opening",
)


def pages(info: dict[str, Any]) -> dict[str, Callable[[int], Request]]:
    """Every page the benchmark asks for: name -> (i -> path and cookie of the i-th request)."""
    name = info["cookie_name"]
    officer = f"{name}={info['officer']}"
    employer = f"{name}={info['employer']}"
    coordinator = f"{name}={info['coordinator']}"
    partners = [f"{name}={c}" for c in info["partners"]]
    cases, own = info["cases"], info["own_openings"]
    return {
        "bare (/imprint/)": lambda i: ("/imprint/", ""),
        "openings list": lambda i: ("/openings/", ""),
        "openings list, word": lambda i: (f"/openings/?q={WORDS[i % len(WORDS)]}", ""),
        "openings list, place+25 km": lambda i: (
            f"/openings/?postcode={POSTCODES[i % len(POSTCODES)]}&radius_km=25",
            "",
        ),
        "member directory": lambda i: ("/network/members/", ""),
        "officer: case list": lambda i: ("/cases/", officer),
        "officer: case page": lambda i: (f"/cases/{cases[i % len(cases)]}/", officer),
        "officer: case matches": lambda i: (
            f"/openings/cases/{cases[i % len(cases)]}/matches/",
            officer,
        ),
        "partner: my case": lambda i: ("/cases/my/", partners[i % len(partners)]),
        "partner: openings for me": lambda i: ("/openings/matches/", partners[i % len(partners)]),
        "employer: my openings": lambda i: ("/openings/mine/", employer),
        "employer: partners for an opening": lambda i: (
            f"/openings/{own[i % len(own)]}/matches/",
            employer,
        ),
        "coordinator: dashboard": lambda i: ("/dashboard/", coordinator),
        "coordinator: audit page": lambda i: ("/audit/", coordinator),
        "API: openings list (session)": lambda i: ("/api/openings/", officer),
    }


def get(path: str, cookie: str, timeout: float) -> tuple[float, int, int]:
    """(seconds, status, bytes) of one GET; status 0 when nothing came back in time."""
    headers = {"Cookie": cookie, "Accept-Language": "de"} if cookie else {"Accept-Language": "de"}
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return time.perf_counter() - started, response.status, len(body)
    except OSError:
        return time.perf_counter() - started, 0, 0
    finally:
        connection.close()


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _cpu_of(pids: list[str]) -> dict[tuple[str, str], float]:
    """CPU milliseconds (user + system) each of the processes `pids` has used so far,
    keyed by (pid, start time) so that a reused pid is another process."""
    out = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended in between
        ticks = int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
        out[(pid, fields[19])] = ticks * 1000 / os.sysconf("SC_CLK_TCK")  # starttime
    return out


def server_cpu_meter(master: int, database_url: str) -> Callable[[], float]:
    """A function giving the CPU ms used so far by the gunicorn workers and by the
    PostgreSQL backends connected to the benchmark's database.

    Backends come and go (a worker thread's connection is closed after
    CONN_MAX_AGE and a new one opened): every process seen is remembered with
    the CPU it had used when last seen, so one that exits does not take its
    CPU out of the total (what it used after its last reading is lost; the
    multi-user modes therefore read every 0.5 s, see `Sampling`)."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    conn = psycopg.connect(database_url, autocommit=True)
    seen: dict[tuple[str, str], float] = {}
    lock = threading.Lock()

    def measure() -> float:
        with lock:
            workers = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [name],
            ).fetchall()
            for key, ms in _cpu_of(workers + [str(r[0]) for r in rows]).items():
                seen[key] = max(ms, seen.get(key, 0.0))
            return sum(seen.values())

    return measure


class Sampling:
    """Context manager: call `measure` every `every` seconds in a thread while inside."""

    def __init__(self, measure: Callable[[], float], every: float = 0.5) -> None:
        self.measure, self.every = measure, every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(self.every):
            self.measure()

    def __enter__(self) -> Sampling:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _memory(master: int) -> list[tuple[int, int]]:
    """(RSS MB, PSS MB) of each worker of the gunicorn `master`."""
    out = []
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = {}
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, value = line.split(":", 1)
            fields[key] = int(value.split()[0]) / 1024
        out.append((round(fields["Rss"]), round(fields["Pss"])))
    return out


class Recorder:
    """Latencies and failures per page, thread-safe."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: dict[str, dict[int, int]] = {}
        self.sizes: dict[str, list[int]] = {}

    def add(self, page: str, seconds: float, status: int, size: int) -> None:
        with self.lock:
            self.times.setdefault(page, []).append(seconds)
            self.sizes.setdefault(page, []).append(size)
            if status != 200:
                errors = self.errors.setdefault(page, {})
                errors[status] = errors.get(status, 0) + 1

    def summary(self, wall: float | None) -> dict[str, dict[str, Any]]:
        """Per page; requests/s over `wall` seconds (None: one user, 1 / mean latency)."""
        out = {}
        for page, values in self.times.items():
            ms = np.asarray(values) * 1000
            out[page] = {
                "n": len(values),
                "rps": round(len(values) / (wall or sum(values)), 2),
                "p50": round(float(np.percentile(ms, 50)), 1),
                "p95": round(float(np.percentile(ms, 95)), 1),
                "p99": round(float(np.percentile(ms, 99)), 1),
                "errors": sum(self.errors.get(page, {}).values()),
                "statuses": self.errors.get(page, {}),
                "kb": round(float(np.mean(self.sizes[page])) / 1024, 1),
            }
        return out


def run_single(
    table: dict[str, Callable[[int], Request]],
    repeat: int,
    budget: float,
    timeout: float,
    cpu: Callable[[], float],
) -> tuple[Recorder, float, dict[str, float]]:
    """One user: round after round, every page once per round (so that each page and the
    bare page share the machine's moments); a page leaves the rounds (after at least three
    requests) once it has used `budget` seconds. Also the server's CPU ms per request
    (gunicorn workers + their PostgreSQL backends), which queueing on a busy machine
    does not inflate."""
    recorder = Recorder()
    spent: dict[str, float] = dict.fromkeys(table, 0.0)
    cpu_ms: dict[str, float] = dict.fromkeys(table, 0.0)
    started = time.perf_counter()
    for i in range(repeat):
        for page, make in table.items():
            if i >= 3 and spent[page] > budget:
                continue
            path, cookie = make(i)
            before = cpu()
            seconds, status, size = get(path, cookie, timeout)
            cpu_ms[page] += cpu() - before
            spent[page] += seconds
            recorder.add(page, seconds, status, size)
    per_request = {page: cpu_ms[page] / len(recorder.times[page]) for page in recorder.times}
    return recorder, time.perf_counter() - started, per_request


def run_warm(table: dict[str, Callable[[int], Request]], each: int, timeout: float) -> Recorder:
    """Every page `each` times, two requests at a time per page, all pages at once."""
    recorder = Recorder()

    def worker(page: str, offset: int) -> None:
        for i in range(offset, each, 2):
            path, cookie = table[page](10_000 + i)
            recorder.add(page, *get(path, cookie, timeout))

    threads = [
        threading.Thread(target=worker, args=(page, offset), daemon=True)
        for page in table
        for offset in (0, 1)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return recorder


def run_users(
    table: dict[str, Callable[[int], Request]],
    users: int,
    think: float,
    duration: float,
    timeout: float,
) -> tuple[Recorder, float]:
    """`users` threads, user u on page u mod len(pages), for `duration` seconds."""
    recorder = Recorder()
    names = list(table)
    stop = time.monotonic() + duration

    def user(u: int) -> None:
        page = names[u % len(names)]
        rng = random.Random(u)
        time.sleep(rng.random() * max(think, 0.2))  # spread the starts
        i = u // len(names) * 1000
        while time.monotonic() < stop:
            path, cookie = table[page](i)
            recorder.add(page, *get(path, cookie, timeout))
            i += 1
            if think:
                time.sleep(think)

    threads = [threading.Thread(target=user, args=(u,), daemon=True) for u in range(users)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(duration + timeout + 30)
    return recorder, time.perf_counter() - started


def _empty_cache(url: str) -> str:
    """The server's CACHE_URL: `url` emptied (every run starts with no cached ranking).

    Production runs Redis (docs/operations.md), shared by the workers; without
    a Redis server at `url` (or with 'locmem') each worker keeps its own cache.
    """
    if url in ("", "locmem", "locmemcache://"):
        return "locmemcache://"
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()
    except redis.RedisError as exc:
        print(f"cache: {url} unavailable ({type(exc).__name__}); a cache per worker instead")
        return "locmemcache://"
    return url


def _python_build(python: str) -> str:
    """The interpreter's version and where it lives (how it was built changes a page's CPU)."""
    code = "import os, sys; print(sys.version.split()[0], os.path.realpath(sys._base_executable))"
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def start_server(
    env: dict[str, str], workers: int, python: str = sys.executable
) -> subprocess.Popen[bytes]:
    server_env = {
        **env,
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_TIMEOUT": "120",
        "DJANGO_STATIC_ROOT": tempfile.mkdtemp(prefix="bench-load-static-"),
    }
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=server_env,
        check=True,
    )
    log = Path(tempfile.gettempdir()) / "bench-load-gunicorn.log"
    return subprocess.Popen(
        [str(Path(python).parent / "gunicorn"), "config.wsgi", "-c", "gunicorn.conf.py"],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("w"),
    )


def print_table(title: str, summary: dict[str, dict[str, Any]], bare: str) -> None:
    base = summary.get(bare, {}).get("p95") or float("nan")
    print(f"\n{title}")
    cpu_base = summary.get(bare, {}).get("cpu_ms") or float("nan")
    with_cpu = any("cpu_ms" in s for s in summary.values())
    extra = " server CPU ms / request | CPU / bare |" if with_cpu else ""
    print(
        f"| page | requests | req/s | p50 ms | p95 ms | p99 ms | p95 / bare | errors | KB |{extra}"
    )
    print("|---|---|---|---|---|---|---|---|---|" + ("---|---|" if with_cpu else ""))
    for page, s in summary.items():
        errors = f"{s['errors']} {s['statuses']}" if s["errors"] else "0"
        cpu = f" {s['cpu_ms']:.0f} | {s['cpu_ms'] / cpu_base:.1f} |" if with_cpu else ""
        print(
            f"| {page} | {s['n']} | {s['rps']} | {s['p50']:.0f} | {s['p95']:.0f} | "
            f"{s['p99']:.0f} | {s['p95'] / base:.1f} | {errors} | {s['kb']} |{cpu}"
        )


def main() -> None:
    global PORT
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_LOAD_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dc_load"
        ),
    )
    parser.add_argument("--openings", type=int, default=100_000)
    parser.add_argument("--profiles", type=int, default=5_000)
    parser.add_argument("--modes", default="single,think,nothink")
    parser.add_argument(
        "--groups",
        default="platform,matching",
        help="platform: every page but the matching ones; matching: those (and the bare page)",
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--think", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--single", type=int, default=10, help="requests per page, one user")
    parser.add_argument(
        "--page-budget", type=float, default=30.0, help="seconds per page for one user, at most"
    )
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=PORT, help="the server's port on 127.0.0.1")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--server-python",
        default=sys.executable,
        help="the server's interpreter: the python of a virtualenv with this project installed "
        "(its gunicorn beside it); default this one",
    )
    parser.add_argument("--warm", type=int, default=6, help="warm-up requests per page")
    parser.add_argument("--pages", default="", help="comma-separated substrings of page names")
    parser.add_argument("--rebuild", action="store_true", help="generate the data again")
    parser.add_argument("--json", default="", help="write the figures to this file")
    parser.add_argument(
        "--cache-url",
        default=os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15"),
        help="the server's CACHE_URL (emptied first); 'locmem' for a cache per worker",
    )
    args = parser.parse_args()
    PORT = args.port
    try:  # a server already there would be measured instead of ours (another benchmark?)
        socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
        raise SystemExit(f"port {PORT} is in use (another benchmark running?): pass --port")
    except OSError:
        pass
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}", flush=True)
    print(f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {_loadavg()}")

    started = time.perf_counter()
    index_dir = tempfile.mkdtemp(prefix="bench-load-index-")
    info = scaled_data.ensure(
        args.database_url,
        openings=args.openings,
        profiles=args.profiles,
        users=args.users,
        index_dir=index_dir,
        rebuild=args.rebuild,
    )
    print(f"data ready in {time.perf_counter() - started:.0f} s (generation: {info['timings']})")
    every = pages(info)
    if args.pages:
        wanted = [w.strip() for w in args.pages.split(",")]
        every = {
            k: v for k, v in every.items() if k.startswith("bare") or any(w in k for w in wanted)
        }
    bare = next(iter(every))
    groups = {
        "platform": {k: v for k, v in every.items() if k == bare or k not in MATCHING},
        "matching": {k: v for k, v in every.items() if k == bare or k in MATCHING},
    }

    env = scaled_data.env(args.database_url, index_dir)
    env["CACHE_URL"] = _empty_cache(args.cache_url)
    print(f"cache: {env['CACHE_URL']}", flush=True)
    started = time.perf_counter()
    print(f"server python: {args.server_python} ({_python_build(args.server_python)})")
    server = start_server(env, args.workers, args.server_python)
    results: dict[str, Any] = {"args": vars(args), "timings": info["timings"]}
    try:
        while get("/imprint/", "", 5)[1] != 200:
            if server.poll() is not None:
                raise SystemExit("gunicorn exited; see bench-load-gunicorn.log in the temp folder")
            time.sleep(1)
        print(f"server ready in {time.perf_counter() - started:.0f} s", flush=True)
        server_cpu = server_cpu_meter(server.pid, args.database_url)
        for group in args.groups.split(","):
            run_group(group, groups[group], bare, args, results, server_cpu)
        try:
            results["memory"] = _memory(server.pid)
            print(f"\nworker memory RSS / PSS MB: {results['memory']}")
        except (OSError, ValueError, KeyError) as error:
            print(f"memory not read: {error}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=120)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))


def run_group(
    group: str,
    table: dict[str, Callable[[int], Request]],
    bare: str,
    args: Any,
    results: dict[str, Any],
    server_cpu: Callable[[], float],
) -> None:
    """Warm the group's pages up, then run every mode on them (the bare page among them)."""
    print(f"\n## {group} pages", flush=True)
    # Warm-up: every page a few times from parallel users, so that both workers
    # have seen each page (first matching requests link titles once per process).
    started = time.perf_counter()
    warm = run_warm(table, args.warm, 120.0)
    for page, statuses in warm.errors.items():
        print(f"  warm-up {page}: statuses {statuses}")
    print(f"warm-up {time.perf_counter() - started:.0f} s", flush=True)
    for mode in args.modes.split(","):
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        before = _loadavg()
        server_before = server_cpu()
        if mode == "single":
            recorder, wall, cpu_ms = run_single(
                table, args.single, args.page_budget, args.timeout, server_cpu
            )
            title = f"one user, {args.single} requests per page one after the other"
        elif mode in ("think", "nothink"):
            think = args.think if mode == "think" else 0.0
            with Sampling(server_cpu):  # backends that exit during the run keep their CPU
                recorder, wall = run_users(table, args.users, think, args.duration, args.timeout)
            title = (
                f"{args.users} users ({len(table)} pages, round robin), "
                f"{think:g} s think time, {args.duration:g} s"
            )
        else:
            raise SystemExit(f"unknown mode {mode}")
        server_used = server_cpu() - server_before
        used = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = (used.ru_utime + used.ru_stime - cpu.ru_utime - cpu.ru_stime) / wall
        summary = recorder.summary(None if mode == "single" else wall)
        if mode == "single":
            for page, ms in cpu_ms.items():
                summary[page]["cpu_ms"] = round(ms, 1)
        title += (
            f" ({args.openings:,} openings; load average {before} -> {_loadavg()}; "
            f"client CPU {client_cpu:.0%} of a core; server CPU "
            f"{server_used / wall / 10:.0f} % of a core, "
            f"{server_used / max(1, sum(len(v) for v in recorder.times.values())):.0f} ms "
            "per request on average)"
        )
        print_table(title, summary, bare)
        results[f"{group}/{mode}"] = {"title": title, "pages": summary, "wall_s": round(wall, 1)}
        sys.stdout.flush()


if __name__ == "__main__":
    main()
