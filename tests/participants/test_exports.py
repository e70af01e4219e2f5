"""The course list as XLSX: the same rows as the page, dates as dates, no formulas."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.db.models import QuerySet
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from core.xlsx import XLSX_CONTENT_TYPE
from participants.exports import course_header
from participants.models import OnboardingCourse, Participant
from tests.factories import CompanyFactory, CourseFactory, IndustryFactory, ParticipantFactory
from tests.participants.world import World, build_world, client_for

pytestmark = pytest.mark.django_db

URL = reverse("participants:course_export")


@pytest.fixture
def world() -> World:
    return build_world()


def _rows(client: Client, query: str = "") -> list[tuple[Any, ...]]:
    response = client.get(URL + ("?" + query if query else ""))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment;" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    return list(sheet.iter_rows(values_only=True))


def test_export_has_a_header_and_one_row_per_course(world: World) -> None:
    world.course.end_date = world.course.outcome_date = datetime.date(2019, 6, 30)
    world.course.outcome = "flex_job"
    world.course.mentor = True
    world.course.save()
    world.company.industry = IndustryFactory.create(name="Turisme")
    world.company.save()

    header, *rows = _rows(client_for(world.secretary))

    with translation.override("da"):
        assert list(header) == course_header()
    assert len(rows) == 1
    (reference, project, company, cvr, municipality, industry, start, end, mentor, *rest) = rows[0]
    outcome, outcome_date = rest
    assert (reference, project, company, cvr) == (
        "RI-0001",
        "Rummelig test",
        "Tømrer Jensen ApS",
        world.company.cvr,
    )
    assert (municipality, industry) == ("Aarhus", "Turisme")
    # Dates are real dates (openpyxl reads them back as datetimes), not text.
    assert start == datetime.datetime(2019, 3, 1)
    assert end == outcome_date == datetime.datetime(2019, 6, 30)
    with translation.override("da"):  # the language of the request
        assert mentor == gettext("yes")
        assert outcome == str(OnboardingCourse.Outcome.FLEX_JOB.label)


def test_export_leaves_empty_dates_empty(world: World) -> None:
    _header, row = _rows(client_for(world.secretary))
    assert row[7] is None  # running: no end date
    assert row[5] is None  # no industry
    assert row[9] is None  # no outcome yet
    assert row[10] is None


def test_export_holds_only_the_users_projects(world: World) -> None:
    references = [row[0] for row in _rows(client_for(world.secretary))[1:]]
    assert references == ["RI-0001"]
    references = [row[0] for row in _rows(client_for(world.other_secretary))[1:]]
    assert references == ["AP-0001"]


def test_export_follows_the_filters_and_sort_order(world: World) -> None:
    for reference, start in [("RI-0003", 2018), ("RI-0002", 2020)]:
        CourseFactory.create(
            participant=ParticipantFactory.create(project=world.project, reference=reference),
            company=world.company,
            start_date=datetime.date(start, 1, 1),
        )
    client = client_for(world.secretary)
    assert [r[0] for r in _rows(client)[1:]] == ["RI-0002", "RI-0001", "RI-0003"]
    assert [r[0] for r in _rows(client, "sort=reference")[1:]] == [
        "RI-0001",
        "RI-0002",
        "RI-0003",
    ]
    assert [r[0] for r in _rows(client, "period_to=2018-12-31")[1:]] == ["RI-0003"]
    assert _rows(client, f"project={world.other_project.pk}")[1:] == []


def test_export_holds_the_searched_list_only(world: World) -> None:
    hotel = CompanyFactory.create(name="Fjordhotellet")
    CourseFactory.create(
        participant=ParticipantFactory.create(project=world.project, reference="RI-0009"),
        company=hotel,
        start_date=datetime.date(2019, 5, 1),
    )
    client = client_for(world.secretary)
    assert [r[0] for r in _rows(client, "q=hotel")[1:]] == ["RI-0009"]
    assert [r[0] for r in _rows(client, "q=RI-0001")[1:]] == ["RI-0001"]
    assert _rows(client, "q=nowhere")[1:] == []
    # The page's export link carries the search.
    page = client.get(reverse("participants:course_list"), {"q": "hotel"}).content.decode()
    assert f'href="{URL}?q=hotel"' in page


def test_export_text_never_runs_as_a_formula(world: World) -> None:
    company = CompanyFactory.create(name='=HYPERLINK("http://evil.example","x")')
    CourseFactory.create(
        participant=ParticipantFactory.create(project=world.project, reference="+SUM(A1)"),
        company=company,
        start_date=datetime.date(2019, 5, 1),
    )
    response = client_for(world.secretary).get(URL + "?sort=reference")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert "'+SUM(A1)" in texts
    assert '\'=HYPERLINK("http://evil.example","x")' in texts


def test_export_is_streamed_from_a_file_with_its_name(world: World) -> None:
    response = client_for(world.secretary).get(URL)
    assert response.streaming
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    day = f"{timezone.localdate():%Y-%m-%d}"
    assert response["Content-Disposition"] == (
        f'attachment; filename="indslusningsforloeb-{day}.xlsx"; '
        f"filename*=utf-8''indslusningsforl%C3%B8b-{day}.xlsx"
    )
    assert int(response["Content-Length"]) == len(response.getvalue())


def test_export_reads_the_courses_in_chunks_in_the_pages_order(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunked: list[int | None] = []
    iterator = QuerySet.iterator

    def spy(self: QuerySet[Any], chunk_size: int | None = None) -> Any:
        chunked.append(chunk_size)
        return iterator(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    CourseFactory.create(
        participant=ParticipantFactory.create(project=world.project, reference="RI-0000"),
        company=world.company,
        start_date=datetime.date(2019, 5, 1),
    )
    references = [r[0] for r in _rows(client_for(world.secretary), "sort=reference")[1:]]
    assert references == ["RI-0000", "RI-0001"]
    assert chunked and all(size for size in chunked)


def test_export_never_holds_special_categories(world: World) -> None:
    world.participant.disability = True
    world.participant.save()
    header = _rows(client_for(world.secretary))[0]
    with translation.override("da"):
        assert len(header) == len(course_header())
        assert str(Participant._meta.get_field("disability").verbose_name) not in header
