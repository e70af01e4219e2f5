"""Comparing two submitted versions of a request, without the database."""

from __future__ import annotations

from typing import Any

from applications.version_diff import Change, version_changes

FIRST: dict[str, Any] = {
    "kind": "application",
    "title": "Job i Midt",
    "description": "Forløb.",
    "first_year": 2027,
    "last_year": 2028,
    "organisations": [{"name": "Kommune", "cvr": "29189846", "role": "applicant"}],
    "areas": ["Indslusning"],
    "budget": [
        {"row": "Indslusning", "year": 2027, "amount": 100},
        {"row": "Indslusning", "year": 2028, "amount": 50},
    ],
    "financing": [{"row": "REM", "year": 2027, "amount": 100}],
    "targets": [{"indicator": "CO01", "name": "CO01 Deltagere", "value": 40}],
    "attachments": [{"title": "Budget", "filename": "b.pdf", "size": 10}],
}


def test_equal_versions_have_no_changes() -> None:
    assert version_changes(FIRST, dict(FIRST)) == []


def test_every_changed_cell_field_and_row_is_named_with_both_values() -> None:
    second = {
        **FIRST,
        "title": "Job i Midt 2",
        "last_year": 2029,
        "organisations": [
            {"name": "Kommune", "cvr": "29189846", "role": "applicant"},
            {"name": "Partner", "cvr": "", "role": "partner"},
        ],
        "areas": ["Indslusning", "Virksomheder"],
        "budget": [
            {"row": "Indslusning", "year": 2027, "amount": 120},
            {"row": "Virksomheder", "year": 2029, "amount": 30},
        ],
        "financing": [{"row": "REM", "year": 2027, "amount": 100}],
        "targets": [{"indicator": "CO01", "name": "CO01 Deltagere", "value": 60}],
        "attachments": [],
    }
    assert version_changes(FIRST, second) == [
        Change("details", "", "title", "Job i Midt", "Job i Midt 2"),
        Change("details", "", "last_year", 2028, 2029),
        Change("organisations", "Partner", "role", None, "partner"),
        Change("organisations", "Partner", "cvr", None, ""),
        Change("areas", "Virksomheder", "", None, "Virksomheder"),
        Change("budget", "Indslusning", "2027", 100, 120),
        Change("budget", "Indslusning", "2028", 50, None),
        Change("budget", "Virksomheder", "2029", None, 30),
        Change("targets", "CO01 Deltagere", "value", 40, 60),
        Change("attachments", "Budget", "", "Budget", None),
    ]


def test_the_difference_of_an_amount_counts_a_missing_cell_as_nothing() -> None:
    assert Change("budget", "A", "2027", 100, 120).difference == 20
    assert Change("budget", "A", "2028", 50, None).difference == -50
    assert Change("details", "", "title", "a", "b").difference is None


def test_an_old_version_without_some_sections_still_compares() -> None:
    changes = version_changes({"title": "A"}, {"title": "A", "financing": []})
    assert changes == []
