"""Fault: the database restarts while the application is under load.

Needs PostgreSQL (FAULTS_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/dc_ops_faults).
Starts gunicorn (3 workers x 2 threads, persistent connections with health
checks), sends requests from 8 threads for 20 s to a page that reads the
database (the login page: session + CSRF) and to /readyz, and at 7 s and 12 s
terminates every backend of the scratch database with pg_terminate_backend,
which is what a restart looks like to Django (the shared server itself is
not restarted). Prints the answers per phase: before, the second after
each cut, and after. Expected: no 500; at most the requests that were in
flight at the cut fail, with 503 "temporarily unavailable"; every request
after it succeeds (CONN_HEALTH_CHECKS reconnects).

    .venv/bin/python scripts/faults/db_restart.py
"""

from __future__ import annotations

import collections
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

from common import ROOT, prepare, report, scratch_env

URL = os.environ.get("FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dc_ops_faults")
DURATION = 20.0
CUTS = (7.0, 12.0)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    os.environ["FAULTS_DATABASE_URL"] = URL
    port = free_port()
    env = scratch_env(
        "db-restart",
        DATABASE_CONN_MAX_AGE="600",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="3",
        GUNICORN_THREADS="2",
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    prepare(env)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "config.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _wait in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError as error:
                if server.poll() is not None:
                    log = server.stderr.read()[-3000:] if server.stderr else ""
                    raise SystemExit(f"gunicorn did not start:\n{log}") from error
                time.sleep(0.5)
        else:
            raise SystemExit("gunicorn did not answer /healthz within 60 s")
        # The workers warm up the matching engine first: wait until a page answers quickly.
        for _wait in range(300):
            began = time.monotonic()
            try:
                urllib.request.urlopen(f"{base}/accounts/login/", timeout=30)
            except OSError:
                pass
            else:
                if time.monotonic() - began < 1.0:
                    break
            time.sleep(1)
        results: list[tuple[float, str, int]] = []
        lock = threading.Lock()
        start = time.monotonic()

        def client(path: str) -> None:
            while (now := time.monotonic() - start) < DURATION:
                try:
                    with urllib.request.urlopen(f"{base}{path}", timeout=10) as response:
                        status = response.status
                except urllib.error.HTTPError as error:
                    status = error.code
                except OSError:
                    status = 0  # connection error
                with lock:
                    results.append((now, path, status))

        threads = [
            threading.Thread(target=client, args=(p,))
            for p in ["/accounts/login/"] * 6 + ["/readyz"] * 2
        ]
        for thread in threads:
            thread.start()
        import psycopg

        terminated = []
        name = URL.rsplit("/", 1)[1]
        admin = URL.rsplit("/", 1)[0] + "/postgres"
        for cut in CUTS:
            time.sleep(max(0.0, cut - (time.monotonic() - start)))
            with psycopg.connect(admin, autocommit=True) as conn:
                rows = conn.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = %s AND pid <> pg_backend_pid()",
                    [name],
                ).fetchall()
            terminated.append(len(rows))
        for thread in threads:
            thread.join()
    finally:
        server.terminate()
        try:
            _out, err = server.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            server.kill()
            _out, err = server.communicate()

    def phase(t: float) -> str:
        for cut in CUTS:
            if cut <= t < cut + 1.0:
                return f"cut at {cut:.0f}s (+1 s)"
        return "before" if t < CUTS[0] else "between/after"

    table: dict[str, collections.Counter[int]] = collections.defaultdict(collections.Counter)
    for t, _path, status in results:
        table[phase(t)][status] += 1
    after_last = collections.Counter(s for t, _p, s in results if t >= CUTS[-1] + 1.0)
    lines = [f"backends terminated per cut: {terminated}", f"requests: {len(results)}"]
    lines += [f"{name}: {dict(sorted(c.items()))}" for name, c in sorted(table.items())]
    lines.append(f"after the last cut + 1 s: {dict(after_last)}")
    lines.append(f"500 answers: {sum(1 for *_x, s in results if s == 500)}")
    lines.append(f"tracebacks in gunicorn's log: {err.count('Traceback')}")
    log = os.path.join(env["FAULTS_BASE"], "gunicorn.log")
    with open(log, "w") as handle:
        handle.write(err)
    lines.append(f"gunicorn's log: {log}")
    report("database restart during load", lines)


if __name__ == "__main__":
    main()
