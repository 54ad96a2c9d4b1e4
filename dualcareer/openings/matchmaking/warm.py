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

from django.db import connections

from dualcareer.matching import score as engine
from dualcareer.matching.geo import Gazetteer
from dualcareer.openings.matchmaking import adapter
from dualcareer.openings.matchmaking import index as matching_index

log = logging.getLogger(__name__)


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
    if openings:
        try:
            prepared = adapter.warm_openings()
            log.info("matching warm-up: %d openings prepared", prepared)
        except Exception as exc:
            log.warning("matching warm-up: openings not prepared (%s)", type(exc).__name__)
        finally:
            connections.close_all()
    if index:
        try:
            embedder = matching_index.get_embedder()
            matching_index.get_index().sync(model=embedder.name, dim=embedder.dim, wait=True)
        except Exception as exc:
            log.warning("matching warm-up: index not synced (%s)", type(exc).__name__)
        try:
            profiles = adapter.warm_profiles()
            log.info("matching warm-up: %d partner profiles prepared", profiles)
        except Exception as exc:
            log.warning("matching warm-up: profiles not prepared (%s)", type(exc).__name__)
        finally:
            connections.close_all()
    if freeze:
        gc.collect()
        gc.freeze()
    seconds = time.perf_counter() - started
    log.info("matching engine warm in %.1f s", seconds)
    return seconds
