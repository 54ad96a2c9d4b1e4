"""Warm-up: build the matching engine before a process takes traffic.

The engine (ESCO catalogue, the occupation linker's lexical indexes, the
embedding model, the gazetteer) takes tens of seconds to build. gunicorn
calls :func:`warm_up` in its master process before it forks the workers
(``preload_app``, see ``gunicorn.conf.py``): the workers inherit the built
engine, whose large arrays stay shared between them. Without preloading,
each worker warms up after the fork, before its first request. The build
itself is behind a lock (``Matcher.default``), so requests that arrive
during it wait for that one build instead of starting their own. With the
database (`index`), each worker also syncs the shared index and prepares
the profiles employers may be shown (``adapter.warm_profiles``). The master
also prepares the engine's view of the live openings (``adapter.warm_openings``,
keyed by change time, so a worker reads again only what changed since).

With `freeze` (gunicorn's hooks), the objects built so far are moved out of
the garbage collector's reach afterwards (``gc.freeze``): the engine's
hundreds of thousands of long-lived objects made every full collection
pause a request for ~95 ms (measured after a warm-up at 100,000 openings;
0 ms once frozen), and a collection in a forked worker no longer writes to
the pages it shares with the master. Frozen objects are still freed when
nothing refers to them; only reference cycles among them stay.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable

from django.db import connections

from dualcareer.matching import score as engine
from dualcareer.matching.geo import Gazetteer
from dualcareer.openings.matchmaking import adapter
from dualcareer.openings.matchmaking import index as matching_index

log = logging.getLogger(__name__)


def _step(what: str, step: Callable[[], int | None]) -> None:
    """Run one step of the warm-up that needs the database; a failure is logged, not raised.

    The process then takes traffic all the same: its rankings do the step's
    work when they need it.
    """
    try:
        done = step()
    except Exception as exc:
        log.warning("matching warm-up: could not %s (%s)", what, type(exc).__name__)
        return
    if done is None:
        log.info("matching warm-up: %s: done", what)
    else:
        log.info("matching warm-up: %s: %d", what, done)


def _sync_index() -> None:
    embedder = matching_index.get_embedder()
    matching_index.get_index().sync(model=embedder.name, dim=embedder.dim, wait=True)


def warm_up(*, index: bool = False, openings: bool = False, freeze: bool = False) -> float:
    """Build the engine (with `index`: sync the shared index, prepare the profiles); return seconds.

    `index` needs the database: not in a process that forks afterwards.
    `openings`: prepare the engine's view of the live openings
    (``adapter.warm_openings``), for gunicorn's master to hand to the workers
    it forks. Any database connection opened here is closed again, before
    a fork. `freeze`: collect, then freeze what exists (see the module's text).
    """
    started = time.perf_counter()
    matcher = engine.Matcher.default()
    Gazetteer.default()
    if matcher.embedder is not None:
        matcher.embedder.embed(["warm up"])
    try:
        if openings:
            _step("prepare the openings", adapter.warm_openings)
        if index:
            _step("sync the index", _sync_index)
            _step("prepare the partner profiles", adapter.warm_profiles)
    finally:
        if openings or index:
            connections.close_all()  # none is inherited by a forked worker
    if freeze:
        gc.collect()
        gc.freeze()
    seconds = time.perf_counter() - started
    log.info("matching engine warm in %.1f s", seconds)
    return seconds
