"""The gunicorn worker that answers its accepted connections before it exits.

The worker is driven in this process, step by step, as its loop would drive
it: nothing here waits for the machine (no server process, no sleep, no port
chosen by the test; the listener takes a free one).
"""

import os
import runpy
import selectors
import socket
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from threading import RLock
from typing import Any

import pytest
from gunicorn import util
from gunicorn.config import Config
from gunicorn.glogging import Logger

from dualcareer.core.workers import DrainingThreadWorker

REQUEST = b"GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n"


def _app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "4")])
    return [b"pong"]


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    sock = socket.create_server(("127.0.0.1", 0))
    sock.setblocking(False)
    yield sock
    sock.close()


@pytest.fixture
def worker(listener: socket.socket) -> Iterator[DrainingThreadWorker]:
    cfg = Config()
    cfg.set("threads", 2)
    cfg.set("keepalive", 5)
    cfg.set("accesslog", None)
    worker = DrainingThreadWorker(1, os.getpid(), [listener], None, 30, cfg, Logger(cfg))
    worker.wsgi = _app
    # what init_process and run() set up before the loop
    worker.tpool = worker.get_thread_pool()
    worker.poller = selectors.DefaultSelector()
    worker._lock = RLock()
    worker.alive = True
    worker.poller.register(
        listener, selectors.EVENT_READ, partial(worker.accept, listener.getsockname())
    )
    yield worker
    worker.tpool.shutdown(wait=True)
    worker.poller.close()
    worker.tmp.close()


def _connect(listener: socket.socket) -> socket.socket:
    client = socket.create_connection(listener.getsockname())
    client.settimeout(10)  # a safety net against a hang, not a measurement
    return client


def _read_all(client: socket.socket) -> bytes:
    chunks = []
    try:
        while chunk := client.recv(4096):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    return b"".join(chunks)


def test_a_retiring_worker_answers_the_connection_it_accepted_but_had_not_read(
    worker: DrainingThreadWorker, listener: socket.socket
) -> None:
    client = _connect(listener)
    worker.accept(listener.getsockname(), listener)  # the loop saw the listener readable
    client.sendall(REQUEST)  # ... but not yet this request when the worker retires
    worker.alive = False  # what handle_request does after max_requests, or SIGTERM

    worker.murder_keepalived()  # the last call of the loop before it checks `alive`

    answer = _read_all(client)
    client.close()
    assert answer.startswith(b"HTTP/1.1 200 OK"), answer
    assert b"Connection: close" in answer
    assert answer.endswith(b"pong")
    assert worker.futures == type(worker.futures)()  # nothing left running


def test_a_retiring_worker_stops_accepting(
    worker: DrainingThreadWorker, listener: socket.socket
) -> None:
    worker.alive = False
    worker.murder_keepalived()

    registered = [key.fileobj for key in worker.poller.get_map().values()]
    assert listener not in registered  # a new connection waits for the next worker


def test_a_connection_that_never_sends_does_not_hold_the_worker(
    worker: DrainingThreadWorker, listener: socket.socket
) -> None:
    client = _connect(listener)
    worker.accept(listener.getsockname(), listener)
    worker.alive = False

    worker.drain(seconds=0.2)  # returns once the bound has passed

    assert len(worker._unread_connections()) == 1  # left to be closed with the process
    client.close()


def test_the_drain_runs_once(worker: DrainingThreadWorker, listener: socket.socket) -> None:
    calls = []
    worker.drain = lambda seconds=0.0: calls.append(seconds)
    worker.alive = False
    worker.murder_keepalived()
    worker.murder_keepalived()
    assert len(calls) == 1


def test_a_live_worker_does_not_drain(
    worker: DrainingThreadWorker, listener: socket.socket
) -> None:
    worker.murder_keepalived()
    registered = [key.fileobj for key in worker.poller.get_map().values()]
    assert listener in registered


def test_the_project_configuration_uses_the_draining_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GUNICORN_WORKER_CLASS", raising=False)  # the default, not this machine's
    settings = runpy.run_path(str(Path(__file__).resolve().parents[3] / "gunicorn.conf.py"))
    assert util.load_class(settings["worker_class"]) is DrainingThreadWorker
