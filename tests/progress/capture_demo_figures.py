"""Write the demo's progress figures to `tests/fixtures/demo_progress_figures.json`.

Run once, before indicators became data, on a fresh test database with the demo loaded:

    CAPTURE_DEMO_FIGURES=1 .venv/bin/pytest -q -p no:cacheprovider \
        tests/progress/capture_demo_figures.py

Kept so the capture can be repeated and read: `test_demo_figures.py` compares against the file.
"""

from __future__ import annotations

import json
import os

import pytest

from demo.grants import load_demo
from demo.participants import load_participant_demo
from tests.progress.demo_figures import FIXTURE, demo_figures


@pytest.mark.django_db
def test_capture_demo_figures() -> None:
    if not os.environ.get("CAPTURE_DEMO_FIGURES"):
        pytest.skip("Writes the fixture only when asked to (CAPTURE_DEMO_FIGURES=1).")
    load_participant_demo(load_demo())
    FIXTURE.write_text(
        json.dumps(demo_figures(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
        encoding="utf-8",
    )
