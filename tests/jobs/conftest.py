from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.jobs import kinds


@pytest.fixture(autouse=True)
def _target() -> Iterator[None]:
    kinds.TARGET.update(version="1", fail="", crash=False, revoked="")
    yield
    kinds.TARGET.update(version="1", fail="", crash=False, revoked="")
