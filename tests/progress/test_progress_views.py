"""The progress pages and their XLSX: who may see them, what they show, how many queries."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import FORUM_MEMBER
from demo.grants import inclusion_indicator
from grants.models import GrantDecision, Project, Target, TargetBreakdown
from grants.services import target_change
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    DecisionFactory,
    IndustryFactory,
    ParticipantFactory,
    ProjectFactory,
    StaffFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2019, 12, 31)


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("progress.views.today", lambda: TODAY)


def _project_with_targets(name: str = "Rummelig imidt") -> tuple[Project, GrantDecision]:
    """A project half way through 2019–2020, behind on citizens and on pace with flex jobs."""
    project = ProjectFactory.create(name=name)
    decision = DecisionFactory.create(
        project=project,
        title="Forlængelse 2019-2020",
        kind="extension",
        first_year=2019,
        last_year=2020,
        status="approved",
    )
    TargetFactory.create(decision=decision, indicator="citizens_in_courses", value=400)
    TargetFactory.create(decision=decision, indicator="flex_jobs", value=6)
    companies = TargetFactory.create(decision=decision, indicator="companies_inclusion", value=90)
    TargetBreakdown.objects.create(
        target=companies, industry=IndustryFactory.create(name="Landbrug"), value=30
    )
    for month in (2, 5, 9):
        person = ParticipantFactory.create(project=project, reference=f"SECRET-{month}")
        CourseFactory.create(
            participant=person,
            start_date=date(2019, month, 1),
            end_date=date(2019, month, 28),
            outcome="flex_job",
            outcome_date=date(2019, month, 28),
        )
    return project, decision


def _urls(project: Project) -> list[str]:
    return [
        reverse("progress:project_progress", args=[project.pk]),
        reverse("progress:project_progress_xlsx", args=[project.pk]),
        reverse("progress:programme_progress", args=[project.programme_id]),
        reverse("progress:programme_progress_xlsx", args=[project.programme_id]),
    ]


def _edit_url(project: Project) -> str:
    target = Target.objects.filter(decision__project=project).first()
    assert target is not None
    return reverse("progress:target_edit", args=[target.pk])


def test_anonymous_visitor_is_sent_to_login_from_every_progress_page(client: Client) -> None:
    project, _decision = _project_with_targets()
    for url in [*_urls(project), _edit_url(project)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_a_user_without_a_role_may_see_no_progress(client: Client) -> None:
    project, _decision = _project_with_targets()
    client.force_login(UserFactory.create())
    for url in [*_urls(project), _edit_url(project)]:
        assert client.get(url).status_code == 403, url


def test_forum_reads_every_projects_progress_and_only_staff_change_targets(
    client: Client,
) -> None:
    project, _decision = _project_with_targets()
    client.force_login(UserFactory.create(role=FORUM_MEMBER))
    for url in _urls(project):
        assert client.get(url).status_code == 200, url
    assert client.get(_edit_url(project)).status_code == 403
    assert client.post(_edit_url(project), {"value": "1", "reason": "x"}).status_code == 403
    assert not Target.objects.filter(value=1).exists()

    client.force_login(StaffFactory.create())
    for url in [*_urls(project), _edit_url(project)]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/projects/999999/progress/",
        "/projects/999999/progress.xlsx",
        "/programmes/999999/progress/",
        "/programmes/999999/progress.xlsx",
        "/targets/999999/edit/",
        "/projects/abc/progress/",
        "/programmes/1/progress.csv",
    ],
)
def test_unknown_ids_are_404(staff_client: Client, url: str) -> None:
    assert staff_client.get(url).status_code == 404


def test_the_project_page_shows_achieved_pace_and_a_behind_mark_in_words(
    staff_client: Client,
) -> None:
    project, decision = _project_with_targets()
    html = staff_client.get(
        reverse("progress:project_progress", args=[project.pk])
    ).content.decode()
    citizens = Target.objects.get(decision=decision, indicator__measure="citizens_in_courses")
    flex = Target.objects.get(decision=decision, indicator__measure="flex_jobs")
    row = _row(html, f'data-target="{citizens.pk}"')
    # 3 of 400, 199 expected by the last day of 2019: behind, said in words.
    assert 'data-status="behind"' in row
    assert re.search(r'<progress max="400" value="3"', row)
    assert '<td class="amount">199</td>' in row
    flex_row = _row(html, f'data-target="{flex.pk}"')
    assert 'data-status="on_pace"' in flex_row
    assert '<progress max="6" value="3"' in flex_row
    assert "50,0 %" in flex_row  # Danish decimal comma
    assert 'data-breakdown="' in html
    assert "SECRET-" not in html  # counts only, never a participant


def test_every_bar_has_a_name_and_its_figures_in_text(staff_client: Client) -> None:
    project, _decision = _project_with_targets()
    html = staff_client.get(
        reverse("progress:project_progress", args=[project.pk])
    ).content.decode()
    bars = re.findall(r"<progress [^>]*>", html)
    assert bars
    for bar in bars:
        labelled = re.search(r'aria-labelledby="([^"]+)"', bar)
        described = re.search(r'aria-describedby="([^"]+)"', bar)
        assert labelled and described, bar
        assert f'id="{labelled.group(1)}"' in html
        assert f'id="{described.group(1)}"' in html


def test_the_chart_reads_its_data_from_json_and_repeats_it_in_a_table(
    staff_client: Client,
) -> None:
    project, decision = _project_with_targets()
    html = staff_client.get(
        reverse("progress:project_progress", args=[project.pk])
    ).content.decode()
    flex = Target.objects.get(decision=decision, indicator__measure="flex_jobs")
    data = _json_script(html, f"progress-data-{flex.pk}")
    assert len(data["labels"]) == 24
    assert data["achieved"][:12] == [0, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
    assert data["achieved"][12:] == [None] * 12
    assert data["expected"][-1] == data["target"] == 6
    canvas = re.search(rf'<canvas data-progress-chart="progress-data-{flex.pk}"[^>]*>', html)
    assert canvas and 'role="img"' in canvas.group(0) and "aria-label=" in canvas.group(0)
    assert "js/progress-chart.js" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    _assert_no_inline_script(html)


def test_the_project_page_shows_each_targets_history(staff_client: Client) -> None:
    project, decision = _project_with_targets()
    citizens = Target.objects.get(decision=decision, indicator__measure="citizens_in_courses")
    boss = StaffFactory.create(username="karen", first_name="Karen", last_name="Blixen")
    target_change(target=citizens, value=350, reason="Vækstforum 12. marts 2019", by=boss)
    html = staff_client.get(
        reverse("progress:project_progress", args=[project.pk])
    ).content.decode()
    assert "Vækstforum 12. marts 2019" in html
    assert "Karen Blixen" in html
    assert re.search(r'<progress max="350" value="3"', html)


def test_a_project_without_targets_says_so(staff_client: Client) -> None:
    project = ProjectFactory.create()
    DecisionFactory.create(project=project, status="draft")  # draft targets do not count
    TargetFactory.create(decision=project.decisions.get(), value=5)
    response = staff_client.get(reverse("progress:project_progress", args=[project.pk]))
    assert response.status_code == 200
    assert response.context["targets"] == []
    assert b"<progress" not in response.content


def test_the_project_page_links_to_its_progress_and_its_programmes(staff_client: Client) -> None:
    project, _decision = _project_with_targets()
    html = staff_client.get(reverse("grants:project_detail", args=[project.pk])).content.decode()
    assert reverse("progress:project_progress", args=[project.pk]) in html
    assert reverse("progress:programme_progress", args=[project.programme_id]) in html


def test_the_programme_overview_adds_up_and_lists_every_project(staff_client: Client) -> None:
    first, _decision = _project_with_targets("A")
    second, _decision = _project_with_targets("B")
    second.programme = first.programme
    second.save()
    ProjectFactory.create(name="C without targets", programme=first.programme)
    response = staff_client.get(reverse("progress:programme_progress", args=[first.programme_id]))
    html = response.content.decode()
    citizens_total = _row(html, 'data-indicator="INK01"')
    assert '<progress max="800" value="6"' in citizens_total
    assert 'data-status="behind"' in citizens_total
    assert "C without targets" in html
    # One row per project, the detail of every target one click away on the project's page.
    assert html.count("data-project=") == 3
    assert "data-target=" not in html
    flex = inclusion_indicator("flex_jobs")
    data = _json_script(html, f"progress-data-total-{flex.pk}")
    assert data["target"] == 12
    assert data["achieved"][11] == 6
    assert "SECRET-" not in html
    _assert_no_inline_script(html)


def test_the_overview_has_one_row_per_project_with_each_indicator_added_up(
    staff_client: Client,
) -> None:
    first, _decision = _project_with_targets("A")
    second, _extension = _project_with_targets("B")
    second.programme = first.programme
    second.save()
    # B's original decision, finished: its flex jobs add to B's figures, not to A's.
    original = DecisionFactory.create(
        project=second, first_year=2016, last_year=2018, status="approved"
    )
    TargetFactory.create(decision=original, indicator="flex_jobs", value=10)
    html = staff_client.get(
        reverse("progress:programme_progress", args=[first.programme_id])
    ).content.decode()

    a_row = _row(html, f'data-project="{first.pk}"')
    assert reverse("progress:project_progress", args=[first.pk]) in a_row
    assert a_row.count("<progress ") == 3  # citizens, flex jobs, companies
    assert '<progress max="400" value="3"' in _cell(a_row, "INK01")
    assert 'data-status="behind"' in _cell(a_row, "INK01")
    assert '<progress max="6" value="3"' in _cell(a_row, "INK03")
    assert 'data-status="on_pace"' in _cell(a_row, "INK03")
    assert 'data-status="behind"' in _cell(a_row, "INK04")
    assert "2 af 3" in a_row  # targets behind pace: citizens and companies

    b_row = _row(html, f'data-project="{second.pk}"')
    # 6 + 10 flex jobs; the 3 of 2019 count for the extension only, and its pace of 3 too.
    assert '<progress max="16" value="3"' in _cell(b_row, "INK03")
    assert "3 af 16" in _cell(b_row, "INK03")
    assert "2 af 4" in b_row  # the original's flex jobs were missed, not behind pace
    flex_total = _row(html, 'data-indicator="INK03"')
    assert '<progress max="22" value="6"' in flex_total


def test_every_bar_of_the_overview_is_named_by_its_project_and_its_column(
    staff_client: Client,
) -> None:
    project, _decision = _project_with_targets()
    html = staff_client.get(
        reverse("progress:programme_progress", args=[project.programme_id])
    ).content.decode()
    bars = re.findall(r"<progress [^>]*>", html)
    assert len(bars) == 6  # three totals, three cells of the project
    for bar in bars:
        labelled = re.search(r'aria-labelledby="([^"]+)"', bar)
        described = re.search(r'aria-describedby="([^"]+)"', bar)
        assert labelled and described, bar
        for label_id in labelled.group(1).split():
            assert f'id="{label_id}"' in html, label_id
        assert f'id="{described.group(1)}"' in html
    cell_bar = re.search(r'<progress [^>]*aria-labelledby="project-label-[^"]*"', html)
    citizens, flex = inclusion_indicator("citizens_in_courses"), inclusion_indicator("flex_jobs")
    assert cell_bar and f"project-column-{citizens.pk}" in cell_bar.group(0)
    assert re.search(rf'<th scope="col" id="project-column-{flex.pk}">', html)
    assert re.search(rf'<th scope="row" id="project-label-{project.pk}">', html)


def test_the_project_xlsx_has_numbers_as_numbers_and_the_history(staff_client: Client) -> None:
    project, decision = _project_with_targets()
    flex = Target.objects.get(decision=decision, indicator__measure="flex_jobs")
    target_change(
        target=flex, value=8, reason='=HYPERLINK("http://evil")', by=StaffFactory.create()
    )
    response = staff_client.get(reverse("progress:project_progress_xlsx", args=[project.pk]))
    assert response.streaming
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="fremdrift-' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    progress, changes = workbook.worksheets
    rows = [list(r) for r in progress.iter_rows(values_only=True)]
    assert rows[1][1] is not None  # the day measured on, as a date
    assert len(rows[3]) == 10  # the header: decision, years, indicator, breakdown, figures
    by_indicator = {(r[3], r[4]): r for r in rows[4:]}
    flex_row = by_indicator[(flex.indicator.name, None)]
    assert flex_row[1:3] == [2019, 2020]
    assert flex_row[5:9] == [8, 3, 37.5, 3]  # 8 × 365 / 731 days expected, rounded down
    assert all(isinstance(v, int | float) for v in flex_row[5:9])
    landbrug = [r for r in rows[4:] if r[4] == "Landbrug"]
    assert len(landbrug) == 1 and landbrug[0][5:7] == [30, 0]
    history = [list(r) for r in changes.iter_rows(values_only=True)]
    assert history[1][4:6] == [6, 8]
    # A reason that looks like a formula stays text.
    reason = changes.cell(row=2, column=7)
    assert reason.data_type == "s"
    assert str(reason.value).startswith("'=")


def test_the_programme_xlsx_has_a_row_per_target_and_the_totals(staff_client: Client) -> None:
    first, _decision = _project_with_targets("=cmd|' /C calc'!A0")
    response = staff_client.get(
        reverse("progress:programme_progress_xlsx", args=[first.programme_id])
    )
    workbook = load_workbook(io.BytesIO(response.getvalue()))
    progress, totals = workbook.worksheets
    rows = [list(r) for r in progress.iter_rows(min_row=5, values_only=True)]
    assert len(rows) == 4  # three targets and one breakdown
    assert all(r[0] == "'=cmd|' /C calc'!A0" for r in rows)
    assert all(progress.cell(row=n, column=1).data_type == "s" for n in range(5, 9))
    total_rows = [list(r) for r in totals.iter_rows(min_row=2, values_only=True)]
    assert [r[1:3] for r in total_rows] == [[400, 3], [6, 3], [90, 0]]


def _row(html: str, marker: str) -> str:
    start = html.index(marker)
    return html[start : html.index("</tr>", start)]


def _cell(row: str, indicator: str) -> str:
    start = row.index(f'data-indicator-cell="{indicator}"')
    return row[start : row.index("</td>", start)]


def _json_script(html: str, element_id: str) -> dict[str, Any]:
    match = re.search(
        rf'<script id="{element_id}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, element_id
    return json.loads(match.group(1))


def _assert_no_inline_script(html: str) -> None:
    for tag, body in re.findall(r"(<script[^>]*>)(.*?)</script>", html, re.S):
        assert 'type="application/json"' in tag or ("src=" in tag and not body.strip()), tag
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


# Query counts: constant as courses, companies and projects grow.

MAX_QUERIES = 16


def _grow(project: Project, rounds: int) -> None:
    industry = IndustryFactory.create(name="Landbrug")
    for n in range(rounds):
        person = ParticipantFactory.create(project=project)
        CourseFactory.create(
            participant=person,
            start_date=date(2019, 1 + n % 12, 1),
            end_date=date(2019, 1 + n % 12, 20),
            outcome="flex_job",
            outcome_date=date(2019, 1 + n % 12, 20),
        )
        CourseFactory.create(participant=person, start_date=date(2019, 1 + n % 12, 21))
        company = CompanyFactory.create(inclusion_started_on=date(2019, 1 + n % 12, 3))
        company.industry = industry
        company.save()
        company.projects.add(project)
        other, _decision = _project_with_targets(f"Other {Project.objects.count()}")
        other.programme = project.programme
        other.save()


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("page", ["project_progress", "programme_progress"])
def test_query_count_is_small_and_does_not_grow_with_data(staff_client: Client, page: str) -> None:
    project, _decision = _project_with_targets()
    arg = project.pk if page == "project_progress" else project.programme_id
    url = reverse(f"progress:{page}", args=[arg])
    _grow(project, 2)
    staff_client.get(url)
    small = _count(staff_client, url)

    _grow(project, 10)
    large = _count(staff_client, url)

    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= MAX_QUERIES, f"{page}: {large} queries"


# Session, user and groups; the project or programme; targets, breakdowns, and changes or
# projects; one grouped query each for citizens, jobs and companies; on the project's page,
# staff's list of the decisions whose targets they set; the header bell's count.
PAGE_QUERIES = {"project_progress": 12, "programme_progress": 11}


@pytest.mark.parametrize("page", ["project_progress", "programme_progress"])
@pytest.mark.parametrize("rounds", [1, 4, 8])
def test_query_count_is_the_same_for_several_sizes(
    staff_client: Client, django_assert_num_queries: Any, page: str, rounds: int
) -> None:
    project, _decision = _project_with_targets()
    arg = project.pk if page == "project_progress" else project.programme_id
    url = reverse(f"progress:{page}", args=[arg])
    _grow(project, rounds)
    staff_client.get(url)
    with django_assert_num_queries(PAGE_QUERIES[page]):
        response = staff_client.get(url)
    assert response.status_code == 200
    assert Project.objects.filter(programme=project.programme).count() == rounds + 1
