"""The course import: all rows or none, every bad row named, only into the user's projects."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from companies.models import Company, Municipality
from core import audit, sheets
from core.xlsx import XLSX_CONTENT_TYPE
from grants.models import Project
from participants.imports import reader as imports
from participants.imports import services
from participants.imports.reader import COLUMNS, ImportRowsError, SheetRow
from participants.imports.services import courses_import
from participants.models import OnboardingCourse, Participant
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
    UserFactory,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("participants:course_import")
TEMPLATE_URL = reverse("participants:course_import_template")


@dataclass
class Setup:
    project: Project
    other_project: Project
    secretary: User
    client: Client
    company: Company
    other_company: Company


@pytest.fixture
def setup(db: None) -> Setup:
    # The role groups are built before the participants permissions exist on a fresh
    # database; build them again now that all do.
    project = ProjectFactory.create(name="Rummelig test")
    other_project = ProjectFactory.create(name="Another project")
    secretary = SecretariatFactory.create()
    MembershipFactory.create(project=project, user=secretary)
    MembershipFactory.create(project=other_project)
    client = Client()
    client.force_login(secretary)
    return Setup(
        project=project,
        other_project=other_project,
        secretary=secretary,
        client=client,
        company=CompanyFactory.create(),
        other_company=CompanyFactory.create(),
    )


def row(company: Company, **cells: Any) -> dict[str, Any]:
    """A good row; override any cell by its column."""
    values: dict[str, Any] = {
        "reference": "RI-0001",
        "birth_year": 1985,
        "gender": "female",
        "municipality_code": "751",
        "company_cvr": company.cvr,
        "start_date": datetime.date(2019, 3, 1),
        "end_date": datetime.date(2019, 6, 28),
        "mentor": "ja",
        "outcome": "flex_job",
        "outcome_date": datetime.date(2019, 7, 1),
    }
    values.update(cells)
    return values


def xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[str] = COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(columns))
    for values in rows:
        sheet.append([values.get(column) for column in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(
    client: Client, project: Project, content: bytes, name: str = "courses.xlsx"
) -> Response:
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(IMPORT_URL, {"project": project.pk, "file": file})


def file_codes(response: Response) -> list[str]:
    assert response.status_code == 200
    errors = response.context["form"].errors.as_data()
    return [error.code for error in errors.get("file", [])]


def row_problems(response: Response) -> set[tuple[int, str, str]]:
    assert response.status_code == 200
    return {(e.row, e.column, e.code) for e in response.context["row_errors"]}


def nothing_saved() -> bool:
    return not Participant.objects.exists() and not OnboardingCourse.objects.exists()


# --- A good file ------------------------------------------------------------------------


def test_good_file_imports_every_course_and_its_new_participants(setup: Setup) -> None:
    rows = [
        row(setup.company),
        row(setup.other_company, start_date=datetime.date(2019, 8, 1), end_date=None,
            mentor=None, outcome=None, outcome_date=None),
        row(setup.company, reference="RI-0002", birth_year=1970, gender="male",
            municipality_code=657, mentor="nej", outcome="no_job"),
    ]  # fmt: skip
    response = upload(setup.client, setup.project, xlsx(rows))

    assert response.status_code == 302
    assert response["Location"] == reverse("participants:course_list")
    first = Participant.objects.get(reference="RI-0001")
    assert (first.project, first.birth_year, first.gender, first.municipality.code) == (
        setup.project,
        1985,
        "female",
        "751",
    )
    second = Participant.objects.get(reference="RI-0002")
    assert (second.birth_year, second.gender, second.municipality.code) == (1970, "male", "657")
    courses = list(
        OnboardingCourse.objects.order_by("participant__reference", "start_date").values_list(
            "participant__reference",
            "project",
            "company",
            "start_date",
            "end_date",
            "mentor",
            "outcome",
            "outcome_date",
        )
    )
    d = datetime.date
    assert courses == [
        ("RI-0001", setup.project.pk, setup.company.pk, d(2019, 3, 1), d(2019, 6, 28), True,
         "flex_job", d(2019, 7, 1)),
        ("RI-0001", setup.project.pk, setup.other_company.pk, d(2019, 8, 1), None, False, "",
         None),
        ("RI-0002", setup.project.pk, setup.company.pk, d(2019, 3, 1), d(2019, 6, 28), False,
         "no_job", d(2019, 7, 1)),
    ]  # fmt: skip


def test_success_message_counts_new_participants_and_courses(setup: Setup) -> None:
    ParticipantFactory.create(project=setup.project, reference="RI-0009", birth_year=1985)
    rows = [row(setup.company), row(setup.company, reference="RI-0009")]
    response = upload(setup.client, setup.project, xlsx(rows))
    assert response.status_code == 302
    page = setup.client.get(IMPORT_URL)
    message = str(next(iter(page.context["messages"])))
    assert setup.project.name in message
    assert "2" in message and "1" in message


def test_service_reports_what_it_created(setup: Setup) -> None:
    existing = ParticipantFactory.create(project=setup.project, reference="RI-0009")
    rows = [
        SheetRow(2, row(setup.company)),
        SheetRow(3, row(setup.company, reference="RI-0002")),
        SheetRow(4, row(setup.company, reference="RI-0009", birth_year=existing.birth_year)),
    ]
    result = courses_import(project=setup.project, rows=rows, by=setup.secretary)
    assert (result.participants_created, result.participants_reused, result.courses_created) == (
        2,
        1,
        3,
    )
    assert existing.courses.count() == 1


def test_known_reference_gets_a_new_course_and_keeps_its_data(setup: Setup) -> None:
    participant = ParticipantFactory.create(
        project=setup.project, reference="RI-0042", birth_year=1985, gender="female"
    )
    CourseFactory.create(participant=participant, company=setup.company)
    rows = [row(setup.other_company, reference="RI-0042", municipality_code="657")]
    assert upload(setup.client, setup.project, xlsx(rows)).status_code == 302
    assert Participant.objects.count() == 1
    assert participant.courses.count() == 2
    participant.refresh_from_db()
    assert participant.municipality.code == "751"


def test_friendly_spellings_are_accepted(setup: Setup) -> None:
    rows = [
        row(setup.company, reference="RI-0001", gender="Kvinde", mentor="YES",
            company_cvr=int(setup.company.cvr), municipality_code=751.0, birth_year="1985",
            start_date="01-03-2019", end_date="2019-06-28", outcome="Flex_Job",
            outcome_date="1.7.2019"),
        row(setup.company, reference="RI-0002", gender="andet", mentor=True,
            company_cvr=f"DK {setup.company.cvr[:4]} {setup.company.cvr[4:]}"),
    ]  # fmt: skip
    assert upload(setup.client, setup.project, xlsx(rows)).status_code == 302
    first = OnboardingCourse.objects.get(participant__reference="RI-0001")
    assert first.participant is not None
    assert (first.participant.gender, first.mentor, first.outcome) == ("female", True, "flex_job")
    assert (first.start_date, first.outcome_date) == (
        datetime.date(2019, 3, 1),
        datetime.date(2019, 7, 1),
    )
    assert Participant.objects.get(reference="RI-0002").gender == "other"


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers(setup: Setup) -> None:
    rows = [row(setup.company), {}, {"reference": "   "}, row(setup.company, gender="x")]
    response = upload(setup.client, setup.project, xlsx(rows))
    assert row_problems(response) == {(5, "gender", "invalid_choice")}


def test_columns_may_come_in_any_order_and_any_case(setup: Setup) -> None:
    columns = [c.upper() for c in reversed(COLUMNS)]
    content = xlsx([{c.upper(): v for c, v in row(setup.company).items()}], columns=columns)
    assert upload(setup.client, setup.project, content).status_code == 302
    assert OnboardingCourse.objects.count() == 1


# --- Bad rows: nothing is imported, every problem is reported ----------------------------


def test_file_with_bad_rows_imports_nothing_and_reports_every_problem(setup: Setup) -> None:
    rows = [
        row(setup.company, reference="RI-0001"),  # row 2: good
        row(setup.company, reference="010190-1234"),  # 3: a CPR number
        row(setup.company, reference="RI-0003", municipality_code="999"),  # 4
        row(setup.company, reference="RI-0004", company_cvr="12345678"),  # 5: bad check digit
        row(setup.company, reference="RI-0005", company_cvr="29000018"),  # 6: not registered
        row(setup.company, reference="RI-0006", gender="woman", outcome="job"),  # 7
        row(setup.company, reference="RI-0007", end_date=datetime.date(2019, 2, 1),
            outcome="", outcome_date=None),  # 8: ends before it starts
        row(setup.company, reference="RI-0008", outcome_date=None),  # 9: outcome, no date
        row(setup.company, reference="RI-0009", start_date="soon", birth_year="nineteen"),  # 10
        row(setup.company, reference="RI-0001"),  # 11: the same course as row 2
        row(setup.company, reference="RI-0011", birth_year=2020),  # 12: implausible
        row(setup.company, reference=None, company_cvr=None, start_date=None),  # 13
        row(setup.company, reference="RI-0013", mentor="maybe"),  # 14
        row(setup.company, reference="RI-0001", birth_year=1990,
            start_date=datetime.date(2020, 1, 1), end_date=None, outcome=None,
            outcome_date=None),  # 15: differs from row 2
        row(setup.company, reference="RI-0015", end_date=None),  # 16: outcome while running
    ]  # fmt: skip
    response = upload(setup.client, setup.project, xlsx(rows))

    assert nothing_saved()
    assert row_problems(response) == {
        (3, "reference", "cpr_number"),
        (4, "municipality_code", "unknown_municipality"),
        (5, "company_cvr", "invalid_cvr"),
        (6, "company_cvr", "unknown_company"),
        (7, "gender", "invalid_choice"),
        (7, "outcome", "invalid_choice"),
        (8, "end_date", "invalid"),
        (9, "outcome_date", "invalid"),
        (10, "birth_year", "not_a_number"),
        (10, "start_date", "not_a_date"),
        (11, "", "duplicate_row"),
        (12, "birth_year", "invalid"),
        (13, "reference", "required"),
        (13, "company_cvr", "required"),
        (13, "start_date", "required"),
        (14, "mentor", "invalid_choice"),
        (15, "birth_year", "participant_differs"),
        (16, "end_date", "invalid"),
    }
    html = response.content.decode()
    assert 'id="import-errors"' in html
    assert html.count("<tr>") == 1 + 18  # the header and one row per problem
    assert "form" in response.context and response.context["bad_rows"] == 14


def test_every_message_names_something_the_user_can_fix(setup: Setup) -> None:
    rows = [row(setup.company, municipality_code="999", company_cvr="29000018")]
    response = upload(setup.client, setup.project, xlsx(rows))
    messages = {e.column: e.message for e in response.context["row_errors"]}
    assert "999" in messages["municipality_code"]
    assert "29000018" in messages["company_cvr"]


def test_text_in_date_and_number_cells_is_a_row_error(setup: Setup) -> None:
    rows = [
        row(setup.company, birth_year="ca. 1985", start_date="marts 2019",
            end_date="31-02-2019", outcome_date=45000),
        row(setup.company, reference="RI-0002", birth_year=True, start_date=3.5),
    ]  # fmt: skip
    response = upload(setup.client, setup.project, xlsx(rows))
    assert nothing_saved()
    assert row_problems(response) == {
        (2, "birth_year", "not_a_number"),
        (2, "start_date", "not_a_date"),
        (2, "end_date", "not_a_date"),
        (2, "outcome_date", "not_a_date"),
        (3, "birth_year", "not_a_number"),
        (3, "start_date", "not_a_date"),
    }


@pytest.mark.parametrize("reference", ["0101901234", "010190 1234", 101901234, "Borger 0101901234"])
def test_cpr_shaped_references_are_refused(setup: Setup, reference: object) -> None:
    response = upload(setup.client, setup.project, xlsx([row(setup.company, reference=reference)]))
    assert row_problems(response) == {(2, "reference", "cpr_number")}
    assert nothing_saved()


def test_known_reference_with_other_birth_year_or_gender_is_a_row_error(setup: Setup) -> None:
    ParticipantFactory.create(
        project=setup.project, reference="RI-0042", birth_year=1985, gender="female"
    )
    rows = [row(setup.company, reference="RI-0042", birth_year=1986, gender="male")]
    response = upload(setup.client, setup.project, xlsx(rows))
    assert row_problems(response) == {
        (2, "birth_year", "participant_differs"),
        (2, "gender", "participant_differs"),
    }
    assert not OnboardingCourse.objects.exists()


def test_importing_the_same_file_twice_adds_nothing_the_second_time(setup: Setup) -> None:
    content = xlsx([row(setup.company), row(setup.company, reference="RI-0002")])
    assert upload(setup.client, setup.project, content).status_code == 302
    response = upload(setup.client, setup.project, content)
    assert row_problems(response) == {(2, "", "already_registered"), (3, "", "already_registered")}
    assert OnboardingCourse.objects.count() == 2


def test_a_participant_with_problems_spoils_every_row_naming_them(setup: Setup) -> None:
    rows = [
        row(setup.company, birth_year=1850),
        row(setup.other_company, birth_year=1850),
    ]
    response = upload(setup.client, setup.project, xlsx(rows))
    assert row_problems(response) == {(2, "birth_year", "invalid"), (3, "birth_year", "invalid")}


def test_conflict_while_writing_saves_nothing(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    def clash(*args: object, **kwargs: object) -> None:
        raise IntegrityError("participant_reference_unique_in_project")

    monkeypatch.setattr(OnboardingCourse.objects, "bulk_create", clash)
    response = upload(setup.client, setup.project, xlsx([row(setup.company)]))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["conflict"]
    assert nothing_saved()


# --- Files that cannot be imported at all ------------------------------------------------


def test_wrong_columns_are_named_and_nothing_is_imported(setup: Setup) -> None:
    columns = [c for c in COLUMNS if c not in ("gender", "mentor")] + ["cpr", "name"]
    response = upload(setup.client, setup.project, xlsx([row(setup.company)], columns=columns))
    assert file_codes(response) == ["missing_columns", "unknown_columns", "wrong_columns"]
    messages = response.context["form"].errors["file"]
    assert "gender, mentor" in messages[0]
    assert "cpr, name" in messages[1]
    assert nothing_saved()


def test_a_column_named_twice_is_refused(setup: Setup) -> None:
    response = upload(
        setup.client, setup.project, xlsx([row(setup.company)], columns=[*COLUMNS, "gender"])
    )
    assert file_codes(response) == ["repeated_columns", "wrong_columns"]


def test_header_not_in_the_first_row_is_refused(setup: Setup) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Forløb i Rummelig"])
    sheet.append(list(COLUMNS))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(setup.client, setup.project, buffer.getvalue())
    assert "missing_columns" in file_codes(response)
    assert nothing_saved()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("courses.csv", b"reference;birth_year\r\nRI-0001;1985\r\n", "not_excel"),
        ("courses.xlsx", b"reference,birth_year\nRI-0001,1985\n", "not_excel"),
        ("courses.xlsx", bytes(range(256)) * 8, "not_excel"),
        ("courses.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "not_excel"),
        ("courses.xlsx", b"PK\x03\x04 not really a zip", "not_excel"),
        ("courses.xlsx", _zip({"word/document.xml": b"<w:document/>"}), "not_excel"),
        ("courses.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "old_excel"),
    ],
)
def test_a_file_that_is_not_an_xlsx_is_refused_with_a_clear_message(
    setup: Setup, name: str, content: bytes, code: str
) -> None:
    response = upload(setup.client, setup.project, content, name=name)
    assert file_codes(response) == [code]
    assert nothing_saved()


def test_an_empty_file_is_refused(setup: Setup) -> None:
    response = upload(setup.client, setup.project, b"")
    assert file_codes(response) == ["empty"]


def test_an_oversized_file_is_refused_before_it_is_read(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(*args: object) -> None:
        raise AssertionError("an oversized file must not be read")

    monkeypatch.setattr(imports, "read_sheet", read)
    content = b"PK\x03\x04" + bytes(imports.MAX_UPLOAD_BYTES)
    response = upload(setup.client, setup.project, content)
    assert file_codes(response) == ["too_large"]
    assert "2 MB" in response.context["form"].errors["file"][0]
    assert nothing_saved()


def test_a_file_unpacking_to_a_huge_sheet_is_refused(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheets, "MAX_UNPACKED_BYTES", 1000)
    response = upload(setup.client, setup.project, xlsx([row(setup.company)] * 20))
    assert file_codes(response) == ["too_large"]
    assert nothing_saved()


def test_a_file_with_too_many_rows_is_refused(setup: Setup) -> None:
    rows = [row(setup.company, reference=f"RI-{n:05d}") for n in range(imports.MAX_ROWS + 1)]
    content = xlsx(rows)
    # The row limit, not the size limit, is what refuses this file.
    assert len(content) < imports.MAX_UPLOAD_BYTES
    response = upload(setup.client, setup.project, content)
    assert file_codes(response) == ["too_many_rows"]
    assert nothing_saved()


def test_a_file_with_no_rows_is_refused(setup: Setup) -> None:
    response = upload(setup.client, setup.project, xlsx([]))
    assert file_codes(response) == ["no_rows"]


def test_missing_file_and_project_are_named(setup: Setup) -> None:
    response = setup.client.post(IMPORT_URL, {})
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["project"]] == ["required"]
    assert [e.code for e in errors["file"]] == ["required"]


# --- Who may import into which project ---------------------------------------------------


def test_anonymous_visitor_is_sent_to_login(setup: Setup) -> None:
    client = Client()
    for url in (IMPORT_URL, TEMPLATE_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert upload(client, setup.project, xlsx([row(setup.company)])).status_code == 302
    assert nothing_saved()


@pytest.mark.parametrize("factory", [StaffFactory, UserFactory])
def test_users_without_participant_rights_get_403(setup: Setup, factory: type[UserFactory]) -> None:
    client = Client()
    user = factory.create()
    MembershipFactory.create(project=setup.project, user=user)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403
    assert upload(client, setup.project, xlsx([row(setup.company)])).status_code == 403
    assert nothing_saved()


def test_secretariat_member_sees_the_page_and_the_template(setup: Setup) -> None:
    response = setup.client.get(IMPORT_URL)
    assert response.status_code == 200
    choices = list(response.context["form"].fields["project"].queryset)
    assert choices == [setup.project]
    assert setup.client.get(TEMPLATE_URL).status_code == 200


def test_secretariat_cannot_import_into_a_project_they_do_not_work_in(setup: Setup) -> None:
    response = upload(setup.client, setup.other_project, xlsx([row(setup.company)]))
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["project"]] == ["invalid_choice"]
    assert nothing_saved()


def test_the_service_refuses_a_project_the_user_does_not_work_in(setup: Setup) -> None:
    with pytest.raises(ValidationError) as caught:
        courses_import(
            project=setup.other_project,
            rows=[SheetRow(2, row(setup.company))],
            by=setup.secretary,
        )
    assert caught.value.code == "not_a_member"
    assert nothing_saved()


def test_a_reference_in_another_project_is_neither_seen_nor_changed(setup: Setup) -> None:
    theirs = ParticipantFactory.create(
        project=setup.other_project, reference="RI-0001", birth_year=1950, gender="male"
    )
    assert upload(setup.client, setup.project, xlsx([row(setup.company)])).status_code == 302
    ours = Participant.objects.get(project=setup.project, reference="RI-0001")
    assert (ours.birth_year, ours.gender) == (1985, "female")
    theirs.refresh_from_db()
    assert (theirs.birth_year, theirs.gender, theirs.courses.count()) == (1950, "male", 0)


def test_secretariat_without_a_project_is_told_so(db: None) -> None:
    client = Client()
    client.force_login(SecretariatFactory.create())
    response = client.get(IMPORT_URL)
    assert response.status_code == 200
    assert response.context["has_projects"] is False
    assert 'enctype="multipart/form-data"' not in response.content.decode()


# --- The template ------------------------------------------------------------------------


def test_template_opens_in_openpyxl_with_the_header_row_and_a_help_sheet(setup: Setup) -> None:
    response = setup.client.get(TEMPLATE_URL)
    assert response["Content-Type"] == imports_content_type()
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, help_sheet = workbook.worksheets
    assert [cell.value for cell in sheet[1]] == list(COLUMNS)
    assert sheet.max_row == 1
    help_cells = [c for r in help_sheet.iter_rows(values_only=True) for c in r if c]
    for column in COLUMNS:
        assert column in help_cells
    for code in Municipality.objects.values_list("code", flat=True):
        assert code in help_cells
    assert sheet.data_validations.dataValidation  # dropdowns and date checks


def imports_content_type() -> str:
    return XLSX_CONTENT_TYPE


def test_round_trip_fill_in_the_template_and_import_it(setup: Setup) -> None:
    template = setup.client.get(TEMPLATE_URL).content
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook.worksheets[0]
    good = row(setup.company)
    sheet.append([good[column] for column in COLUMNS])
    sheet.append(
        [good[column] for column in COLUMNS[:5]]
        + [datetime.date(2020, 1, 6), None, "nej", None, None]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(setup.client, setup.project, buffer.getvalue())
    assert response.status_code == 302
    assert Participant.objects.get().courses.count() == 2


# --- Query count --------------------------------------------------------------------------


def _queries_for(setup: Setup, rows: int, project: Project) -> int:
    MembershipFactory.create(project=project, user=setup.secretary)
    content = xlsx(
        [
            row(setup.company if n % 2 else setup.other_company, reference=f"RI-{n:04d}")
            for n in range(rows)
        ]
    )
    with CaptureQueriesContext(connection) as queries:
        response = upload(setup.client, project, content)
    assert response.status_code == 302
    return len(queries)


def test_an_import_runs_the_same_few_queries_however_many_rows(setup: Setup) -> None:
    small = _queries_for(setup, 3, ProjectFactory.create())
    large = _queries_for(setup, 60, ProjectFactory.create())
    assert small == large
    assert large <= 20


# --- Any cell content: a row error or an import, never a crash ---------------------------

cell_values = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.sampled_from(["751", "999", "female", "ja", "flex_job", "2019-03-01", "31-02-2019"]),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.fixed_dictionaries({column: cell_values for column in COLUMNS}))
def test_any_cells_give_row_errors_or_an_import_never_a_crash(
    setup: Setup, cells: dict[str, Any]
) -> None:
    try:
        courses_import(project=setup.project, rows=[SheetRow(2, cells)], by=setup.secretary)
    except ImportRowsError as exc:
        assert exc.row_errors
        assert all(e.row == 2 and e.message for e in exc.row_errors)


def test_header_check_reads_codes_in_any_order_and_case() -> None:
    cells = [None, *(c.upper() for c in reversed(COLUMNS)), "  "]
    positions = sheets._check_header(cells, COLUMNS)
    assert positions == {c: len(COLUMNS) - i for i, c in enumerate(COLUMNS)}


def test_header_check_names_every_wrong_column() -> None:
    with pytest.raises(ValidationError) as caught:
        sheets._check_header(["reference", "Reference", "cpr", *COLUMNS[2:]], COLUMNS)
    codes = [e.code for e in caught.value.error_list]
    assert codes == ["missing_columns", "unknown_columns", "repeated_columns", "wrong_columns"]
    assert "birth_year" in caught.value.messages[0]


# --- Dates: a course before the birth year, and dates outside the plausible range ----------


def test_a_course_before_the_birth_year_and_implausible_dates_are_row_errors(
    setup: Setup,
) -> None:
    rows = [
        row(setup.company, birth_year=1990, start_date=datetime.date(1985, 3, 1),
            end_date=None, outcome=None, outcome_date=None),  # row 2: before the birth year
        row(setup.company, reference="RI-0002", end_date=datetime.date(9999, 12, 31),
            outcome=None, outcome_date=None),  # 3
        row(setup.company, reference="RI-0003", outcome_date=datetime.date(9999, 12, 31)),  # 4
        row(setup.company, reference="RI-0004", start_date="0001-01-01", end_date=None,
            outcome=None, outcome_date=None),  # 5: as text, Excel holds no such date
        row(setup.company, reference="RI-0005", start_date="31.12.9999", end_date=None,
            outcome=None, outcome_date=None),  # 6
    ]  # fmt: skip
    response = upload(setup.client, setup.project, xlsx(rows))

    assert nothing_saved()
    assert row_problems(response) == {
        (2, "start_date", "starts_before_birth"),
        (3, "end_date", "implausible_date"),
        (4, "outcome_date", "implausible_date"),
        (5, "start_date", "implausible_date"),
        (6, "start_date", "implausible_date"),
    }
    messages = {(e.row, e.column): e.message for e in response.context["row_errors"]}
    assert messages[2, "start_date"] == (
        "Forløbet kan ikke begynde før deltagerens fødselsår (1990)."
    )
    assert messages[3, "end_date"] == "Datoen skal ligge mellem 1900 og 2100."


def test_a_course_before_a_registered_participants_birth_year_is_a_row_error(
    setup: Setup,
) -> None:
    ParticipantFactory.create(project=setup.project, reference="RI-0042", birth_year=1990)
    rows = [
        SheetRow(2, row(setup.company, reference="RI-0042", birth_year=1990,
                        start_date=datetime.date(1989, 6, 1))),
    ]  # fmt: skip
    with pytest.raises(ImportRowsError) as caught:
        courses_import(project=setup.project, rows=rows, by=setup.secretary)
    assert [(e.row, e.column, e.code) for e in caught.value.row_errors] == [
        (2, "start_date", "starts_before_birth")
    ]
    assert not OnboardingCourse.objects.exists()


def test_an_end_or_outcome_in_the_future_is_refused_as_the_form_refuses_it(
    setup: Setup,
) -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    rows = [
        row(setup.company, end_date=tomorrow, outcome=None, outcome_date=None),
        row(setup.company, reference="RI-0002", end_date=None, outcome_date=tomorrow),
    ]
    response = upload(setup.client, setup.project, xlsx(rows))
    assert nothing_saved()
    assert row_problems(response) == {(2, "end_date", "future"), (3, "outcome_date", "future")}


# --- The audit history of an import -------------------------------------------------------


def _history(model: type[Participant] | type[OnboardingCourse]) -> list[tuple[Any, ...]]:
    return list(
        model.history.order_by("id", "history_id").values_list(
            "id", "history_type", "history_user", "history_change_reason"
        )
    )


def test_an_import_records_one_history_row_per_created_row_by_the_importer(setup: Setup) -> None:
    known = ParticipantFactory.create(project=setup.project, reference="RI-0900", birth_year=1985)
    known_history = _history(Participant)
    rows = [
        row(setup.company if n % 2 else setup.other_company, reference=f"RI-{n:04d}")
        for n in range(25)
    ]
    rows.append(row(setup.company, reference="RI-0900"))  # a new course of a known participant

    response = upload(setup.client, setup.project, xlsx(rows))

    assert response.status_code == 302
    created = Participant.objects.exclude(pk=known.pk).order_by("pk")
    assert created.count() == 25
    by = setup.secretary.pk
    assert _history(Participant) == [
        *known_history,
        *((p.pk, "+", by, "course import") for p in created),
    ]
    courses = OnboardingCourse.objects.order_by("pk")
    assert courses.count() == 26
    assert _history(OnboardingCourse) == [(c.pk, "+", by, "course import") for c in courses]
    # Each record holds the row as imported, and when.
    record = OnboardingCourse.history.get(id=courses.get(participant=known).pk)
    assert (record.participant_id, record.start_date) == (known.pk, datetime.date(2019, 3, 1))
    assert record.history_date is not None


def test_an_import_through_the_service_is_attributed_to_its_user(setup: Setup) -> None:
    """No request (a script, a shell): the user comes from the call, not from the middleware."""
    courses_import(
        project=setup.project, rows=[SheetRow(2, row(setup.company))], by=setup.secretary
    )

    participant, course = Participant.objects.get(), OnboardingCourse.objects.get()
    assert _history(Participant) == [(participant.pk, "+", setup.secretary.pk, "course import")]
    assert _history(OnboardingCourse) == [(course.pk, "+", setup.secretary.pk, "course import")]


def test_a_refused_import_records_no_history(setup: Setup) -> None:
    upload(setup.client, setup.project, xlsx([row(setup.company), row(setup.company, gender="x")]))
    assert not Participant.history.exists()
    assert not OnboardingCourse.history.exists()


def test_a_participant_registered_while_the_file_is_written_gives_the_rows_own_message(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL's race, played on one connection: the check found the reference free, and
    before the insert someone registered it with the same course. Checked again, the file reads
    as it would a moment later: its course is registered. (tests/test_concurrent_writes.py plays
    it with two real connections.)"""
    plan = services._plan
    colleague = SecretariatFactory.create()

    def registered_meanwhile(*args: Any) -> Any:
        found = plan(*args)
        # Registered by someone else, who the audit history names.
        with audit.authored_by(colleague):
            participant = ParticipantFactory.create(
                project=setup.project, reference="RI-0001", birth_year=1985
            )
            CourseFactory.create(
                participant=participant,
                company=setup.company,
                start_date=datetime.date(2019, 3, 1),
            )
        monkeypatch.setattr(services, "_plan", plan)
        return found

    monkeypatch.setattr(services, "_plan", registered_meanwhile)
    response = upload(setup.client, setup.project, xlsx([row(setup.company)]))

    assert row_problems(response) == {(2, "", "already_registered")}
    assert nothing_saved()  # here the registration meanwhile shared the import's transaction
