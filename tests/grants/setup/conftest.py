from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import StaffFactory


@pytest.fixture
def staff(db: None) -> User:
    user: User = StaffFactory.create()
    return user


@pytest.fixture
def client_of(staff: User) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def queries_of(client: Client, url: str) -> int:
    """The queries one request for `url` takes, once the session and its user are warm."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
