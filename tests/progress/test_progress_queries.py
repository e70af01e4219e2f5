"""What targets have achieved, read from real courses and companies in the database."""

from __future__ import annotations

from datetime import date

import pytest

from companies.models import Company, Industry
from demo.grants import INCLUSION_INDICATORS, inclusion_indicator
from grants.models import GrantDecision, Project, Target, TargetBreakdown
from participants.models import OnboardingCourse, Participant, ParticipantErasure
from progress.pace import combine_series
from progress.queries import (
    achieved_counts,
    programme_progress,
    project_progress,
    targets_of,
    targets_progress,
)
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    DecisionFactory,
    IndustryFactory,
    ParticipantFactory,
    ProjectFactory,
    TargetFactory,
)

FOUR_MEASURES = [row[0] for row in INCLUSION_INDICATORS]

pytestmark = pytest.mark.django_db

TODAY = date(2019, 12, 31)
ORDINARY = OnboardingCourse.Outcome.ORDINARY_JOB
FLEX = OnboardingCourse.Outcome.FLEX_JOB


def _decision(project: Project, status: str = "approved") -> GrantDecision:
    return DecisionFactory.create(project=project, first_year=2019, last_year=2020, status=status)


def _course(
    participant: Participant,
    start: date,
    outcome: str = "",
    outcome_date: date | None = None,
) -> OnboardingCourse:
    return CourseFactory.create(
        participant=participant,
        start_date=start,
        end_date=outcome_date,
        outcome=outcome,
        outcome_date=outcome_date,
    )


def _company(
    project: Project | None, since: date | None, industry: Industry | None = None
) -> Company:
    company = CompanyFactory.create(inclusion_started_on=since, industry=industry)
    if project is not None:
        company.projects.add(project)
    return company


def _achieved(target: Target) -> int:
    (item,) = targets_progress(
        [Target.objects.select_related("decision__project").get(pk=target.pk)], today=TODAY
    )
    return item.progress.achieved


def test_citizens_are_distinct_participants_whose_course_starts_within_the_period() -> None:
    project = ProjectFactory.create()
    target = TargetFactory.create(
        decision=_decision(project), indicator="citizens_in_courses", value=10
    )
    twice = ParticipantFactory.create(project=project)
    _course(twice, date(2019, 2, 1))
    _course(twice, date(2019, 5, 1))
    late_second = ParticipantFactory.create(project=project)
    _course(late_second, date(2018, 12, 31))  # before the period
    _course(late_second, date(2020, 12, 31))  # the period's last day
    before = ParticipantFactory.create(project=project)
    _course(before, date(2018, 6, 1))  # runs into the period, but started before
    after = ParticipantFactory.create(project=project)
    _course(after, date(2021, 1, 1))
    other_project = ParticipantFactory.create()
    _course(other_project, date(2019, 3, 1))

    assert _achieved(target) == 2


def test_the_citizens_chart_counts_each_citizen_once_in_the_month_of_their_first_course() -> None:
    project = ProjectFactory.create()
    target = TargetFactory.create(
        decision=_decision(project), indicator="citizens_in_courses", value=24
    )
    first = ParticipantFactory.create(project=project)
    _course(first, date(2018, 11, 1))  # before the period: the March course is the first within
    _course(first, date(2019, 3, 10))
    _course(first, date(2019, 4, 1))
    second = ParticipantFactory.create(project=project)
    _course(second, date(2019, 3, 20))
    _course(second, date(2019, 3, 20))  # same day twice: still one citizen
    third = ParticipantFactory.create(project=project)
    _course(third, date(2019, 6, 5))

    (item,) = project_progress(project, today=TODAY)
    by_month = {point.month: point.achieved for point in item.series}
    assert by_month[date(2019, 2, 1)] == 0
    assert by_month[date(2019, 3, 1)] == 2
    assert by_month[date(2019, 4, 1)] == 2
    assert by_month[date(2019, 6, 1)] == 3
    assert by_month[date(2019, 12, 1)] == item.progress.achieved == 3
    assert by_month[date(2020, 1, 1)] is None  # after today
    assert item.target == target


def test_jobs_are_courses_with_that_outcome_dated_within_the_period() -> None:
    project = ProjectFactory.create()
    decision = _decision(project)
    ordinary = TargetFactory.create(decision=decision, indicator="ordinary_jobs", value=4)
    flex = TargetFactory.create(decision=decision, indicator="flex_jobs", value=12)
    people = ParticipantFactory.create_batch(6, project=project)
    _course(people[0], date(2019, 1, 10), ORDINARY, date(2019, 4, 1))
    _course(people[1], date(2018, 10, 1), ORDINARY, date(2019, 1, 1))  # started before: counts
    _course(people[2], date(2018, 1, 1), ORDINARY, date(2018, 12, 31))  # job before the period
    _course(people[3], date(2020, 6, 1), FLEX, date(2021, 1, 1))  # job after the period
    _course(people[4], date(2019, 2, 1), FLEX, date(2019, 9, 30))
    _course(people[5], date(2019, 2, 1), "no_job", date(2019, 9, 30))
    _course(people[0], date(2019, 5, 1))  # still running: no outcome
    elsewhere = ParticipantFactory.create()
    _course(elsewhere, date(2019, 1, 10), ORDINARY, date(2019, 4, 1))

    assert _achieved(ordinary) == 2
    assert _achieved(flex) == 1
    items = {item.target.indicator.measure: item for item in project_progress(project, today=TODAY)}
    ordinary_by_month = {p.month: p.achieved for p in items["ordinary_jobs"].series}
    assert ordinary_by_month[date(2019, 1, 1)] == 1
    assert ordinary_by_month[date(2019, 4, 1)] == 2
    flex_by_month = {p.month: p.achieved for p in items["flex_jobs"].series}
    assert flex_by_month[date(2019, 8, 1)] == 0
    assert flex_by_month[date(2019, 9, 1)] == 1


def test_companies_are_those_linked_to_the_project_that_began_inclusion_within_the_period() -> None:
    project = ProjectFactory.create()
    other = ProjectFactory.create()
    farming = IndustryFactory.create(name="A farming")
    tourism = IndustryFactory.create(name="B tourism")
    target = TargetFactory.create(
        decision=_decision(project), indicator="companies_inclusion", value=60
    )
    per_farming = TargetBreakdown.objects.create(target=target, industry=farming, value=30)
    per_tourism = TargetBreakdown.objects.create(target=target, industry=tourism, value=30)
    _company(project, date(2019, 1, 1), farming)
    _company(project, date(2020, 12, 31), farming)
    _company(project, date(2019, 5, 5), tourism)
    _company(project, date(2019, 5, 5))  # no industry: counts toward the whole only
    _company(project, date(2018, 12, 31), farming)  # before the period
    _company(project, None, farming)  # not working with inclusion
    _company(other, date(2019, 5, 5), farming)  # another project's
    _company(None, date(2019, 5, 5), farming)  # no project
    both = _company(project, date(2019, 6, 1), tourism)
    both.projects.add(other)  # linked to two projects: counts once here

    achieved, by_breakdown = achieved_counts(
        list(Target.objects.select_related("decision").filter(pk=target.pk))
    )
    assert achieved == {target.pk: 5}
    assert by_breakdown == {per_farming.pk: 2, per_tourism.pk: 2}

    (item,) = project_progress(project, today=TODAY)
    assert [(b.breakdown.industry, b.progress.achieved) for b in item.breakdown] == [
        (farming, 2),
        (tourism, 2),
    ]
    assert [b.progress.target for b in item.breakdown] == [30, 30]
    by_month = {point.month: point.achieved for point in item.series}
    assert by_month[date(2019, 12, 1)] == 4  # all but the one from 2020


def test_only_recommended_and_approved_decisions_set_targets() -> None:
    project = ProjectFactory.create()
    for status in ("draft", "recommended", "approved", "rejected"):
        TargetFactory.create(decision=_decision(project, status), value=5)
    statuses = sorted(t.decision.status for t in targets_of(Project.objects.filter(pk=project.pk)))
    assert statuses == ["approved", "recommended"]


def test_each_target_counts_within_its_own_decisions_period() -> None:
    project = ProjectFactory.create()
    original = DecisionFactory.create(
        project=project, first_year=2016, last_year=2018, status="approved"
    )
    extension = DecisionFactory.create(
        project=project, first_year=2019, last_year=2020, status="approved", kind="extension"
    )
    old = TargetFactory.create(decision=original, indicator="flex_jobs", value=120)
    new = TargetFactory.create(decision=extension, indicator="flex_jobs", value=60)
    people = ParticipantFactory.create_batch(3, project=project)
    _course(people[0], date(2017, 1, 1), FLEX, date(2017, 6, 1))
    _course(people[1], date(2018, 1, 1), FLEX, date(2018, 6, 1))
    _course(people[2], date(2018, 9, 1), FLEX, date(2019, 2, 1))

    items = {item.target.pk: item for item in project_progress(project, today=TODAY)}
    assert items[old.pk].progress.achieved == 2
    assert items[old.pk].progress.finished
    assert items[new.pk].progress.achieved == 1
    assert [item.target.pk for item in project_progress(project, today=TODAY)] == [old.pk, new.pk]


def test_a_target_with_nothing_logged_has_achieved_nothing() -> None:
    project = ProjectFactory.create()
    TargetFactory.create(decision=_decision(project), indicator="citizens_in_courses", value=400)
    TargetFactory.create(decision=_decision(project), indicator="companies_inclusion", value=90)
    items = project_progress(project, today=TODAY)
    assert [item.progress.achieved for item in items] == [0, 0]
    assert all(item.progress.behind for item in items)


def test_the_programme_adds_up_its_projects_per_indicator() -> None:
    first, second = ProjectFactory.create(name="A"), ProjectFactory.create(name="B")
    second.programme = first.programme
    second.save()
    ProjectFactory.create(name="C", programme=first.programme)  # no targets
    outside = ProjectFactory.create(name="D")  # another programme
    for project, value in ((first, 10), (second, 20), (outside, 40)):
        TargetFactory.create(decision=_decision(project), indicator="ordinary_jobs", value=value)
        _course(ParticipantFactory.create(project=project), date(2019, 2, 1), ORDINARY, TODAY)

    overview = programme_progress(first.programme, today=TODAY)
    assert [row.project.name for row in overview.projects] == ["A", "B", "C"]
    assert [len(row.targets) for row in overview.projects] == [1, 1, 0]
    (total,) = overview.totals
    assert (total.indicator.measure, total.progress.target, total.progress.achieved) == (
        "ordinary_jobs",
        30,
        2,
    )
    assert {p.month: p.achieved for p in total.series}[date(2019, 12, 1)] == 2


def test_reading_progress_takes_a_fixed_number_of_queries(django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    project = ProjectFactory.create()
    decision = _decision(project)
    for indicator in FOUR_MEASURES:
        target = TargetFactory.create(decision=decision, indicator=indicator, value=10)
    TargetBreakdown.objects.create(target=target, industry=IndustryFactory.create(), value=5)
    for month in range(1, 13):
        person = ParticipantFactory.create(project=project)
        _course(person, date(2019, month, 1), FLEX, date(2019, month, 20))
        _company(project, date(2019, month, 2))
    # Targets, breakdowns, and one grouped query each for citizens, jobs and companies.
    with django_assert_max_num_queries(7):
        items = targets_progress(targets_of(Project.objects.filter(pk=project.pk)), today=TODAY)
    assert [item.progress.achieved for item in items] == [12, 0, 12, 12]


def test_targets_read_together_give_what_each_gives_alone() -> None:
    project = ProjectFactory.create()
    decision = _decision(project)
    targets = [
        TargetFactory.create(decision=decision, indicator=indicator, value=10)
        for indicator in FOUR_MEASURES
    ]
    TargetBreakdown.objects.create(target=targets[-1], industry=IndustryFactory.create(), value=5)
    person = ParticipantFactory.create(project=project)
    _course(person, date(2019, 3, 1), FLEX, date(2019, 4, 1))
    _company(project, date(2019, 5, 2))
    whole = project_progress(project, today=TODAY)
    alone = [
        item
        for target in targets
        for item in targets_progress(
            targets_of(Project.objects.filter(pk=project.pk)).filter(pk=target.pk), today=TODAY
        )
    ]
    assert [(i.progress, i.series, [b.progress for b in i.breakdown]) for i in alone] == [
        (i.progress, i.series, [b.progress for b in i.breakdown]) for i in whole
    ]
    assert [i.progress.achieved for i in alone] == [1, 0, 1, 1]


def _erased(project: Project, *starts: date) -> ParticipantErasure:
    """An erased participant whose courses (starting on `starts`) still count as one person."""
    erasure = ParticipantErasure.objects.create(
        project=project, erased_by_username="karen", course_count=len(starts)
    )
    for start in starts:
        CourseFactory.create(participant=None, erasure=erasure, project=project, start_date=start)
    return erasure


def test_an_erased_participant_counts_once_in_the_month_of_their_first_course() -> None:
    project = ProjectFactory.create()
    target = TargetFactory.create(
        decision=_decision(project), indicator="citizens_in_courses", value=10
    )
    _erased(project, date(2019, 4, 2), date(2019, 2, 7), date(2019, 9, 1))
    _erased(project, date(2018, 5, 1), date(2019, 6, 1))  # first within the period: June
    _erased(project, date(2018, 5, 1))  # before the period
    person = ParticipantFactory.create(project=project)
    _course(person, date(2019, 2, 20))

    (item,) = project_progress(project, today=TODAY)
    assert item.target == target
    assert item.progress.achieved == 3
    by_month = {point.month: point.achieved for point in item.series}
    assert by_month[date(2019, 1, 1)] == 0
    assert by_month[date(2019, 2, 1)] == 2
    assert by_month[date(2019, 5, 1)] == 2
    assert by_month[date(2019, 6, 1)] == 3
    assert by_month[date(2019, 12, 1)] == 3


def _programme_with_projects(count: int) -> Project:
    """`count` projects of one programme, each with two decisions' targets, courses, companies."""
    first = ProjectFactory.create(name="P 00")
    industry = IndustryFactory.create(name="Landbrug")
    for n in range(count):
        project = first if n == 0 else ProjectFactory.create(name=f"P {n:02d}")
        project.programme = first.programme
        project.save()
        original = DecisionFactory.create(
            project=project, first_year=2016, last_year=2018, status="approved"
        )
        extension = DecisionFactory.create(
            project=project, first_year=2019, last_year=2020, status="recommended"
        )
        for decision in (original, extension):
            for indicator in FOUR_MEASURES:
                target = TargetFactory.create(decision=decision, indicator=indicator, value=20)
            TargetBreakdown.objects.create(target=target, industry=industry, value=5)
        for month in range(1, 1 + n % 4 + 2):
            person = ParticipantFactory.create(project=project)
            _course(person, date(2018, month, 1), FLEX, date(2018, month, 20))
            _course(person, date(2019, month, 2), ORDINARY, date(2019, month + 1, 3))
            _company(project, date(2018 + month % 2, month, 4), industry if month % 2 else None)
        _erased(project, date(2018, 12, 1), date(2019, 1, 5))
    return first


def test_a_programme_reads_each_project_as_its_own_page_does() -> None:
    first = _programme_with_projects(4)
    overview = programme_progress(first.programme, today=TODAY)
    assert len(overview.projects) == 4
    pages = {
        row.project.pk: project_progress(row.project, today=TODAY) for row in overview.projects
    }
    for row in overview.projects:
        alone = pages[row.project.pk]
        assert [
            (i.target.pk, i.start, i.end, i.progress, [b.progress for b in i.breakdown])
            for i in row.targets
        ] == [
            (i.target.pk, i.start, i.end, i.progress, [b.progress for b in i.breakdown])
            for i in alone
        ]
        assert all(i.series == [] for i in row.targets)  # the overview draws no target's chart
    # Each total's chart is the sum of the charts the projects' pages draw.
    for total in overview.totals:
        charts = [
            i.series
            for items in pages.values()
            for i in items
            if i.target.indicator_id == total.indicator.pk
        ]
        assert total.series == combine_series(charts, TODAY)
        assert total.series[-1].expected == total.progress.target
    # Each project's figure per indicator adds up over its targets, and the projects' figures
    # add up to the programme's total.
    for total in overview.totals:
        cells = [row.by_indicator[total.indicator.pk] for row in overview.projects]
        assert sum(c.target for c in cells) == total.progress.target
        assert sum(c.achieved for c in cells) == total.progress.achieved
        assert sum(c.expected for c in cells) == total.progress.expected
    citizens = overview.projects[0].by_indicator[inclusion_indicator("citizens_in_courses").pk]
    # Two people with a course in 2018 and in 2019, and an erased one with both: 3 in each period.
    assert (citizens.target, citizens.achieved) == (40, 6)


@pytest.mark.parametrize("projects", [1, 3, 6])
def test_reading_a_programme_takes_the_same_queries_however_many_projects(
    django_assert_num_queries, projects: int
) -> None:  # type: ignore[no-untyped-def]
    first = _programme_with_projects(projects)
    # Projects, targets, breakdowns, and one query each for citizens, jobs and companies.
    with django_assert_num_queries(6):
        overview = programme_progress(first.programme, today=TODAY)
    assert len(overview.projects) == projects
    assert sum(len(row.targets) for row in overview.projects) == 8 * projects
