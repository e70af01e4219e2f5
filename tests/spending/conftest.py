from __future__ import annotations

import pytest

from tests.spending.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()
