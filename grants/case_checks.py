# Placeholder: the consistency check of a case is being written now (grants/consistency.py).
from __future__ import annotations

from typing import Any

from grants.models import Case


def case_findings(case: Case) -> list[Any]:
    """Every consistency finding of `case`."""
    return []


def open_findings(case: Case) -> list[Any]:
    """The findings of `case` that no staff member has acknowledged."""
    return []
