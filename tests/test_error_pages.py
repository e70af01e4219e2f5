"""Refusals and unknown addresses answer with the site's own page, in the user's language."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ForumMemberFactory

pytestmark = pytest.mark.django_db


def _forum_client() -> Client:
    client = Client()
    client.force_login(ForumMemberFactory.create())
    return client


def test_a_refused_page_says_so_in_danish_within_the_site() -> None:
    response = _forum_client().get(reverse("participants:course_list"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ingen adgang" in page
    assert 'lang="da"' in page
    assert reverse("grants:project_list") in page


def test_an_unknown_address_says_so_in_danish_within_the_site() -> None:
    response = _forum_client().get(reverse("grants:decision_detail", args=[999_999]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Siden findes ikke" in page
    assert 'lang="da"' in page
