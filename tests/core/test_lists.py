"""Every list page: numbered pages, page size, sortable headers, search and filter tags, and
query strings that never end in a server error."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.http import QueryDict
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.lists import page_numbers, pager
from tests.factories import (
    CaseFactory,
    CompanyFactory,
    IndustryFactory,
    ProgrammeFactory,
    ProjectFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

LISTS = [
    "grants:project_list",
    "grants:decision_list",
    "grants:case_list",
    "companies:company_list",
    "spending:report_list",
    "spending:payment_list",
    "spending:deadline_list",
    "spending:warning_list",
    "meetings:meeting_list",
]


@pytest.fixture
def staff() -> Client:
    client = Client()
    client.force_login(StaffFactory.create())
    return client


def _rows(page: str) -> list[str]:
    body = page.split("<tbody", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr\b", body)


# --- The numbered pages, as Det Fælles Designsystem shows them ------------------------------


@pytest.mark.parametrize(
    ("number", "count", "shown"),
    [
        (1, 1, [1]),
        (3, 7, [1, 2, 3, 4, 5, 6, 7]),
        (1, 40, [1, 2, 3, 4, 5, None, 40]),
        (4, 40, [1, 2, 3, 4, 5, None, 40]),
        (5, 40, [1, None, 4, 5, 6, None, 40]),
        (36, 40, [1, None, 35, 36, 37, None, 40]),
        (37, 40, [1, None, 36, 37, 38, 39, 40]),
        (40, 40, [1, None, 36, 37, 38, 39, 40]),
    ],
)
def test_the_numbered_pages_keep_first_last_and_neighbours(
    number: int, count: int, shown: list[int | None]
) -> None:
    assert page_numbers(number, count) == shown


def test_the_page_links_keep_the_rest_of_the_query() -> None:
    query = QueryDict("q=vækst&sort=-name&page=3")
    links = pager(query, 3, 10)
    assert links.previous_url == "?q=v%C3%A6kst&sort=-name&page=2"
    assert links.first_url.endswith("page=1") and links.last_url.endswith("page=10")
    assert [link.current for link in links.links if link.number == 3] == [True]
    assert pager(query, 10, 10).next_url == "" and pager(query, 1, 10).previous_url == ""


def test_a_long_list_shows_numbered_pages_with_the_current_one_marked(staff: Client) -> None:
    programme = ProgrammeFactory.create()
    ProjectFactory.create_batch(60, programme=programme)
    page = staff.get(reverse("grants:project_list") + "?page=2").content.decode()
    assert 'aria-current="page"' in page
    current = re.search(r'<a href="([^"]*)" class="button current-page" aria-current="page">', page)
    assert current and "page=2" in current.group(1)
    assert 'class="button button-arrow button-first"' in page
    assert 'class="button button-arrow button-last"' in page
    # The page size: 25 by default, 50 on request, and a choice of them on the page.
    assert len(_rows(page)) == 25
    assert 'name="per_page"' in page and '<option value="50">' in page
    fifty = staff.get(reverse("grants:project_list") + "?per_page=50").content.decode()
    assert len(_rows(fifty)) == 50
    assert '<option value="50" selected>' in fifty


def test_the_table_scrolls_in_a_named_region_the_keyboard_reaches(staff: Client) -> None:
    ProjectFactory.create()
    page = staff.get(reverse("grants:project_list")).content.decode()
    wrapper = re.search(r'<div class="table--responsive-scroll"[^>]*>', page)
    assert wrapper
    assert 'tabindex="0"' in wrapper.group() and 'role="region"' in wrapper.group()
    assert "aria-label=" in wrapper.group()


# --- Sorting ---------------------------------------------------------------------------------


def test_sortable_headers_say_how_the_list_is_sorted(staff: Client) -> None:
    ProjectFactory.create_batch(3)
    url = reverse("grants:project_list")
    page = staff.get(url).content.decode()
    headers = re.findall(r'<th scope="col"[^>]*aria-sort="(\w+)"', page)
    # Sorted by name (ascending) by default; the other sortable columns are not sorted.
    assert headers[0] == "ascending" and set(headers[1:]) == {"none"}
    assert "sort-table-ascending" not in page  # the icon is inline, not a file
    assert page.count('class="icon-svg"') >= len(headers)
    descending = staff.get(url + "?sort=-name").content.decode()
    assert re.findall(r'aria-sort="(\w+)"', descending)[0] == "descending"
    # A header's link keeps the filters and starts from the first page.
    filtered = staff.get(url + "?q=Project&page=1").content.decode()
    link = re.search(r'<a class="button button-unstyled sort-link" href="([^"]+)"', filtered)
    assert link and "q=Project" in link.group(1) and "page=" not in link.group(1)


def test_sorting_descending_lists_the_last_name_first(staff: Client) -> None:
    ProjectFactory.create(name="Alfa")
    ProjectFactory.create(name="Omega")
    page = staff.get(reverse("grants:project_list") + "?sort=-name").content.decode()
    assert page.index("Omega") < page.index("Alfa")


# --- Search and filter tags ------------------------------------------------------------------


def test_the_search_finds_rows_by_any_of_their_names(staff: Client) -> None:
    CompanyFactory.create(name="Fjordhotellet")
    CompanyFactory.create(name="Vestjysk Gård", cvr="12345674")
    url = reverse("companies:company_list")
    by_name = staff.get(url, {"q": "hotel"}).content.decode()
    assert "Fjordhotellet" in by_name and "Vestjysk Gård" not in by_name
    by_cvr = staff.get(url, {"q": "12345674"}).content.decode()
    assert "Vestjysk Gård" in by_cvr and "Fjordhotellet" not in by_cvr
    # Every word must match somewhere.
    assert "Fjordhotellet" not in staff.get(url, {"q": "hotel gård"}).content.decode()


def test_the_active_filters_are_tags_that_each_remove_their_filter(staff: Client) -> None:
    farming = IndustryFactory.create(name="Landbrug")
    CompanyFactory.create(name="Vestjysk Gård", industry=farming)
    url = reverse("companies:company_list")
    page = staff.get(url, {"q": "Gård", "industry": str(farming.pk), "page": "1"}).content.decode()
    tags = dict(
        (re.sub(r"<[^>]+>.*", "", text).strip(), href)
        for href, text in re.findall(r'<a class="tag tag-icon" href="([^"]+)">(.*?)</a>', page)
    )
    assert set(tags) == {"Søg: Gård", "Branche: Landbrug"}
    # Removing one keeps the other, and goes back to the first page.
    assert tags["Søg: Gård"] == f"?industry={farming.pk}"
    assert tags["Branche: Landbrug"] == "?q=G%C3%A5rd"
    assert '<a class="tag' not in staff.get(url).content.decode()


def test_a_case_list_is_searched_by_title_number_or_project(staff: Client) -> None:
    project = ProjectFactory.create(name="Grøn vækst")
    CaseFactory.create(title="Forlængelse", project=project, case_number="21-000123")
    CaseFactory.create(title="Ny ansøgning")
    url = reverse("grants:case_list")
    for text in ("forlæng", "000123", "grøn"):
        page = staff.get(url, {"q": text}).content.decode()
        assert "Forlængelse" in page and "Ny ansøgning" not in page, text


# --- Hostile query strings -------------------------------------------------------------------


BAD_QUERIES = [
    "sort=nosuchcolumn",
    "sort=-",
    "page=9999",
    "page=abc",
    "page=-1",
    "per_page=-1",
    "per_page=abc",
    "per_page=100000",
    "q=%00",
    "q=" + "x" * 500,
]


@pytest.mark.parametrize("url_name", LISTS)
def test_a_bad_query_string_never_fails(staff: Client, url_name: str) -> None:
    ProjectFactory.create_batch(2)
    answers = {
        query: staff.get(reverse(url_name) + "?" + query).status_code for query in BAD_QUERIES
    }
    assert answers == dict.fromkeys(BAD_QUERIES, 200)


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("url_name", ["grants:case_list", "spending:warning_list"])
def test_the_region_wide_lists_take_the_same_queries_for_more_rows(
    staff: Client, url_name: str
) -> None:
    programme = ProgrammeFactory.create()

    def grow(n: int) -> None:
        for project in ProjectFactory.create_batch(n, programme=programme):
            CaseFactory.create(project=project)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff.get(reverse(url_name)).status_code == 200
        return len(queries)

    grow(2)
    staff.get(reverse(url_name))  # warm the session
    few = count()
    grow(40)  # past one page
    assert count() == few


def test_the_warning_list_works_out_only_the_page_of_projects(staff: Client) -> None:
    programme = ProgrammeFactory.create()
    ProjectFactory.create_batch(30, programme=programme)
    url = reverse("spending:warning_list")
    page = staff.get(url).content.decode()
    assert len(re.findall(r'<tr data-project="', page)) == 25
    second = staff.get(url, {"page": 2}).content.decode()
    assert len(re.findall(r'<tr data-project="', second)) == 5
    found = staff.get(url, {"q": "Project"}).content.decode()
    assert 'aria-current="page"' in found


@pytest.mark.django_db
def test_no_filter_label_says_optional_while_forms_still_do(staff: Client) -> None:
    page = staff.get(reverse("grants:decision_list")).content.decode()
    filters = page[
        page.index('class="filter-form') : page.index("</form>", page.index('class="filter-form'))
    ]
    assert "form-label" in filters
    assert "(valgfrit)" not in filters
    form = staff.get(reverse("grants:programme_create")).content.decode()
    assert "(valgfrit)" in form
