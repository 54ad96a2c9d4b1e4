"""A gunicorn worker that answers every connection it accepted before it exits.

gunicorn's threaded worker (``gthread``) leaves its loop as soon as it stops
being alive: after ``max_requests`` (the recycling in ``gunicorn.conf.py``) or
on a graceful stop (SIGTERM, a reload). A connection it has already accepted
but whose request it has not read yet is then closed unanswered when the
process exits, and the client sees a reset (benoitc/gunicorn#3038; measured
in ``docs/performance.md``: 3 of ~1,700 requests with recycling every ~200).

`DrainingThreadWorker` stops accepting at that point and goes on serving the
connections it holds: each one that sends its request within `DRAIN_SECONDS`
is answered (with ``Connection: close``), and only then does the worker leave
its loop. Idle keep-alive connections are not waited for (a client resends on
a closed idle connection); requests already running get gunicorn's own
``graceful_timeout`` as before.
"""

from __future__ import annotations

import time
from concurrent import futures
from functools import partial
from typing import Any

from gunicorn.workers.gthread import TConn, ThreadWorker

# How long a retiring worker waits for the requests of connections it accepted.
DRAIN_SECONDS = 5.0


class DrainingThreadWorker(ThreadWorker):
    """``gthread`` that drains its accepted connections when it stops (see module)."""

    _drained = False

    def murder_keepalived(self) -> None:
        # Called on every turn of the loop, right before it checks `alive` again.
        if not self.alive and not self._drained:
            self._drained = True
            self.drain()
        super().murder_keepalived()

    def drain(self, seconds: float = DRAIN_SECONDS) -> None:
        """Stop accepting; serve the accepted connections' requests until none is left."""
        with self._lock:
            for key in list(self.poller.get_map().values()):
                if key.fileobj in self.sockets:
                    self.poller.unregister(key.fileobj)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and (self.futures or self._unread_connections()):
            self.notify()  # the arbiter must not take the drain for a hung worker
            for key, _ in self.poller.select(0.05):
                key.data(key.fileobj)  # readable: the request goes to the thread pool
            done = futures.wait(self.futures, timeout=0.05, return_when=futures.FIRST_COMPLETED)
            for future in done.done:
                self.futures.remove(future)

    def _unread_connections(self) -> list[Any]:
        """Accepted connections waiting for their first request (not idle keep-alives)."""
        with self._lock:
            waiting = []
            for key in self.poller.get_map().values():
                callback = key.data
                if isinstance(callback, partial) and callback.args:
                    conn = callback.args[0]
                    if isinstance(conn, TConn) and conn not in self._keep:
                        waiting.append(conn)
            return waiting
