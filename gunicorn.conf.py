"""gunicorn settings, read automatically when gunicorn starts in this folder.

The access log names method, path (without the query string, which may carry
search terms or tokens), status, size and duration: no client address, no
user agent, no referrer, so that it holds no personal data. Secret tokens in
link paths (invitations, password resets, answers) are masked by the logger
class (`dualcareer.core.accesslog`), with the application log's own function.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
logger_class = "dualcareer.core.accesslog.AccessLogger"
