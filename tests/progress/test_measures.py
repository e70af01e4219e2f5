"""Each measure is one small grouped query, in total and per breakdown part; a target of any
indicator counts through them, one query per measure however many targets there are."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from grants.models import Dimension, GrantDecision, Indicator, Project, Target, TargetBreakdown
from participants.models import OnboardingCourse
from progress import measures
from progress.counts import monthly_counts
from progress.models import ReportedValue
from progress.queries import project_progress, targets_of
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    DecisionFactory,
    IndicatorFactory,
    IndustryFactory,
    ParticipantFactory,
    ProjectFactory,
    SecretariatFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2020, 12, 31)
EDUCATION = OnboardingCourse.Outcome.EDUCATION


def _decision(project: Project) -> GrantDecision:
    return DecisionFactory.create(
        project=project, first_year=2019, last_year=2020, status="approved"
    )


def _target(decision: GrantDecision, measure: str, value: int = 10) -> Target:
    code = f"M{Indicator.Measure.values.index(measure)}"
    indicator = IndicatorFactory.create(code=code, measurement="computed", measure=measure)
    target: Target = TargetFactory.create(decision=decision, indicator=indicator, value=value)
    return target


def _loaded(*targets: Target) -> list[Target]:
    return list(targets_of(Project.objects.filter(decisions__targets__in=targets).distinct()))


def test_citizens_count_once_by_gender_and_by_age_band_on_entry(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    project = ProjectFactory.create()
    target = _target(_decision(project), "citizens_in_courses")
    woman = ParticipantFactory.create(project=project, gender="female", birth_year=1990)
    young = ParticipantFactory.create(project=project, gender="male", birth_year=2000)
    CourseFactory.create(participant=woman, start_date=date(2019, 3, 4))  # 29: 25–54
    CourseFactory.create(participant=woman, start_date=date(2019, 6, 1))  # the same person
    CourseFactory.create(participant=young, start_date=date(2020, 1, 6))  # 20: below 25
    CourseFactory.create(participant=young, start_date=date(2018, 6, 1))  # before the period
    (loaded,) = _loaded(target)

    with django_assert_num_queries(1):
        tally = measures.citizens_in_courses([loaded], by_people=True)[target.pk]

    assert tally.whole == {date(2019, 3, 1): 1, date(2020, 1, 1): 1}
    assert tally.parts == {
        ("gender", "female"): {date(2019, 3, 1): 1},
        ("gender", "male"): {date(2020, 1, 1): 1},
        ("age_band", "25_54"): {date(2019, 3, 1): 1},
        ("age_band", "below_25"): {date(2020, 1, 1): 1},
    }
    # Without parts asked for, the same totals.
    assert measures.citizens_in_courses([loaded], by_people=False)[target.pk].whole == tally.whole


def test_courses_ending_in_education_count_by_the_month_of_the_outcome(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    project = ProjectFactory.create()
    old = ParticipantFactory.create(project=project, gender="female", birth_year=1960)
    for outcome, day in [(EDUCATION, date(2019, 5, 20)), ("flex_job", date(2019, 5, 21))]:
        CourseFactory.create(
            participant=old,
            start_date=date(2019, 1, 7),
            end_date=day,
            outcome=outcome,
            outcome_date=day,
        )

    with django_assert_num_queries(1):
        found = measures.course_outcomes({project.pk}, {EDUCATION, "flex_job"}, by_people=True)

    education = found[project.pk, EDUCATION]
    assert education.whole == {date(2019, 5, 1): 1}
    assert education.parts[("age_band", "above_54")] == {date(2019, 5, 1): 1}  # 59 in 2019
    assert education.parts[("gender", "female")] == {date(2019, 5, 1): 1}
    assert found[project.pk, "flex_job"].whole == {date(2019, 5, 1): 1}


def test_distinct_companies_in_courses_count_once_by_industry(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    project = ProjectFactory.create()
    target = _target(_decision(project), "companies_in_courses")
    farming = IndustryFactory.create(name="Landbrug")
    farm, shop = CompanyFactory.create(industry=farming), CompanyFactory.create(industry=None)
    for company, start in [
        (farm, date(2019, 2, 1)),
        (farm, date(2019, 8, 1)),  # the same company
        (shop, date(2020, 3, 2)),
        (shop, date(2021, 1, 4)),  # after the period
    ]:
        CourseFactory.create(
            participant=ParticipantFactory.create(project=project),
            company=company,
            start_date=start,
        )
    (loaded,) = _loaded(target)

    with django_assert_num_queries(1):
        tally = measures.companies_in_courses([loaded], by_industry=True)[target.pk]

    assert tally.whole == {date(2019, 2, 1): 1, date(2020, 3, 1): 1}
    assert tally.parts == {("industry", str(farming.pk)): {date(2019, 2, 1): 1}}


def _reported(target: Target, end: date, value: int, status: str, by: User) -> ReportedValue:
    return ReportedValue.objects.create(
        target=target,
        period_start=end.replace(day=1),
        period_end=end,
        value=value,
        note="n",
        status=status,
        reported_by=by,
        decided_at=None if status == "submitted" else timezone.now(),
        decision_note="Ret tallet" if status == "returned" else "",
    )


def test_only_approved_reported_values_count_in_the_month_their_period_ends() -> None:
    project = ProjectFactory.create()
    target: Target = TargetFactory.create(
        decision=_decision(project), indicator=IndicatorFactory.create(), value=60
    )
    member = SecretariatFactory.create()
    _reported(target, date(2019, 6, 30), 5, "approved", member)
    _reported(target, date(2019, 12, 31), 7, "approved", member)
    _reported(target, date(2020, 6, 30), 100, "submitted", member)
    _reported(target, date(2020, 3, 31), 50, "returned", member)

    tally = measures.reported([target])[target.pk]

    assert tally.whole == {date(2019, 6, 1): 5, date(2019, 12, 1): 7}
    (item,) = project_progress(project, today=TODAY)
    assert (item.progress.target, item.progress.achieved, item.progress.expected) == (60, 12, 60)
    assert [p.achieved for p in item.series][5:12] == [5, 5, 5, 5, 5, 5, 12]


def test_every_measure_counts_in_one_query_however_many_targets(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """Five queries for the six measures and the reported values (the three outcome measures
    share one), the same for two projects as for one."""

    def a_project() -> None:
        project = ProjectFactory.create()
        decision = _decision(project)
        for measure in Indicator.Measure.values:
            target = _target(decision, measure)
            dimension = Indicator(measurement="computed", measure=measure).dimensions[0]
            TargetBreakdown.objects.create(
                target=target,
                dimension=dimension,
                industry=IndustryFactory.create() if dimension == Dimension.INDUSTRY else None,
                category="" if dimension == Dimension.INDUSTRY else _category(dimension),
                value=1,
            )
        TargetFactory.create(decision=decision, indicator=IndicatorFactory.create(code="REP"))
        participant = ParticipantFactory.create(project=project)
        CourseFactory.create(participant=participant, start_date=date(2019, 4, 1))

    a_project()
    targets = list(targets_of(Project.objects.all()))
    with django_assert_num_queries(5):
        one = monthly_counts(targets)
    a_project()
    targets = list(targets_of(Project.objects.all()))
    with django_assert_num_queries(5):
        two = monthly_counts(targets)
    assert len(two.by_target) == 2 * len(one.by_target) == 2 * 7
    assert len(two.by_breakdown) == 2 * 6


def _category(dimension: Dimension) -> str:
    return "female" if dimension == Dimension.GENDER else "below_25"
