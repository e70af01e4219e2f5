#!/usr/bin/env python
"""Time the one XLSX writer (`core.xlsx`) against a bare openpyxl write-only writer.

Usage: `python benchmarks/xlsx_writer.py [ROWS]` (default 20,000). Both write the same course
rows (as `participants.exports.course_rows` reads them, no database) to a temporary file;
the bare writer appends the values as they are, with no styles, widths or formula guard.
Prints the median time of each, their ratio, and each one's peak Python memory (tracemalloc),
also at a tenth of the rows, to show that memory does not grow with the rows.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from openpyxl import Workbook

from core import xlsx
from participants.exports import Row, course_header, courses_book

REPEAT = 3


def course_pool(size: int = 50) -> list[Row]:
    """Course rows as `participants.exports.course_rows` reads them from the database."""
    pool: list[Row] = []
    for n in range(size):
        pool.append(
            [
                f"RI-{n:04d}",
                "Rummelig imidt",
                f"Tømrer {n} ApS",
                f"{10000000 + n}",
                "Aarhus",
                "Turisme" if n % 2 else None,
                date(2019, 1 + n % 12, 1),
                date(2019, 12, 31) if n % 3 else None,
                "ja" if n % 2 else "nej",
                "Ordinært job" if n % 4 == 0 else None,
                date(2019, 12, 31) if n % 4 == 0 else None,
            ]
        )
    return pool


def courses(rows: int, pool: list[Row]) -> Iterator[Row]:
    for n in range(rows):
        yield pool[n % len(pool)]


def core_writer(rows: int, pool: list[Row]) -> None:
    with tempfile.TemporaryFile() as file:
        xlsx.write(courses_book(courses(rows, pool)), file)


def bare_writer(rows: int, pool: list[Row]) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Courses")
    sheet.append(course_header())
    for course in courses(rows, pool):
        sheet.append(course)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)


def seconds(write: Callable[[int, list[Row]], None], rows: int) -> float:
    pool = course_pool()
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        write(rows, pool)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_mib(write: Callable[[int, list[Row]], None], rows: int) -> float:
    pool = course_pool()
    tracemalloc.start()
    write(rows, pool)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    core, bare = seconds(core_writer, rows), seconds(bare_writer, rows)
    print(f"{rows:,} course rows, median of {REPEAT}")
    print(f"  core.xlsx writer     {core:7.2f} s")
    print(f"  bare openpyxl        {bare:7.2f} s")
    print(f"  ratio core / bare    {core / bare:7.2f}")
    for name, write in (("core.xlsx writer", core_writer), ("bare openpyxl", bare_writer)):
        small, large = peak_mib(write, rows // 10), peak_mib(write, rows)
        print(
            f"  peak memory {name:<17} {small:6.1f} MiB at {rows // 10:,} rows, "
            f"{large:6.1f} MiB at {rows:,}"
        )


if __name__ == "__main__":
    main()
