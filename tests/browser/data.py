"""Data that browser tests set up on the live server's database."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps


def restore_reference_data() -> None:
    """Load again what the data migrations load: municipalities, industries and categories.

    A live-server test runs on a transactional database that is emptied after each test, rows
    of the data migrations too; their `load` functions are idempotent.
    """
    for module in (
        "companies.migrations.0002_reference_data",
        "participants.migrations.0002_categories",
    ):
        import_module(module).load(apps, None)
