"""The rooms' import contracts (import-linter, `pyproject.toml`) hold, and would catch a breach."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROOMS = (
    "core",
    "accounts",
    "jobs",
    "notifications",
    "grants",
    "companies",
    "participants",
    "progress",
    "spending",
    "meetings",
    "applications",
    "home",
    "demo",
    "rummelig",
)
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.fixture
def copy_of_the_tree(tmp_path: Path) -> Path:
    for room in ROOMS:
        shutil.copytree(ROOT / room, tmp_path / room, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    # The contract types of our own that pyproject.toml names.
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "import_contracts.py", tmp_path / "scripts")
    return tmp_path


def test_the_code_keeps_every_import_contract(copy_of_the_tree: Path) -> None:
    result = lint_imports(copy_of_the_tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import"),
    [
        ("grants/wrong_way.py", "import participants.models\n"),
        ("core/wrong_way.py", "from grants import budget\n"),
        ("accounts/wrong_way.py", "from grants.models import Project\n"),
        ("companies/wrong_way.py", "from participants.models import OnboardingCourse\n"),
        ("grants/budget_extra.py", "import progress.queries\n"),
        ("progress/wrong_way.py", "import home.queries\n"),
    ],
)
def test_an_import_the_wrong_way_breaks_the_build(
    copy_of_the_tree: Path, module: str, wrong_import: str
) -> None:
    (copy_of_the_tree / module).write_text(wrong_import)
    result = lint_imports(copy_of_the_tree)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout


def test_a_pure_domain_module_may_not_reach_the_orm(copy_of_the_tree: Path) -> None:
    budget = copy_of_the_tree / "grants" / "budget.py"
    budget.write_text(budget.read_text() + "\nfrom grants.models import Project  # noqa\n")
    result = lint_imports(copy_of_the_tree)
    assert result.returncode != 0
    assert "Pure domain modules" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("grants/budget.py", "from django.db import models  # noqa"),
        ("progress/pace.py", "import django.http  # noqa"),
        ("grants/cases/wording.py", "from django import template  # noqa"),
        ("spending/money.py", "from django.template.loader import render_to_string  # noqa"),
    ],
)
def test_a_pure_domain_module_may_not_reach_the_database_a_request_or_a_template(
    copy_of_the_tree: Path, module: str, line: str
) -> None:
    path = copy_of_the_tree / module
    path.write_text(path.read_text() + f"\n{line}\n")
    result = lint_imports(copy_of_the_tree)
    assert result.returncode != 0
    assert "reach no django.db, django.http or django.template" in result.stdout


def test_a_pure_domain_module_may_not_reach_the_database_through_a_helper(
    copy_of_the_tree: Path,
) -> None:
    (copy_of_the_tree / "core" / "sneaky.py").write_text("from django.db.models import Q\n")
    budget = copy_of_the_tree / "grants" / "budget.py"
    budget.write_text(budget.read_text() + "\nfrom core import sneaky  # noqa\n")
    result = lint_imports(copy_of_the_tree)
    assert result.returncode != 0
    assert "grants.budget reaches django.db through core.sneaky" in " ".join(result.stdout.split())


@pytest.mark.parametrize(
    "wrong_import",
    [
        "from grants.views import DecisionDetailView\n",
        "from grants.setup import services\n",
        "from grants.cases import presentation\n",
    ],
)
def test_another_room_uses_grants_only_through_its_public_modules(
    copy_of_the_tree: Path, wrong_import: str
) -> None:
    (copy_of_the_tree / "spending" / "wrong_way.py").write_text(wrong_import)
    result = lint_imports(copy_of_the_tree)
    assert result.returncode != 0
    assert "Other rooms use grants only through" in " ".join(result.stdout.split())


def test_the_public_modules_of_grants_are_enough_for_the_other_rooms(
    copy_of_the_tree: Path,
) -> None:
    (copy_of_the_tree / "spending" / "right_way.py").write_text(
        "from grants.budget import DecisionFigures\nfrom grants.models import Project\n"
        "from grants.public import decision_set_status\n"
    )
    result = lint_imports(copy_of_the_tree)
    assert "Other rooms use grants only through grants.models, grants.budget and" in (
        " ".join(result.stdout.split())
    )
    assert "spending.right_way" not in result.stdout


def test_a_decision_version_moves_on_in_one_place_only() -> None:
    """Every writer (services, admin) bumps through its model's `save_next_version`: a
    decision's (`GrantDecision`) or a request's (`Request`)."""
    writers = [
        str(path.relative_to(ROOT))
        for room in ROOMS
        for path in (ROOT / room).rglob("*.py")
        if "migrations" not in path.parts
        and re.search(r"\.version\s*(\+=|=[^=])|version=F\(", path.read_text(encoding="utf-8"))
    ]
    assert sorted(writers) == ["applications/models/requests.py", "grants/models/decisions.py"]


def test_no_module_outside_migrations_passes_about_four_hundred_lines() -> None:
    long = {
        str(path.relative_to(ROOT)): length
        for room in ROOMS
        for path in (ROOT / room).rglob("*.py")
        if "migrations" not in path.parts
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > 420
    }
    assert long == {}
