"""`parse_id`: the one reading of an id from a URL, a query string or a command line."""

from __future__ import annotations

import pytest

from core.forms import MAX_ID, parse_id


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", 1),
        ("42", 42),
        ("0042", 42),
        (str(MAX_ID), MAX_ID),
    ],
)
def test_ascii_digits_within_range_are_an_id(text: str, expected: int) -> None:
    assert parse_id(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "²",  # a digit to str.isdigit(), not to int()
        "٣",  # Arabic-Indic three: int() reads it as 3
        "１２",  # fullwidth
        "1\x00",
        str(MAX_ID + 1),
        "9" * 5000,  # past the length int() reads at all
        "0" * 30 + "1",
        None,
        7,
    ],
)
def test_anything_else_is_no_id(text: object) -> None:
    assert parse_id(text) is None


def test_a_version_number_may_be_zero() -> None:
    assert parse_id("0", minimum=0) == 0
    assert parse_id("-1", minimum=0) is None
