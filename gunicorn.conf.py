"""Gunicorn's settings for Rummelig (read from the working directory); each from the environment.

Threads, not more processes, carry concurrent users: most of a request's time is spent waiting
on PostgreSQL, and each thread keeps its own persistent database connection (CONN_MAX_AGE).
So one slow page (a PDF, a long export) holds one thread, not a whole worker.
"""

import multiprocessing
import os

wsgi_app = "rummelig.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# No request may hold a thread for long: pages answer in well under a second and exports are
# streamed, so a request still running after this is a fault, and its worker is replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are renewed now and then, staggered, so no slow leak grows for ever. Not often: a new
# worker imports the application again and starts with empty caches (the kept budget tables,
# the menus). At 2,000 requests a worker under load was replaced every few seconds, which cost
# the load test a seventh of its requests per second and made its figures jump.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
accesslog = "-"
