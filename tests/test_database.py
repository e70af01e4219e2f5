"""The database connection is configured for this workload, on PostgreSQL as on SQLite."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def _one(sql: str) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's session settings")
def test_postgresql_sessions_run_without_jit_and_cancel_runaway_statements() -> None:
    assert _one("SHOW jit") == "off"
    assert _one("SHOW statement_timeout") == "30s"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's connection settings")
def test_sqlite_writers_wait_for_the_lock_instead_of_failing() -> None:
    assert _one("PRAGMA busy_timeout") == 20_000
    assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]


def test_connections_persist_and_are_checked_before_use() -> None:
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
