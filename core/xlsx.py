"""The one XLSX writer of Rummelig."""

from __future__ import annotations

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text that a spreadsheet will not run as a formula."""
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
