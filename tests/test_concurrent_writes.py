"""Several people saving the same thing at once, through the real pages, on SQLite and PostgreSQL.

Each request runs in its own thread with its own database connection, as under a real server.
Exactly one write wins; every other request gets the page's own message in Danish (the form's
error, the stale-grid refusal, the outcome already recorded), never a server error, and nothing
is half saved.

Two shapes of race, both deterministic in what they assert:

- `held`: the first request's transaction is kept open until the second request is seen
  waiting for it (on PostgreSQL in `pg_stat_activity`; on SQLite it waits for the write lock,
  which it cannot pass while the first holds it). The second has then passed every check made
  before the write and is refused by what the database finds: the race itself, every time.
- `crowd`: ten requests released together by a barrier, as the outside probe sent them.
"""

from __future__ import annotations

import datetime
import io
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import unescape
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from companies.models import Company, Municipality
from grants.models import BudgetLine, GrantDecision, Project
from participants.imports.reader import COLUMNS
from participants.models import Category, OnboardingCourse, Participant
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    DecisionFactory,
    EffortAreaFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
)

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

# Real transactions, seen by every thread's connection; the reference data from the migrations
# (municipalities, categories) is put back before each test.
# Transactional: each thread's request commits for real. Not serialized_rollback: a flush by
# another transactional test re-creates the role groups (post_migrate), which the restore would
# then insert a second time; the reference rows these tests use are ensured below instead.
pytestmark = pytest.mark.django_db(transaction=True)


def _municipality(code: str, name: str) -> Municipality:
    """A municipality of the reference data, made again where a transactional test flushed it."""
    return Municipality.objects.get_or_create(code=code, defaults={"name": name})[0]


def _category(kind: str, code: str) -> Category:
    return Category.objects.get_or_create(kind=kind, code=code, defaults={"label": code})[0]


CROWD = 10
WAIT = 30  # seconds: far beyond any save here, so only a hang reaches it


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@dataclass
class Outcome:
    """What one request gave: its response, or the exception it raised (a server error)."""

    response: Response | None = None
    error: BaseException | None = None

    @property
    def status(self) -> int | None:
        return self.response.status_code if self.response is not None else None


def _run(post: Callable[[], Response], outcome: Outcome) -> None:
    try:
        outcome.response = post()
    except BaseException as exc:  # a 500 in the test client is the view's exception
        outcome.error = exc
    finally:
        connection.close()  # this thread's own connection


def crowd(posts: Sequence[Callable[[], Response]]) -> list[Outcome]:
    """Send every request at the same moment, each from its own thread."""
    outcomes = [Outcome() for _ in posts]
    start = threading.Barrier(len(posts))

    def at_once(post: Callable[[], Response], outcome: Outcome) -> None:
        start.wait(WAIT)
        _run(post, outcome)

    threads = [
        threading.Thread(target=at_once, args=(post, outcome))
        for post, outcome in zip(posts, outcomes, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return outcomes


def held(first: Callable[[], Response], second: Callable[[], Response]) -> tuple[Outcome, Outcome]:
    """`first` saves in a transaction held open until `second` waits for it, then commits."""
    first_outcome, second_outcome = Outcome(), Outcome()
    first_saved, commit = threading.Event(), threading.Event()

    def hold() -> None:
        try:
            with transaction.atomic():
                first_outcome.response = first()
                first_saved.set()
                assert commit.wait(WAIT)
        except BaseException as exc:
            first_outcome.error = exc
            first_saved.set()
        finally:
            connection.close()

    one = threading.Thread(target=hold)
    one.start()
    assert first_saved.wait(WAIT)
    assert first_outcome.error is None, first_outcome.error
    two = threading.Thread(target=_run, args=(second, second_outcome))
    two.start()
    try:
        _until_waiting(two)
    finally:
        commit.set()
        one.join(WAIT)
        two.join(WAIT)
    assert not one.is_alive() and not two.is_alive(), "a request hung"
    return first_outcome, second_outcome


def _until_waiting(thread: threading.Thread) -> None:
    """Until `thread`'s request waits for the write held open by another transaction."""
    if connection.vendor == "postgresql":
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                (waiting,) = cursor.fetchone()
            if waiting:
                return
            time.sleep(0.01)
        pytest.fail("the second request never waited for the first one's write")
    else:
        # SQLite shows no waiting connection; the second write waits for the lock the first
        # holds (busy timeout), so after a while it is still there.
        time.sleep(0.3)
        assert thread.is_alive(), "the second write went through while the first held the lock"


def no_server_error(outcomes: Sequence[Outcome]) -> None:
    errors = [o.error for o in outcomes if o.error is not None]
    assert not errors, errors


# The pages are read as the browser gets them: a response's `context` is collected through a
# signal every thread's rendering sends, so under concurrent requests it mixes their pages.
MESSAGE = re.compile(
    r'<div class="alert alert-(\w+) mb-5" role="\w+">\s*'
    r'<div class="alert-body"><p class="alert-text">(.*?)</p>',
    re.S,
)


def page_messages(outcome: Outcome) -> list[tuple[str, str]]:
    """The messages shown at the top of the page: (level, text)."""
    assert outcome.response is not None
    return [(level, unescape(text)) for level, text in MESSAGE.findall(outcome.response.text)]


def field_errors(outcome: Outcome, field_id: str) -> list[str]:
    """The error messages shown at the field whose input has the id `field_id`."""
    assert outcome.response is not None
    found = re.search(
        rf'<span class="form-error-message" id="{field_id}_error">(.*?)</span>\s*<',
        outcome.response.text,
        re.S,
    )
    if found is None:
        return []
    return [
        unescape(re.sub(r'<span class="sr-only">.*?</span>', "", part)).strip()
        for part in found.group(1).split("<br>")
    ]


# --- The embedded default's configuration -------------------------------------------------


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own settings")
def test_sqlite_queues_writers_instead_of_failing_them() -> None:
    """A write transaction takes the lock when it begins, a writer waits up to 20 s for it, and
    readers go on beside a writer (WAL): the tests above run against a file database so."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone() == (20_000,)
    assert connection.transaction_mode == "IMMEDIATE"  # type: ignore[attr-defined]


# --- Participant registration: the same reference -----------------------------------------


@dataclass
class Registration:
    project: Project
    company: Company
    secretary: User

    def form(self, reference: str = "RI-0100", birth_year: int = 1990) -> dict[str, Any]:
        return {
            "participant-project": self.project.pk,
            "participant-reference": reference,
            "participant-birth_year": birth_year,
            "participant-gender": "female",
            "participant-municipality": _municipality("751", "Aarhus").pk,
            "participant-target_groups": [_category("target_group", "refugee-immigrant").pk],
            "participant-employment_status": _category(
                "employment_status", "long-term-unemployed"
            ).pk,
            "participant-education": _category("education", "isced-1-2").pk,
            "course-company": self.company.pk,
            "course-start_date": "2019-08-01",
            "course-end_date": "",
            "course-outcome": "",
            "course-outcome_date": "",
        }

    def post(self, birth_year: int = 1990) -> Callable[[], Response]:
        client, data = logged_in(self.secretary), self.form(birth_year=birth_year)
        url = reverse("participants:participant_register")
        return lambda: client.post(url, data)


@pytest.fixture
def registration() -> Registration:
    project = ProjectFactory.create(name="Rummelig test")
    secretary = SecretariatFactory.create()
    MembershipFactory.create(project=project, user=secretary)
    company = CompanyFactory.create(name="Tømrer Jensen ApS")
    company.projects.add(project)
    return Registration(project=project, company=company, secretary=secretary)


def _refused_registration(outcome: Outcome, field_id: str = "id_participant-reference") -> None:
    assert outcome.status == 200
    assert outcome.response is not None
    assert field_errors(outcome, field_id) == ["RI-0100 er allerede registreret i Rummelig test."]
    assert page_messages(outcome) == [("error", "Intet blev gemt: ret de markerede felter.")]


def _one_participant_with_one_course(registration: Registration) -> Participant:
    participant = Participant.objects.get(project=registration.project, reference="RI-0100")
    assert Participant.objects.count() == 1
    assert list(OnboardingCourse.objects.values_list("participant_id", flat=True)) == [
        participant.pk
    ]
    assert participant.history.filter(history_type="+").count() == 1
    return participant


def test_a_registration_that_loses_the_race_gets_the_forms_message(
    registration: Registration,
) -> None:
    first, second = held(registration.post(1990), registration.post(1985))

    assert first.status == 302
    _refused_registration(second)
    assert _one_participant_with_one_course(registration).birth_year == 1990


def test_ten_registrations_of_one_reference_at_once_register_it_once(
    registration: Registration,
) -> None:
    outcomes = crowd([registration.post(1980 + n) for n in range(CROWD)])

    no_server_error(outcomes)
    winners = [n for n, o in enumerate(outcomes) if o.status == 302]
    assert len(winners) == 1
    for n, outcome in enumerate(outcomes):
        if n not in winners:
            _refused_registration(outcome)
    assert _one_participant_with_one_course(registration).birth_year == 1980 + winners[0]


def _edit(secretary: User, participant: Participant, reference: str) -> Callable[[], Response]:
    """A secretary who opened `participant`'s form now and saves it under `reference`."""
    client = logged_in(secretary)
    url = reverse("participants:participant_update", args=[participant.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data["reference"] = reference
    return lambda: client.post(url, data)


def test_two_participants_given_one_reference_at_once_keep_it_for_one(
    registration: Registration,
) -> None:
    project, secretary = registration.project, registration.secretary
    first = ParticipantFactory.create(project=project, reference="RI-0001")
    second = ParticipantFactory.create(project=project, reference="RI-0002")

    saved, refused = held(_edit(secretary, first, "RI-0100"), _edit(secretary, second, "RI-0100"))

    assert saved.status == 302
    _refused_registration(refused, "id_reference")
    assert sorted(Participant.objects.values_list("reference", flat=True)) == [
        "RI-0002",
        "RI-0100",
    ]
    assert Participant.objects.get(pk=first.pk).reference == "RI-0100"
    assert second.history.filter(history_type="~").count() == 0


# --- Company creation: the same CVR number ------------------------------------------------


@dataclass
class CompanyCreation:
    project: Project
    secretary: User

    def post(self, name: str) -> Callable[[], Response]:
        client = logged_in(self.secretary)
        data = {
            "name": name,
            "cvr": "25313763",
            "municipality": str(_municipality("657", "Herning").pk),
            "labour_market_area": "",
            "industry": "",
            "inclusion_started_on": "",
            "projects": [str(self.project.pk)],
            "notes": "",
        }
        url = reverse("companies:company_create")
        return lambda: client.post(url, data)


@pytest.fixture
def company_creation() -> CompanyCreation:
    project = ProjectFactory.create()
    secretary = SecretariatFactory.create()
    MembershipFactory.create(project=project, user=secretary)
    return CompanyCreation(project=project, secretary=secretary)


def _refused_company(outcome: Outcome, winner: str) -> None:
    assert outcome.status == 200
    assert outcome.response is not None
    assert field_errors(outcome, "id_cvr") == [
        f"CVR-nummeret 25313763 er allerede registreret for {winner}."
    ]
    assert page_messages(outcome) == [("error", "Intet blev gemt: ret de markerede felter.")]


def _one_company(creation: CompanyCreation) -> Company:
    company = Company.objects.get()
    assert company.cvr == "25313763"
    assert list(company.projects.all()) == [creation.project]
    assert Company.projects.through.objects.count() == 1
    return company


def test_a_company_that_loses_the_race_gets_the_forms_message(
    company_creation: CompanyCreation,
) -> None:
    first, second = held(company_creation.post("Først ApS"), company_creation.post("Sidst ApS"))

    assert first.status == 302
    _refused_company(second, "Først ApS")
    assert _one_company(company_creation).name == "Først ApS"


def test_ten_companies_with_one_cvr_at_once_create_one(company_creation: CompanyCreation) -> None:
    names = [f"Virksomhed {n} ApS" for n in range(CROWD)]
    outcomes = crowd([company_creation.post(name) for name in names])

    no_server_error(outcomes)
    winners = [names[n] for n, o in enumerate(outcomes) if o.status == 302]
    assert len(winners) == 1
    for outcome in outcomes:
        if outcome.status != 302:
            _refused_company(outcome, winners[0])
    assert _one_company(company_creation).name == winners[0]


# --- A course's outcome: two recorded at once ---------------------------------------------


@dataclass
class CourseOutcome:
    course: OnboardingCourse
    secretary: User

    def post(self, outcome: str) -> Callable[[], Response]:
        client = logged_in(self.secretary)
        url = reverse("participants:course_outcome", args=[self.course.pk])
        data = {"outcome": outcome, "outcome_date": "2019-06-15"}
        return lambda: client.post(url, data, follow=True)


@pytest.fixture
def course_outcome() -> CourseOutcome:
    project = ProjectFactory.create()
    secretary = SecretariatFactory.create()
    MembershipFactory.create(project=project, user=secretary)
    participant = ParticipantFactory.create(project=project, reference="RI-0001")
    course = CourseFactory.create(participant=participant, start_date=datetime.date(2019, 3, 1))
    assert course.running
    return CourseOutcome(course=course, secretary=secretary)


RECORDED = ("success", "Resultatet af forløbet for RI-0001 er registreret.")
ALREADY = ("error", "Forløbet har allerede et resultat. Rediger forløbet for at ændre det.")


def _recorded_once(setup: CourseOutcome, outcome: str) -> None:
    course = OnboardingCourse.objects.get(pk=setup.course.pk)
    assert (course.outcome, course.outcome_date, course.end_date) == (
        outcome,
        datetime.date(2019, 6, 15),
        datetime.date(2019, 6, 15),
    )
    assert course.history.filter(history_type="~").count() == 1


def test_an_outcome_that_loses_the_race_is_refused_with_a_message(
    course_outcome: CourseOutcome,
) -> None:
    first, second = held(course_outcome.post("flex_job"), course_outcome.post("no_job"))

    assert page_messages(first) == [RECORDED]
    assert page_messages(second) == [ALREADY]
    _recorded_once(course_outcome, "flex_job")


def test_ten_outcomes_at_once_record_one(course_outcome: CourseOutcome) -> None:
    choices = [OnboardingCourse.Outcome.values[n % 3] for n in range(CROWD)]
    outcomes = crowd([course_outcome.post(choice) for choice in choices])

    no_server_error(outcomes)
    shown = [page_messages(o) for o in outcomes]
    assert sorted(shown) == sorted([[RECORDED]] + [[ALREADY]] * (CROWD - 1))
    assert all(o.status == 200 for o in outcomes)  # each lands back on the participant's page
    _recorded_once(course_outcome, choices[shown.index([RECORDED])])


# --- The budget grid: two people saving one decision --------------------------------------


@dataclass
class Grid:
    decision: GrantDecision
    area_id: int

    @property
    def url(self) -> str:
        return reverse("grants:decision_budget", args=[self.decision.pk])

    @property
    def cell(self) -> str:
        return f"b_{self.area_id}_2019"

    def post(self, amount: int) -> Callable[[], Response]:
        """A staff member who opened the grid now and saves `amount` in its one cell."""
        client = logged_in(StaffFactory.create())
        opened = client.get(self.url)
        form = opened.context["form"]
        data = {name: str(form[name].value() or "") for name in form.fields}
        data[self.cell] = str(amount)
        return lambda: client.post(self.url, data)

    def saved(self) -> int:
        return BudgetLine.objects.get(decision=self.decision, year=2019).amount


@pytest.fixture
def grid() -> Grid:
    decision = DecisionFactory.create(first_year=2019, last_year=2019)
    area = EffortAreaFactory.create(project=decision.project, name="Indslusning")
    return Grid(decision=decision, area_id=area.pk)


def _stale(outcome: Outcome, grid: Grid, saved: int, version: int) -> None:
    assert outcome.status == 200
    assert outcome.response is not None
    html = outcome.response.text
    assert 'data-testid="stale-save"' in html
    assert "En anden gemte denne bevilling, mens du redigerede den" in html
    # Beside what was typed: the figures that won, and their version to save over them.
    table = html.split('data-testid="saved-meanwhile"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(\d+)</td>", table) == [
        ("Indslusning", "2019")
    ]
    assert f'<td class="amount">{saved:,}</td></tr>'.replace(",", ".") in table
    assert re.findall(r'name="version" value="(\d+)"', html) == [str(version)]


def test_a_grid_save_that_loses_the_race_is_refused_as_stale(grid: Grid) -> None:
    version = grid.decision.version
    first, second = held(grid.post(1_000), grid.post(2_000))

    assert first.status == 302
    _stale(second, grid, saved=1_000, version=version + 1)
    assert grid.saved() == 1_000
    assert GrantDecision.objects.get(pk=grid.decision.pk).version == version + 1
    assert BudgetLine.history.count() == 1


def test_ten_grid_saves_at_once_save_one(grid: Grid) -> None:
    version = grid.decision.version
    amounts = [1_000 * (n + 1) for n in range(CROWD)]
    outcomes = crowd([grid.post(amount) for amount in amounts])

    no_server_error(outcomes)
    winners = [amounts[n] for n, o in enumerate(outcomes) if o.status == 302]
    assert len(winners) == 1
    for outcome in outcomes:
        if outcome.status != 302:
            _stale(outcome, grid, saved=winners[0], version=version + 1)
    assert grid.saved() == winners[0]
    assert GrantDecision.objects.get(pk=grid.decision.pk).version == version + 1
    assert BudgetLine.history.count() == 1


# --- The course import: one file uploaded twice at once -------------------------------------


@dataclass
class CourseImport:
    project: Project
    secretary: User
    content: bytes

    def post(self) -> Callable[[], Response]:
        client = logged_in(self.secretary)
        url = reverse("participants:course_import")

        def upload() -> Response:
            file = SimpleUploadedFile("courses.xlsx", self.content)
            return client.post(url, {"project": self.project.pk, "file": file})

        return upload


IMPORTED = 20


@pytest.fixture
def course_import() -> CourseImport:
    _municipality("751", "Aarhus")
    project = ProjectFactory.create()
    secretary = SecretariatFactory.create()
    MembershipFactory.create(project=project, user=secretary)
    company = CompanyFactory.create()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(COLUMNS))
    for n in range(IMPORTED):
        cells = {
            "reference": f"RI-{n:04d}",
            "birth_year": 1985,
            "gender": "female",
            "municipality_code": "751",
            "company_cvr": company.cvr,
            "start_date": datetime.date(2019, 3, 1),
        }
        sheet.append([cells.get(column) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return CourseImport(project=project, secretary=secretary, content=buffer.getvalue())


ALREADY_IMPORTED = "Dette forløb er allerede registreret: samme reference, virksomhed og startdato."


def _refused_import(outcome: Outcome) -> None:
    """Every row named as registered already: the page the same file gets when sent again."""
    assert outcome.status == 200
    assert outcome.response is not None
    table = outcome.response.text.split('id="import-errors"', 1)[1].split("</table>", 1)[0]
    problems = re.findall(r'<td class="amount">(\d+)</td>\s*<td>.*?</td>\s*<td>(.*?)</td>', table)
    assert [(int(number), unescape(text)) for number, text in problems] == [
        (number, ALREADY_IMPORTED) for number in range(2, IMPORTED + 2)
    ]


def _imported_once(course_import: CourseImport) -> None:
    assert Participant.objects.filter(project=course_import.project).count() == IMPORTED
    assert OnboardingCourse.objects.count() == IMPORTED
    assert Participant.history.filter(history_user=course_import.secretary).count() == IMPORTED
    assert OnboardingCourse.history.filter(history_user=course_import.secretary).count() == (
        IMPORTED
    )


def test_an_import_that_loses_the_race_lists_its_rows_as_registered(
    course_import: CourseImport,
) -> None:
    first, second = held(course_import.post(), course_import.post())

    assert first.status == 302
    _refused_import(second)
    _imported_once(course_import)


def test_one_file_imported_five_times_at_once_imports_once(course_import: CourseImport) -> None:
    outcomes = crowd([course_import.post() for _ in range(5)])

    no_server_error(outcomes)
    assert sorted(o.status or 0 for o in outcomes) == [200, 200, 200, 200, 302]
    for outcome in outcomes:
        if outcome.status == 200:
            _refused_import(outcome)
    _imported_once(course_import)
