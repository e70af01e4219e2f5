"""`build_scale_data`: the benchmark's data set, tiny here, with the full set's invariants."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F
from stdnum.dk import cvr

from applications.completeness import yearly_difference
from applications.models import Call, Request
from companies.models import Company
from demo.scale import (
    COMPANIES,
    COURSES,
    DEMO_COURSES,
    PROGRAMME_PREFIX,
    PROGRAMMES,
    REFERENCE_PREFIX,
)
from demo.scale.request_steps import (
    APPLICATION_PREFIX,
    APPLICATIONS_PER_CALL,
    CHANGE_REQUESTS_PER_PROJECT,
    REQUEST_PREFIX,
)
from grants.budget import unbalanced_years
from grants.models import (
    BudgetLine,
    Case,
    FinancingLine,
    GrantDecision,
    Programme,
    Project,
    Target,
    decision_figures,
)
from participants.models import OnboardingCourse, Participant
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SCALE = 0.002


def _build(*args: str) -> str:
    out = io.StringIO()
    call_command("build_scale_data", "--scale", str(SCALE), *args, stdout=out)
    return out.getvalue()


def _snapshot() -> dict[str, list[tuple[object, ...]]]:
    """The generated data by natural keys (primary keys differ from build to build)."""
    return {
        "projects": list(
            Project.objects.order_by("name").values_list("name", "programme__name", "purpose")
        ),
        "lines": list(
            BudgetLine.objects.order_by(
                "decision__project__name", "decision__title", "effort_area__name", "year"
            ).values_list(
                "decision__project__name",
                "decision__title",
                "decision__status",
                "effort_area__name",
                "year",
                "amount",
            )
        ),
        "targets": list(
            Target.objects.order_by(
                "decision__project__name", "decision__title", "indicator"
            ).values_list("decision__project__name", "decision__title", "indicator", "value")
        ),
        "companies": list(
            Company.objects.order_by("cvr").values_list(
                "cvr", "name", "municipality__code", "industry__name", "inclusion_started_on"
            )
        ),
        "courses": list(
            OnboardingCourse.objects.order_by(
                "project__name", "participant__reference", "start_date"
            ).values_list(
                "project__name",
                "participant__reference",
                "participant__birth_year",
                "participant__gender",
                "company__cvr",
                "start_date",
                "end_date",
                "outcome",
                "mentor",
            )
        ),
    }


def test_builds_the_counts_of_its_scale_on_top_of_the_demo() -> None:
    output = _build("--seed", "7")

    generated_projects = Project.objects.filter(name__startswith="Skalaprojekt")
    # Each generated programme gets one project at least; the demo's none at this scale.
    assert generated_projects.count() == len(PROGRAMMES)
    assert Programme.objects.filter(name__startswith=PROGRAMME_PREFIX).count() == len(PROGRAMMES)
    assert GrantDecision.objects.filter(project__in=generated_projects).count() == 3 * len(
        PROGRAMMES
    )
    assert Case.objects.filter(project__in=generated_projects).count() == len(PROGRAMMES)
    assert Target.objects.filter(decision__project__in=generated_projects).count() == 12 * len(
        PROGRAMMES
    )
    assert Company.objects.filter(cvr__startswith="5").count() == round(COMPANIES * SCALE)
    demo_courses = OnboardingCourse.objects.filter(
        project__name="Rummelig imidt", participant__reference__startswith=REFERENCE_PREFIX
    ).count()
    assert round(DEMO_COURSES * SCALE) <= demo_courses <= round(DEMO_COURSES * SCALE) + 1
    other_courses = OnboardingCourse.objects.filter(project__in=generated_projects).count()
    assert 0.5 * COURSES * SCALE <= other_courses <= 1.5 * COURSES * SCALE + len(PROGRAMMES)
    # About 1.25 courses per participant.
    participants = Participant.objects.filter(reference__startswith=REFERENCE_PREFIX).count()
    assert 0.7 * (demo_courses + other_courses) <= participants < demo_courses + other_courses
    assert "Scale data built" in output
    # Four change requests per generated project, the programmes' calls' applications beside.
    requests = Request.objects.filter(title__startswith=REQUEST_PREFIX)
    assert requests.count() == CHANGE_REQUESTS_PER_PROJECT * len(PROGRAMMES)
    assert Call.objects.filter(programme__name__startswith=PROGRAMME_PREFIX).count() == len(
        PROGRAMMES
    )
    applications = Request.objects.filter(title__startswith=APPLICATION_PREFIX)
    assert applications.count() == len(PROGRAMMES) * round(APPLICATIONS_PER_CALL * SCALE)


def test_every_generated_request_balances_year_by_year() -> None:
    _build()
    for request in Request.objects.filter(title__startswith="Skala"):
        assert yearly_difference(
            {(line.area_id, line.year): line.amount for line in request.budget_lines.all()},
            {
                (line.funding_source_id, line.year): line.amount
                for line in request.financing_lines.all()
            },
        ) == {year: 0 for year in request.years}


def test_every_decision_balances_and_every_row_keeps_the_models_rules() -> None:
    _build()

    decisions = list(GrantDecision.objects.all())
    assert all(not unbalanced_years(figures) for figures in decision_figures(decisions))
    # Each generated decision has lines in every year of its period.
    generated = [d for d in decisions if d.project.name.startswith("Skalaprojekt")]
    for decision in generated:
        years = set(decision.budget_lines.values_list("year", flat=True))
        assert years == set(decision.years)
        assert set(decision.financing_lines.values_list("year", flat=True)) == years
    assert all(cvr.is_valid(number) for number in Company.objects.values_list("cvr", flat=True))
    courses = OnboardingCourse.objects.all()
    assert not courses.filter(start_date__year__lt=F("participant__birth_year")).exists()
    generated_courses = courses.filter(participant__reference__startswith=REFERENCE_PREFIX)
    too_young = F("participant__birth_year") + 16
    assert not generated_courses.filter(start_date__year__lt=too_young).exists()
    assert not courses.filter(end_date__lt=F("start_date")).exists()
    assert not courses.exclude(project=F("participant__project")).exists()
    for course in courses.select_related("participant")[:200]:
        course.full_clean()
    for participant in Participant.objects.filter(reference__startswith=REFERENCE_PREFIX)[:200]:
        participant.full_clean()
    # Their first audit-history record, written in bulk with them.
    assert GrantDecision.history.filter(history_type="+").count() == len(decisions)
    assert OnboardingCourse.history.count() == courses.count()
    assert FinancingLine.history.count() == FinancingLine.objects.count()


def test_the_same_seed_builds_the_same_data_and_another_seed_other_data() -> None:
    snapshots = []
    for seed in ("7", "7", "8"):
        with transaction.atomic():
            _build("--seed", seed)
            snapshots.append(_snapshot())
            transaction.set_rollback(True)

    assert snapshots[0] == snapshots[1]
    assert snapshots[0]["courses"]
    assert snapshots[0]["courses"] != snapshots[2]["courses"]
    assert snapshots[0]["lines"] != snapshots[2]["lines"]


def test_refuses_a_database_with_more_than_the_demo_unless_forced() -> None:
    ProjectFactory.create(name="Et andet projekt")

    with pytest.raises(CommandError, match="more than the demo data"):
        _build()
    assert not Programme.objects.filter(name__startswith=PROGRAMME_PREFIX).exists()

    _build("--force")
    assert Project.objects.filter(name="Et andet projekt").exists()
    assert Programme.objects.filter(name__startswith=PROGRAMME_PREFIX).exists()


def test_refuses_to_build_twice_even_when_forced() -> None:
    _build()

    with pytest.raises(CommandError, match="already holds the scale data"):
        _build("--force")


@pytest.mark.parametrize("scale", ["0", "-1", "abc", "100"])
def test_refuses_a_scale_out_of_range(scale: str) -> None:
    with pytest.raises(CommandError, match="--scale"):
        call_command("build_scale_data", "--scale", scale, stdout=io.StringIO())
    assert not Project.objects.exists()
