"""A local HTTP server for feed tests: threaded, on an ephemeral port of 127.0.0.1.

Each path serves a body set by the test (`server.set(path, body, content_type)`),
with an ETag of the body and Last-Modified; a conditional request with a
matching `If-None-Match` is answered 304. `server.fail(path, status)` makes a
path answer an error. Requests are counted per path and answer code.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FeedServer:
    def __init__(self) -> None:
        self.documents: dict[str, tuple[bytes, str]] = {}
        self.failures: dict[str, int] = {}
        self.answers: Counter[tuple[str, int]] = Counter()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def set(self, path: str, body: str | bytes, content_type: str = "text/html") -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        with self._lock:
            self.documents[path] = (data, content_type)
            self.failures.pop(path, None)

    def fail(self, path: str, status: int = 500) -> None:
        with self._lock:
            self.failures[path] = status

    def count(self, path: str, status: int) -> int:
        with self._lock:
            return self.answers[(path, status)]

    def _answer(self, path: str, headers: Any) -> tuple[int, dict[str, str], bytes]:
        with self._lock:
            if path in self.failures:
                return self.failures[path], {"Content-Type": "text/plain"}, b"error"
            if path not in self.documents:
                return 404, {"Content-Type": "text/plain"}, b"not found"
            body, content_type = self.documents[path]
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        validators = {"ETag": etag, "Last-Modified": formatdate(0, usegmt=True)}
        if headers.get("If-None-Match") == etag:
            return 304, validators, b""
        return 200, {**validators, "Content-Type": content_type}, body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, headers, body = server._answer(self.path, self.headers)
                with server._lock:
                    server.answers[(self.path, status)] += 1
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if body:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return  # quiet

        return Handler
