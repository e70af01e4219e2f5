from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings

from demo.grants import load_demo
from grants.models import Project
from tests.audit_guard import unnamed_writes_in_requests
from tests.factories import SecretariatFactory, StaffFactory
from tests.smtp import Server, smtp_server

# Property-based tests explore at random on a developer's machine, but in CI every run draws
# the same examples: a submission cannot fail by chance. Each test's own settings (example
# counts, deadlines) build on the loaded profile.
# No deadline and no too-slow check there either: a shared CI machine's speed varies.
settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


# `RUMMELIG_SUITE=database` keeps only the tests that use the database: CI runs those once
# more on PostgreSQL. A test that asks for no database cannot reach one (pytest-django blocks
# it), so its answer is the same on either and it runs once, in `make test`.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.environ.get("RUMMELIG_SUITE", "all") == "all":
        return
    if os.environ["RUMMELIG_SUITE"] != "database":
        raise pytest.UsageError("RUMMELIG_SUITE is `all` (the default) or `database`.")
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        uses_database = item.get_closest_marker("django_db") is not None or not (
            DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))
        )
        browser = item.get_closest_marker("browser") is not None
        (keep if uses_database and not browser else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture
def staff_client(db: None) -> Client:
    client = Client()
    client.force_login(StaffFactory.create())
    return client


@pytest.fixture
def secretariat_client(db: None) -> Client:
    client = Client()
    client.force_login(SecretariatFactory.create())
    return client


@pytest.fixture
def seed(db: None) -> Project:
    return load_demo()


@pytest.fixture(autouse=True)
def writes_name_their_author() -> Iterator[None]:
    """Fail a test whose requests wrote audit history without naming the author (`core.audit`)."""
    with unnamed_writes_in_requests() as unnamed:
        yield
    if unnamed:
        pytest.fail("Written without an author:\n" + "\n".join(sorted(set(unnamed))))


@pytest.fixture
def smtp() -> Iterator[Server]:
    """A real SMTP server on loopback that Django sends to for this test (tests/smtp.py)."""
    with smtp_server() as server:
        yield server
