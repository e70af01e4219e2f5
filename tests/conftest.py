from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import SecretariatFactory, StaffFactory


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
def seed(db: None):  # type: ignore[no-untyped-def]
    from demo.grants import load_demo

    return load_demo()
