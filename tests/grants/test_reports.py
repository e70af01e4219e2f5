"""Tables read from the database: counting decisions, revisions, unsplit periods."""

import pytest

from grants.models import FinancingTotal, GrantDecision
from grants.queries import decision_report, project_report
from grants.services import decision_save_lines, decision_set_status
from tests.factories import (
    DecisionFactory,
    EffortAreaFactory,
    FundingSourceFactory,
    ProjectFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


def test_project_table_uses_a_revision_instead_of_the_lines_it_replaces() -> None:
    project = ProjectFactory.create()
    area = EffortAreaFactory.create(project=project)
    source = FundingSourceFactory.create()
    original = DecisionFactory.create(project=project, first_year=2020, last_year=2021)
    decision_save_lines(
        decision=original,
        budget={(area.pk, 2020): 100, (area.pk, 2021): 100},
        financing={(source.pk, 2020): 100, (source.pk, 2021): 100},
        by=StaffFactory.create(),
    )
    # Figures first, then approval: an approved decision's figures are locked.
    decision_set_status(decision=original, status="approved", by=StaffFactory.create())
    revision = DecisionFactory.create(
        project=project,
        kind=GrantDecision.Kind.REVISION,
        revises=original,
        first_year=2021,
        last_year=2021,
    )
    decision_save_lines(
        decision=revision,
        budget={(area.pk, 2021): 300},
        financing={(source.pk, 2021): 300},
        by=StaffFactory.create(),
    )
    decision_set_status(decision=revision, status="approved", by=StaffFactory.create())

    table = project_report(project).table

    assert table.budget_rows[0].cells == (100, 300)
    assert table.total == (0, 0)
    # The revision's own table shows just its lines.
    assert decision_report(revision).table.budget_rows[0].cells == (300,)


def test_project_table_leaves_out_drafts_and_rejected_decisions() -> None:
    project = ProjectFactory.create()
    area = EffortAreaFactory.create(project=project)
    for status, amount in [
        ("draft", 1),
        ("rejected", 10),
        ("recommended", 100),
        ("approved", 1000),
    ]:
        decision = DecisionFactory.create(project=project, first_year=2020, last_year=2020)
        decision_save_lines(
            decision=decision,
            budget={(area.pk, 2020): amount},
            financing={},
            by=StaffFactory.create(),
        )
        # Set directly: the approval rule would refuse an unbalanced decision.
        GrantDecision.objects.filter(pk=decision.pk).update(status=status)

    assert project_report(project).table.budget_rows[0].cells == (1100,)


def test_totals_only_decision_is_shown_unsplit_and_never_balanced_by_year() -> None:
    project = ProjectFactory.create()
    source = FundingSourceFactory.create(name="EU's Socialfond")
    original = DecisionFactory.create(
        project=project, first_year=2016, last_year=2018, split_by_year=False
    )
    FinancingTotal.objects.create(decision=original, funding_source=source, amount=19_500_000)
    GrantDecision.objects.filter(pk=original.pk).update(status="approved")

    table = project_report(project).table

    assert [(c.first_year, c.last_year, c.unsplit) for c in table.columns] == [(2016, 2018, True)]
    assert table.financing_rows[0].cells == (19_500_000,)
    assert table.total == (None,)
    assert table.balanced
