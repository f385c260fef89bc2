"""gunicorn configuration for production and for `make bench`.

    gunicorn -c coursesite/gunicorn.conf.py coursesite.wsgi

Every value can be set from the environment; the defaults suit a small machine behind a
reverse proxy that terminates TLS and buffers slow clients.
"""

import gc
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per core: the pages are CPU-bound Python; PostgreSQL and Redis answer in well
# under a millisecond on the same network.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count()))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Load the app once in the master, then fork: faster start, shared memory.
preload_app = True
# Recycle workers now and then so a slow leak can never take the site down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Logs to stdout/stderr for the process manager; access log only when asked for.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy in front may pass X-Forwarded-* from these addresses only.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def post_fork(server, worker):
    """Database connections must never be shared across the fork (preload_app)."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()


# The garbage collector's first threshold: Python's 700 suits small scripts. A page such as a
# counselor's circle of 500 makes some 100,000 short-lived objects (freed by reference counting
# anyway), which at 700 cost 17 collections and 4.5 ms per request; at 10,000, one and 0.7 ms
# (measured with bench/profile_pages.py). Memory held by cycles waits a little longer.
GC_FIRST_THRESHOLD = int(os.environ.get("GC_FIRST_THRESHOLD", "10000"))


def when_ready(server):
    """The app is loaded (preload_app) and the workers are not forked yet: everything loaded so
    far lives as long as the process, so the garbage collector is told to leave it alone
    (gc.freeze). Each worker's collections then scan what its requests made, not the whole of
    Django and Wagtail; and the pages forked from the master stay shared between workers. The
    workers inherit both settings at the fork."""
    gc.freeze()
    gc.set_threshold(GC_FIRST_THRESHOLD, *gc.get_threshold()[1:])
