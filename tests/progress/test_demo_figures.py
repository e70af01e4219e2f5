"""The data migration keeps every progress figure of the demo: the four indicators that were
choices are rows now, and the project page, the programme overview, the charts and both
workbooks show exactly what they showed before (captured by `capture_demo_figures.py`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from demo.grants import load_demo
from demo.participants import load_participant_demo
from tests.progress.demo_figures import FIXTURE, demo_figures

# The one heading that changed: a breakdown may be by gender or age band now, not only by
# industry. Every figure and every other word is as before.
RENAMED_COLUMNS = {"Industry": "Breakdown"}


def _renamed(figures: dict[str, Any]) -> dict[str, Any]:
    for day in figures.values():
        books = [p["xlsx"] for p in day["projects"].values()]
        books += [p["xlsx"] for p in day["programmes"].values()]
        for book in books:
            for sheet in book:
                sheet["columns"] = [RENAMED_COLUMNS.get(c, c) for c in sheet["columns"]]
    return figures


@pytest.mark.django_db
def test_the_demo_figures_are_those_before_indicators_became_data() -> None:
    load_participant_demo(load_demo())
    before = _renamed(json.loads(FIXTURE.read_text(encoding="utf-8")))
    after = demo_figures()
    assert after.keys() == before.keys()
    for day, figures in before.items():
        for kind in ("projects", "programmes"):
            assert after[day][kind].keys() == figures[kind].keys()
            for name, shown in figures[kind].items():
                assert after[day][kind][name] == shown, (day, kind, name)
    assert after == before


@pytest.mark.django_db
def test_the_demo_has_figures_to_compare() -> None:
    before = json.loads(FIXTURE.read_text(encoding="utf-8"))
    targets = before["2019-11-30"]["projects"]["Rummelig imidt"]["targets"]
    assert len(targets) == 7
    assert any(t["breakdown"] for t in targets)
    assert sum(t["progress"]["achieved"] for t in targets) > 0
