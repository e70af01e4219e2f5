"""The admin's writes, walked as an administrator: add, change and delete of every model with
history, a revert from history, and a role given to a user. Each names the administrator."""

from __future__ import annotations

import pytest

from tests.audit_walk.admin_walk import ADMIN_CASES, admin_models_with_history
from tests.audit_walk.harness import label, walk
from tests.audit_walk.scenarios import ADMIN
from tests.matrix.base import World


def test_every_admin_model_with_history_is_walked() -> None:
    models = [label(model) for model in admin_models_with_history()]
    assert [name for name in models if name not in ADMIN_CASES] == []
    assert set(ADMIN_CASES) <= set(models)


@pytest.mark.parametrize("name", sorted(ADMIN.scenarios))
def test_the_admin_write_names_the_administrator(name: str, world: World, db: None) -> None:
    walk(ADMIN.scenarios[name], world)
