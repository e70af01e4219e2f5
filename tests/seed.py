"""Read the budget-and-financing table out of the seed case paper, as printed."""

from __future__ import annotations

import re
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
SEED_CASE = FIXTURES / "seed_case_000.txt"
SHARED_SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

_NUMBER = r"-?\d{1,3}(?:\.\d{3})*"


def _value(token: str) -> int:
    return int(token.replace(".", ""))


def seed_table() -> tuple[list[str], list[tuple[str, list[int | None]]]]:
    """The header and the rows of the seed's table, amounts in 1.000 kr.

    A row with fewer numbers than years has them in its last years: the case paper's
    "Socialøkonomiske virksomheder 1.000 1.000" sits in 2019 and 2020 (only then do the totals
    add up). A row without a label is the financing total.
    """
    text = SEED_CASE.read_text(encoding="utf-8")
    section = text[text.rindex("Budget og finansiering") : text.index("Bilag")]
    lines = [line.strip() for line in section.splitlines()[1:] if line.strip()]
    header_match = re.fullmatch(r"(1\.000 kr\.)((?: \d{4})+)", lines[0])
    assert header_match, lines[0]
    years = header_match.group(2).split()
    header = [header_match.group(1), *years]
    rows: list[tuple[str, list[int | None]]] = []
    for line in lines[1:]:
        match = re.fullmatch(rf"(.*?)\s*((?:{_NUMBER}\s*)*)", line)
        assert match, line
        label, numbers = match.group(1).strip(), match.group(2).split()
        values: list[int | None] = [None] * (len(years) - len(numbers))
        values += [_value(n) for n in numbers]
        rows.append((label, values))
    return header, rows
