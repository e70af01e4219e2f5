"""Every page of the permission matrix shows breadcrumbs from the front page down, in the
design system's component, and every crumb leads to a page the same user may open."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import resolve, reverse

from accounts.breadcrumbs import NO_TRAIL, PARENTS, trail
from tests.factories import StaffFactory
from tests.test_permission_matrix import MATRIX, _app_url_names, _url_name, build_world

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="breadcrumbs" aria-label="Brødkrumme">(?P<body>.*?)</nav>', re.S)
LINK = re.compile(r'<a class="breadcrumbs__link" href="(?P<href>[^"]+)">(?P<label>[^<]*)</a>')
CURRENT = re.compile(
    r'<li class="breadcrumbs__list-item" aria-current="page">(?P<label>.*?)</li>', re.S
)
# Who reads a page, best first: the one who reaches most of the pages above it.
READERS = ("regional", "administrator", "member", "forum", "outsider", "anonymous")


def _crumbs(page: str) -> tuple[list[tuple[str, str]], str] | None:
    match = NAV.search(page)
    if match is None:
        return None
    links = [(m["href"], m["label"]) for m in LINK.finditer(match["body"])]
    current = CURRENT.search(match["body"])
    label = re.sub(r"<[^>]+>", "", current["label"]).strip() if current else ""
    return links, label


def test_every_page_of_the_matrix_has_breadcrumbs_that_lead_where_its_reader_may_go() -> None:
    world = build_world()
    clients: dict[str, Client] = {}
    opened: dict[tuple[str, str], int] = {}
    checked = 0
    problems: list[str] = []
    for key, entry in sorted(MATRIX.items()):
        if "#" in key or entry.method != "get" or entry.settings:
            continue
        role = next((role for role in READERS if entry.expect[role] == 200), None)
        if role is None:
            continue
        if role not in clients:
            clients[role] = Client()
            user = world.users[role]
            if user is not None:
                clients[role].force_login(user)
        client = clients[role]
        url = reverse(_url_name(key), args=entry.args(world.ids))
        url = f"{url}?{entry.query}" if entry.query else url
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        page = response.content.decode()
        if "<main" not in page:  # a fragment a page fetches (a job's status), not a page
            continue
        found = _crumbs(page)
        if key in NO_TRAIL:
            problems += [f"{key}: no trail expected"] if found else []
            continue
        if found is None:
            problems.append(f"{key}: no breadcrumbs")
            continue
        links, current = found
        checked += 1
        if not links or links[0] != (reverse("home:home"), "Forside"):
            problems.append(f"{key}: starts with {links[:1]}")
        title = page.split("<title>")[1].split("</title>")[0]
        if not current or current not in title:
            problems.append(f"{key}: ends with {current!r}, the title is {title!r}")
        for href, label in links:
            resolve(href.split("?")[0])
            if (role, href) not in opened:
                opened[(role, href)] = client.get(href).status_code
            if opened[(role, href)] != 200:
                problems.append(f"{key} as {role}: {label} {href} {opened[(role, href)]}")
    assert problems == []
    assert checked >= 90


def test_every_page_with_a_parent_names_a_url_that_exists() -> None:
    names = set(_app_url_names())
    assert set(PARENTS) <= names
    assert names >= NO_TRAIL


def test_the_front_page_shows_no_breadcrumbs_and_a_project_its_way_down() -> None:
    world = build_world()
    client = Client()
    regional = world.users["regional"]
    assert regional is not None
    client.force_login(regional)
    assert _crumbs(client.get(reverse("home:home")).content.decode()) is None
    page = client.get(reverse("grants:decision_budget", args=[world.ids["decision"]]))
    found = _crumbs(page.content.decode())
    assert found is not None
    links, current = found
    project = reverse("grants:project_detail", args=[world.ids["project"]])
    decision = reverse("grants:decision_detail", args=[world.ids["decision"]])
    assert [href for href, _ in links] == [
        reverse("home:home"),
        reverse("grants:project_list"),
        project,
        decision,
    ]
    assert current.startswith("Budget")


def test_a_confirmation_page_shows_its_trail_as_breadcrumbs() -> None:
    world = build_world()
    client = Client()
    regional = world.users["regional"]
    assert regional is not None
    client.force_login(regional)
    page = client.get(reverse("grants:decision_delete", args=[world.ids["decision"]]))
    found = _crumbs(page.content.decode())
    assert found is not None
    links, _current = found
    assert reverse("grants:decision_detail", args=[world.ids["decision"]]) in dict(links)


def test_a_value_under_an_objects_name_that_is_no_object_leaves_the_trail_at_its_list() -> None:
    staff = StaffFactory.create()
    for value in (7, "7", None):
        crumbs = trail("grants:project_update", {"project": value}, staff, title="Rediger")
        assert [crumb.url for crumb in crumbs] == [
            reverse("home:home"),
            reverse("grants:project_list"),
            "",
        ]
