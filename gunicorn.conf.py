"""gunicorn settings, read automatically when gunicorn starts in this folder.

The access log names method, path (without the query string, which may carry
search terms or tokens), status, size and duration: no client address, no
user agent, no referrer, so that it holds no personal data. Secret tokens in
link paths (invitations, password resets, answers) are masked by the logger
class (`dualcareer.core.accesslog`), with the application log's own function.
"""

import os

# One BLAS thread per process (read when numpy loads, after this file): the matching
# pages do small matrix-vector products, where OpenBLAS's extra threads spin on the
# cores the other workers need (bench/README.md, "Platform speed after stored links").
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# One request at a time per worker: the pages are CPU-bound Python, and threads of one
# process take turns on the interpreter lock, so every request in a worker slows down
# while the others run. With 50 users (1 s think time) on 2 workers, p95 was 116-130 ms
# with 1 thread against 109-347 ms with 4 on the ordinary pages, 193-224 ms against
# 573-675 ms on the matching pages (docs/performance.md, "Threads per worker"). nginx
# buffers slow clients (uploads and downloads), so a worker waits only for the database.
# Raise it (and mind memory) where requests wait on other services for long.
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request that takes longer is killed (its worker restarted); nginx's
# proxy_read_timeout in docs/deploy/nginx.conf is a little longer than this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# Time a worker gets to finish its requests on reload or SIGTERM.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# gthread, but a retiring worker (recycled or stopped gracefully) first answers the
# connections it has accepted instead of resetting them (dualcareer/core/workers.py).
worker_class = os.environ.get(
    "GUNICORN_WORKER_CLASS", "dualcareer.core.workers.DrainingThreadWorker"
)
# Workers are recycled after about this many requests (jitter: not all at
# once), so that memory growth or a leaked connection cannot accumulate.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# Request line and headers are limited (the body by nginx's client_max_body_size
# and Django's DATA_UPLOAD_MAX_MEMORY_SIZE / UPLOAD_MAX_BYTES).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "dualcareer.core.accesslog.AccessLogger"

# The matching engine is built once, in the master before the workers are forked
# (they share its arrays), instead of by each worker's first matching request;
# GUNICORN_PRELOAD=false builds it in each worker after the fork instead.
# See dualcareer/openings/matchmaking/warm.py.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() != "false"


def when_ready(server):  # type: ignore[no-untyped-def]
    if preload_app:
        from dualcareer.openings.matchmaking import warm_up

        warm_up(openings=True, freeze=True)  # inherited by every worker: see warm.py


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    if not preload_app:
        return  # Django is not set up yet in this worker: post_worker_init warms up
    from dualcareer.openings.matchmaking import warm_up

    warm_up(index=True, freeze=True)  # a no-op for the engine when the master built it


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    if preload_app:
        return
    from dualcareer.openings.matchmaking import warm_up

    warm_up(index=True, freeze=True)
