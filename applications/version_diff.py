"""What changed between two submitted versions of a request: plain data in, changes out.

The versions are `RequestVersion.content` (see `applications.snapshot`): rows are named by what
the applicant saw (an area's or a source's name, an indicator's code), so two versions compare
by name, cell by cell. The staff's compare page lists what this returns, nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Value = str | int | None

# The sections of a request, in the order its page shows them.
DETAILS = "details"
ORGANISATIONS = "organisations"
AREAS = "areas"
BUDGET = "budget"
FINANCING = "financing"
TARGETS = "targets"
ATTACHMENTS = "attachments"
SECTIONS = (DETAILS, ORGANISATIONS, AREAS, BUDGET, FINANCING, TARGETS, ATTACHMENTS)

DETAIL_FIELDS = ("kind", "title", "description", "first_year", "last_year")


@dataclass(frozen=True)
class Change:
    """One difference: in `section`, row `row` (a name; "" for the request's own fields),
    `field` (a field's name, or the year of a grid's cell) went from `before` to `after`.
    `None` on one side: the row or cell was not there."""

    section: str
    row: str
    field: str
    before: Value
    after: Value

    @property
    def difference(self) -> int | None:
        """After minus before, for amounts and values (a missing cell counts as 0)."""
        numbers = [v for v in (self.before, self.after) if v is not None]
        if not numbers or not all(isinstance(v, int) for v in numbers):
            return None
        before = self.before if isinstance(self.before, int) else 0
        after = self.after if isinstance(self.after, int) else 0
        return after - before


def _compare(
    section: str, before: Mapping[tuple[str, str], Value], after: Mapping[tuple[str, str], Value]
) -> list[Change]:
    keys = list(before) + [key for key in after if key not in before]
    return [
        Change(section, row, field, before.get((row, field)), after.get((row, field)))
        for row, field in keys
        if before.get((row, field)) != after.get((row, field))
    ]


def _cells(lines: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], Value]:
    cells: dict[tuple[str, str], Value] = {}
    for line in lines:
        key = (str(line.get("row", "")), str(line.get("year", "")))
        amount = int(line.get("amount") or 0)
        cells[key] = int(cells.get(key) or 0) + amount
    return {key: amount for key, amount in sorted(cells.items()) if amount}


def _organisations(content: Mapping[str, Any]) -> dict[tuple[str, str], Value]:
    cells: dict[tuple[str, str], Value] = {}
    for org in content.get("organisations") or []:
        name = str(org.get("name", ""))
        cells[(name, "role")] = org.get("role") or ""
        cells[(name, "cvr")] = org.get("cvr") or ""
    return cells


def _present(names: Iterable[Any]) -> dict[tuple[str, str], Value]:
    return {(str(name), ""): str(name) for name in names}


def _targets(content: Mapping[str, Any]) -> dict[tuple[str, str], Value]:
    return {
        (str(target.get("name") or target.get("indicator", "")), "value"): target.get("value")
        for target in content.get("targets") or []
    }


def _details(content: Mapping[str, Any]) -> dict[tuple[str, str], Value]:
    return {("", name): content.get(name) for name in DETAIL_FIELDS}


def version_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Every difference from version `before` to version `after`, section by section: the
    request's own fields, organisations (by name), effort areas and attachments added or
    removed, each budget and financing cell (row × year), each target."""
    return [
        *_compare(DETAILS, _details(before), _details(after)),
        *_compare(ORGANISATIONS, _organisations(before), _organisations(after)),
        *_compare(AREAS, _present(before.get("areas") or []), _present(after.get("areas") or [])),
        *_compare(BUDGET, _cells(before.get("budget") or []), _cells(after.get("budget") or [])),
        *_compare(
            FINANCING, _cells(before.get("financing") or []), _cells(after.get("financing") or [])
        ),
        *_compare(TARGETS, _targets(before), _targets(after)),
        *_compare(
            ATTACHMENTS,
            _present(a.get("title", "") for a in before.get("attachments") or []),
            _present(a.get("title", "") for a in after.get("attachments") or []),
        ),
    ]
