"""Every list page with hostile query strings: a page, a redirect, a 400 or a 404, never a 500.

An outside probe found `?per_page=-1` ending the project, decision, course and company lists in
a server error, `?per_page=10**20` rendering every row, and `?project=²` (a digit to
`str.isdigit()`, not to `int()`) ending the register page in one. Each list is walked here, as a
user who may see it, with every parameter it reads: the page, its size, the sort and each of its
filter's fields. The values are those a careless user, a broken link or an attacker sends.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from core.paging import DEFAULT_PER_PAGE, MAX_PER_PAGE
from participants import export_job
from tests.factories import (
    CaseFactory,
    CompanyFactory,
    CourseFactory,
    DecisionFactory,
    MembershipFactory,
    ParticipantFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "-1",
    "-0",
    "0",
    "1.5",
    "1e3",
    "NaN",
    "inf",
    str(10**20),
    "-" + str(10**20),
    str(2**63),
    "10**20",
    "²",
    "٣",
    "²٣",
    "１２",  # fullwidth digits
    "\x00",
    "1\x00",
    "x" * 5000,
    "9" * 5000,
    "unknown",
    "-unknown",
    "name,-unknown,,-",
    "%",
    "'; drop table x; --",
    "\u202e",
    "2019-02-30",
    "9999-12-31",
]
ANSWERS = {200, 302, 400, 404}
PAGING = ["page", "per_page", "sort"]


@dataclass
class Site:
    staff: User
    secretary: User


@pytest.fixture
def site(db: None) -> Site:
    """Two projects with a little of everything; the secretary works in the first."""
    project, other = ProjectFactory.create(), ProjectFactory.create()
    secretary = SecretariatFactory.create()
    MembershipFactory.create(user=secretary, project=project)
    for each in (project, other):
        DecisionFactory.create(project=each)
        CaseFactory.create(project=each)
        company = CompanyFactory.create()
        company.projects.add(each)
        participant = ParticipantFactory.create(project=each)
        CourseFactory.create(
            participant=participant, company=company, start_date=datetime.date(2019, 3, 1)
        )
    return Site(staff=StaffFactory.create(), secretary=secretary)


# Each list page, and who may see it.
LISTS = {
    "grants:project_list": "staff",
    "grants:decision_list": "staff",
    "grants:case_list": "staff",
    "companies:company_list": "secretary",
    "participants:course_list": "secretary",
    "participants:course_export": "secretary",
    "notifications:list": "staff",
}


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _parameters(client: Client, url: str) -> list[str]:
    """The page's paging parameters and the fields of its filter, as the page itself shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    context = response.context
    fields = list(context["filter"].form.fields) if context and "filter" in context else []
    return PAGING + fields


@pytest.mark.parametrize("name", sorted(LISTS))
def test_no_hostile_parameter_value_gives_a_server_error(site: Site, name: str) -> None:
    client = _client(getattr(site, LISTS[name]))
    url = reverse(name)
    # The course export reads the list's own filter: walk it with the list's parameters.
    shown_at = reverse("participants:course_list") if name.endswith("_export") else url
    failures = []
    for parameter in _parameters(client, shown_at):
        for value in HOSTILE:
            status = client.get(url, {parameter: value}).status_code
            if status not in ANSWERS:
                failures.append((parameter, value[:20], status))
    assert failures == []


@pytest.mark.parametrize("name", sorted(LISTS))
def test_every_hostile_value_at_once_and_repeated_gives_no_server_error(
    site: Site, name: str
) -> None:
    client = _client(getattr(site, LISTS[name]))
    url = reverse(name)
    shown_at = reverse("participants:course_list") if name.endswith("_export") else url
    parameters = _parameters(client, shown_at)
    for value in HOSTILE:
        # Each parameter twice, as a form or a hand-made link may send it.
        query = {parameter: [value, "1"] for parameter in parameters}
        assert client.get(url, query).status_code in ANSWERS, value[:20]


def test_no_hostile_value_breaks_the_course_export_in_the_background(
    site: Site, settings: Any
) -> None:
    """Above the inline limit the export is a page holding the list's query in a form, and the
    job it starts reads that query again: neither answers with a server error."""
    settings.COURSE_EXPORT_INLINE_ROWS = 0
    client = _client(site.secretary)
    export = reverse("participants:course_export")
    start = reverse("jobs:start", args=[export_job.CODE])
    failures: list[tuple[str, str, int | None, int]] = []
    for parameter in _parameters(client, reverse("participants:course_list")):
        for value in HOSTILE:
            query = urlencode({parameter: value})
            page = client.get(f"{export}?{query}").status_code
            started = client.post(start, {"query": query}).status_code
            if page not in ANSWERS or started not in (302, 403):
                failures.append((parameter, value[:20], page, started))
    for value in HOSTILE:  # the posted field itself
        started = client.post(start, {"query": value}).status_code
        if started not in (302, 403):
            failures.append(("query", value[:20], None, started))
    assert failures == []


# A page size asked for, and the size given.
PAGE_SIZES = [
    ("-1", DEFAULT_PER_PAGE),
    (str(-(10**20)), DEFAULT_PER_PAGE),
    ("0", DEFAULT_PER_PAGE),
    ("²", DEFAULT_PER_PAGE),
    ("10**20", DEFAULT_PER_PAGE),
    ("10", 10),
    (str(MAX_PER_PAGE), MAX_PER_PAGE),
    (str(MAX_PER_PAGE + 1), MAX_PER_PAGE),
    (str(10**20), MAX_PER_PAGE),
    (str(2**63), MAX_PER_PAGE),
]


def test_the_page_size_stays_within_bounds(site: Site) -> None:
    CompanyFactory.create_batch(MAX_PER_PAGE + 5)
    client = _client(site.staff)
    for per_page, size in PAGE_SIZES:
        response = client.get(reverse("companies:company_list"), {"per_page": per_page})
        assert response.status_code == 200, per_page
        assert len(response.context["table"].page.object_list) == size, per_page


@pytest.mark.parametrize(
    "name", ["grants:project_list", "grants:decision_list", "participants:course_list"]
)
def test_every_table_has_the_same_bounds(site: Site, name: str) -> None:
    client = _client(getattr(site, LISTS[name]))
    for per_page in ("-1", str(10**20)):
        table = client.get(reverse(name), {"per_page": per_page}).context["table"]
        assert table.paginator.per_page == (DEFAULT_PER_PAGE if per_page == "-1" else MAX_PER_PAGE)


@pytest.mark.parametrize(
    ("page", "shown"),
    [("2", 2), ("99", 2), (str(10**20), 2), ("-1", 2), ("0", 2), ("x", 1), ("²", 1), ("", 1)],
)
def test_a_page_past_the_end_shows_the_last_and_no_number_the_first(
    site: Site, page: str, shown: int
) -> None:
    CompanyFactory.create_batch(DEFAULT_PER_PAGE + 5)  # two pages with the site's two
    table = (
        _client(site.staff).get(reverse("companies:company_list"), {"page": page}).context["table"]
    )
    assert table.page.number == shown


@pytest.mark.parametrize(
    ("page", "shown"), [("2", 2), ("99", 2), (str(10**20), 2), ("-1", 2), ("x", 1), ("²", 1)]
)
def test_the_case_list_answers_bad_page_numbers_as_the_tables_do(
    site: Site, page: str, shown: int
) -> None:
    project = ProjectFactory.create()
    CaseFactory.create_batch(DEFAULT_PER_PAGE + 5, project=project)
    response = _client(site.staff).get(reverse("grants:case_list"), {"page": page})
    assert response.status_code == 200
    assert response.context["table"].page.number == shown


def test_an_unknown_sort_column_keeps_the_default_order(site: Site) -> None:
    response = _client(site.staff).get(
        reverse("companies:company_list"), {"sort": "notes,-password"}
    )
    assert response.status_code == 200
    names = [c.name for c in response.context["table"].page.object_list.data]
    assert names == sorted(names)


# --- Ids in query strings ------------------------------------------------------------------


@pytest.mark.parametrize(
    "chosen", ["²", "٣", "²٣", "-1", "0", str(2**63), "9" * 5000, "\x00", "1\x00", " 1", "x"]
)
def test_register_page_with_a_bad_project_id_is_the_form_for_every_project(
    site: Site, chosen: str
) -> None:
    """The register page preselects `?project=`; anything but one of the user's ids is ignored."""
    MembershipFactory.create(user=site.secretary, project=ProjectFactory.create())
    response = _client(site.secretary).get(
        reverse("participants:participant_register"), {"project": chosen}
    )
    assert response.status_code == 200
    assert response.context["participant_form"].initial.get("project") is None


def test_register_page_preselects_a_project_of_the_users_by_its_id(site: Site) -> None:
    second = MembershipFactory.create(user=site.secretary, project=ProjectFactory.create()).project
    response = _client(site.secretary).get(
        reverse("participants:participant_register"), {"project": str(second.pk)}
    )
    assert response.context["participant_form"].initial["project"] == second.pk


@pytest.mark.parametrize("text", HOSTILE)
def test_company_suggestions_answer_any_text_with_a_list(site: Site, text: str) -> None:
    response = _client(site.secretary).get(
        reverse("participants:course_company_suggestions"), {"q": text}
    )
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


@pytest.mark.parametrize("role", ["staff", "secretary"])
@pytest.mark.parametrize("text", HOSTILE)
def test_project_suggestions_answer_any_text_with_a_list(site: Site, role: str, text: str) -> None:
    response = _client(getattr(site, role)).get(reverse("grants:project_suggestions"), {"q": text})
    assert response.status_code == 200
    assert isinstance(response.json()["results"], list)


@pytest.mark.parametrize("version", ["²", "9" * 5000, str(2**64), "-1", "1\x00"])
def test_a_status_change_with_a_bad_version_is_a_message(site: Site, version: str) -> None:
    decision = DecisionFactory.create(project=ProjectFactory.create())
    response = _client(site.staff).post(
        reverse("grants:decision_status", args=[decision.pk]),
        {"status": "approved", "version": version},
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status != "approved"
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Siden var ufuldstændig: genindlæs den, og prøv igen."]


@pytest.mark.parametrize("command", ["export_case", "export_budget"])
@pytest.mark.parametrize("number", ["²", "٣", "9" * 5000, "0"])
def test_commands_name_an_id_that_is_no_id(command: str, number: str, tmp_path: Path) -> None:
    given = number if command == "export_case" else f"case-{number}"
    with pytest.raises(CommandError, match="Unknown"):
        call_command(command, given, "-o", str(tmp_path / "out"), stdout=io.StringIO())
