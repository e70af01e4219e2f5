"""Nothing a signed-in user is sent is kept in a cache: not the participants' pages, not any
other page (the rule is by who asks, `rummelig.middleware.NotStoredMiddleware`)."""

from __future__ import annotations

import pytest
from django.http import HttpResponseBase
from django.test import Client
from django.urls import reverse

from tests.test_permission_matrix import MATRIX, World, _url_name, build_world

pytestmark = pytest.mark.django_db


def _cache_control(response: HttpResponseBase) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def _pages(world: World, role: str, namespace: str = "") -> list[str]:
    """The addresses of the matrix's GET entries that `role` may open (in `namespace`)."""
    urls = []
    for key, entry in MATRIX.items():
        name = _url_name(key)
        if entry.method != "get" or entry.expect[role] != 200 or entry.settings:
            continue
        if namespace and not name.startswith(f"{namespace}:"):
            continue
        url = reverse(name, args=entry.args(world.ids))
        urls.append(f"{url}?{entry.query}" if entry.query else url)
    return urls


def _client(world: World, role: str) -> Client:
    client = Client()
    user = world.users[role]
    assert user is not None
    client.force_login(user)
    return client


def test_every_participant_page_of_the_secretariat_is_not_stored() -> None:
    world = build_world()
    client = _client(world, "member")
    pages = _pages(world, "member", "participants")
    assert reverse("participants:participant_detail", args=[world.ids["participant"]]) in pages
    assert reverse("participants:participant_erase", args=[world.ids["participant"]]) in pages
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"no-store", "private"} <= _cache_control(response), url


def test_every_page_an_administrator_opens_is_not_stored() -> None:
    world = build_world()
    client = _client(world, "administrator")
    html = 0
    for url in _pages(world, "administrator"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"no-store", "private"} <= _cache_control(response), url
        html += response["Content-Type"].startswith("text/html")
    assert html > 50


def test_what_an_anonymous_visitor_is_sent_is_left_to_the_view() -> None:
    # The redirect to the login page holds nothing personal: no rule of ours marks it.
    response = Client().get(reverse("grants:project_list"))
    assert response.status_code == 302
    assert "no-store" not in _cache_control(response)
