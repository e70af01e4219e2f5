"""Every progress figure of the demo, as plain data: the project page's targets and
breakdowns, the programme overview's totals and project cells, every chart's series and every
cell of both XLSX workbooks, on a few fixed days.

`capture_demo_figures.py` wrote them to `tests/fixtures/demo_progress_figures.json` from the
code as it was before indicators became data; `test_demo_figures.py` computes them again and
compares. Labels are read in English (the indicators' English names are the old choices'
labels), so the comparison is of the same words and numbers.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import translation

from core import xlsx
from grants.models import Programme, Project
from progress.exports import programme_book, project_book
from progress.pace import MonthPoint, Progress
from progress.presenters import shown_projects, shown_targets, shown_totals
from progress.queries import programme_progress, project_progress

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "demo_progress_figures.json"
# Before, inside and after the demo's decisions' periods (2016–2020).
DAYS = [date(2016, 5, 10), date(2018, 6, 15), date(2019, 11, 30), date(2021, 1, 1)]


def _plain(value: object) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, xlsx.Row):
        return [_plain(v) for v in value.values]
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _progress(p: Progress) -> dict[str, Any]:
    return {
        "target": p.target,
        "achieved": p.achieved,
        "expected": p.expected,
        "percent": _plain(p.percent),
        "status": str(p.status),
    }


def _series(points: list[MonthPoint]) -> list[list[Any]]:
    return [[p.month.isoformat(), p.achieved, p.expected] for p in points]


def _breakdown_label(part: Any) -> str:
    # Before indicators were data a breakdown was always an industry.
    label = getattr(part, "label", None)
    return str(label) if label is not None else str(part.industry.name)


def _book(book: xlsx.Book) -> list[dict[str, Any]]:
    return [
        {
            "title": sheet.title,
            "columns": [column.title for column in sheet.columns],
            "above": _plain(list(sheet.above)),
            "rows": [_plain(row) for row in sheet.rows],
        }
        for sheet in book.sheets
    ]


def _project(project: Project, day: date) -> dict[str, Any]:
    items = project_progress(project, today=day)
    return {
        "targets": [
            {
                "decision": shown.item.target.decision.title,
                "indicator": shown.chart.title,
                "start": shown.item.start.isoformat(),
                "end": shown.item.end.isoformat(),
                "progress": _progress(shown.item.progress),
                "breakdown": [
                    [_breakdown_label(part.breakdown), _progress(part.progress)]
                    for part in shown.item.breakdown
                ],
                "chart": {
                    "title": shown.chart.title,
                    "target": shown.chart.target,
                    "labels": shown.chart.labels,
                    "rows": _plain(shown.chart.rows),
                },
                "series": _series(shown.item.series),
            }
            for shown in shown_targets(items)
        ],
        "xlsx": _book(project_book(project, items, day=day)),
    }


def _programme(programme: Programme, day: date) -> dict[str, Any]:
    overview = programme_progress(programme, today=day)
    return {
        "totals": [
            {
                "label": total.label,
                "progress": _progress(total.progress),
                "chart": {"title": chart.title, "target": chart.target, "rows": _plain(chart.rows)},
                "series": _series(total.series),
            }
            for total, chart in shown_totals(overview.totals)
        ],
        "projects": [
            {
                "project": shown.row.project.name,
                "behind": shown.row.behind,
                "cells": [[cell.figures, cell.status_label, cell.percent] for cell in shown.cells],
            }
            for shown in shown_projects(overview)
        ],
        "xlsx": _book(programme_book(programme, overview, day=day)),
    }


def demo_figures() -> dict[str, Any]:
    """The figures of every project with targets and every programme, per day, in English."""
    with translation.override("en"):
        result: dict[str, Any] = {}
        for day in DAYS:
            result[day.isoformat()] = {
                "projects": {
                    p.name: _project(p, day)
                    for p in Project.objects.filter(decisions__targets__isnull=False)
                    .distinct()
                    .order_by("name")
                },
                "programmes": {
                    p.name: _programme(p, day) for p in Programme.objects.order_by("name")
                },
            }
        # Through JSON, so the captured and the computed figures have the same types.
        loaded: dict[str, Any] = json.loads(json.dumps(result))
        return loaded
