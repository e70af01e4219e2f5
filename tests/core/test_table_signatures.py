"""Cell signatures are worked out once per function (core.tables), with the same answers."""

from __future__ import annotations

from typing import Any

import django_tables2.utils

import core.tables
from core.tables import cell_signature


class Columns:
    def render_value(self, value: Any) -> str:
        return str(value)

    def render_any(self, record: Any, **kwargs: Any) -> str:
        return str(record)


def plain(value: Any, record: Any) -> str:
    return f"{value} {record}"


def test_django_tables2_asks_the_cached_signature() -> None:
    assert django_tables2.utils.signature is cell_signature


def test_same_answers_as_django_tables2_for_methods_functions_and_lambdas() -> None:
    original = core.tables._signature
    columns = Columns()
    for fn in (columns.render_value, columns.render_any, Columns.render_value, plain):
        assert cell_signature(fn) == original(fn)
        assert cell_signature(fn) == original(fn)  # from the cache, still the same
    assert cell_signature(lambda record: record) == (("record",), None)


def test_a_bound_method_and_its_function_are_kept_apart() -> None:
    columns = Columns()
    assert cell_signature(columns.render_value) == (("value",), None)
    assert cell_signature(Columns.render_value) == (("self", "value"), None)
    assert cell_signature(columns.render_value) == (("value",), None)


def test_call_with_appropriate_passes_what_each_render_method_takes() -> None:
    columns = Columns()
    arguments = {"value": 3, "record": "r", "table": None}
    assert django_tables2.utils.call_with_appropriate(columns.render_value, arguments) == "3"
    assert django_tables2.utils.call_with_appropriate(columns.render_any, arguments) == "r"
    assert django_tables2.utils.call_with_appropriate(plain, arguments) == "3 r"
