"""Run background jobs in tests: the database backend's own worker, in this process.

`run_queued_jobs()` works off every task queued on this process's queue and returns when the
queue is empty (the worker's batch mode); `background_worker()` keeps a worker polling in a
thread while a browser test watches a job's page. Both run the real `django_tasks_db` worker,
in-process, because the test storage (InMemoryStorage) and an SQLite test database belong to
this process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker


def _worker(*, batch: bool, interval: float) -> Worker:
    return Worker(
        queue_names=[settings.JOBS_QUEUE],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )


def run_queued_jobs() -> None:
    """Run every queued task in this thread; return once none is left.

    For jobs started inside `django_capture_on_commit_callbacks(execute=True)` in a `db` test
    (or in a transactional test). The worker checks its connection between tasks and drops one
    that is not in autocommit, which inside the test's transaction is the test's own: that
    check is left out here, nothing else.
    """
    if connection.in_atomic_block:
        with mock.patch.object(db_worker, "close_old_connections", lambda: None):
            _worker(batch=True, interval=0).run()
    else:
        _worker(batch=True, interval=0).run()


@contextmanager
def background_worker(interval: float = 0.05) -> Iterator[Worker]:
    """A database worker polling in a thread for as long as the block lasts."""
    worker = _worker(batch=False, interval=interval)

    def work() -> None:
        try:
            worker.run()
        finally:
            connection.close()

    thread = threading.Thread(target=work, name="jobs-test-worker", daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.running = False
        thread.join(timeout=30)
