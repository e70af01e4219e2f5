"""`load_demo` and `export_budget` from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from grants.models import BudgetLine, Case, FinancingLine, GrantDecision, Project
from tests.seed import seed_table

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_demo_is_idempotent_and_prints_the_logins() -> None:
    first = _run("load_demo")
    counts = (
        Project.objects.count(),
        GrantDecision.objects.count(),
        BudgetLine.objects.count(),
        FinancingLine.objects.count(),
        Case.objects.count(),
    )
    second = _run("load_demo")

    assert counts == (1, 3, 10, 12, 1)
    assert counts == (
        Project.objects.count(),
        GrantDecision.objects.count(),
        BudgetLine.objects.count(),
        FinancingLine.objects.count(),
        Case.objects.count(),
    )
    assert "regional / rummelig-regional-demo" in first
    assert "secretariat / rummelig-sekretariat-demo" in second


def test_load_demo_restores_edited_figures() -> None:
    _run("load_demo", "--no-users")
    BudgetLine.objects.update(amount=1)
    _run("load_demo", "--no-users")
    assert sorted(set(BudgetLine.objects.values_list("amount", flat=True))) == [
        500_000,
        1_000_000,
        1_500_000,
        4_000_000,
        7_000_000,
    ]


def test_export_budget_lists_cases_and_decisions_id_first(seed: Project) -> None:
    lines = _run("export_budget", "--list").splitlines()
    case = Case.objects.get()
    assert f"case-{case.pk}\tRummelig imidt\t{case.title}" in lines
    decision_lines = [line for line in lines if line.startswith("decision-")]
    assert len(decision_lines) == 3


@pytest.mark.parametrize("fmt", ["html", "csv", "xlsx", "pdf"])
def test_export_budget_writes_each_format(seed: Project, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"seed.{fmt}"
    _run("export_budget", f"case-{Case.objects.get().pk}", "--format", fmt, "-o", str(target))
    content = target.read_bytes()
    if fmt == "xlsx":
        rows = list(load_workbook(target).active.iter_rows(values_only=True))  # type: ignore[union-attr]
        assert list(rows[2]) == seed_table()[0]
    elif fmt == "pdf":
        assert content.startswith(b"%PDF-")
    else:
        assert "12.000" in content.decode("utf-8-sig") or "12000" in content.decode("utf-8-sig")
        assert "Budget i alt" in content.decode("utf-8-sig")


@pytest.mark.parametrize("bad", ["case-999", "widget-1", "case-x", "7"])
def test_export_budget_names_a_bad_id(seed: Project, tmp_path: Path, bad: str) -> None:
    with pytest.raises(CommandError):
        _run("export_budget", bad, "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()
