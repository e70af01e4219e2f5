"""Refusals, unknown pages and errors answer with the site's own page, in the user's language."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import path, reverse

from grants.models import Programme
from rummelig import urls as root_urls
from tests.factories import ForumMemberFactory, StaffFactory

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
    assert f'<a href="{reverse("home:home")}">Til forsiden</a>' in page


def test_an_unknown_address_says_so_in_danish_within_the_site() -> None:
    response = _forum_client().get(reverse("grants:decision_detail", args=[999_999]))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Siden findes ikke" in page
    assert 'lang="da"' in page


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", _boom), *root_urls.urlpatterns]


@pytest.mark.urls("tests.test_error_pages")
def test_a_server_error_says_so_in_danish_within_the_site() -> None:
    client = _forum_client()
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Noget gik galt" in page
    assert "intet blev gemt halvvejs" in page
    assert 'lang="da"' in page
    assert "Server Error" not in page


@pytest.mark.urls("tests.test_error_pages")
def test_a_server_error_page_says_it_in_both_languages_and_has_no_form_to_fail() -> None:
    client = _forum_client()
    client.raise_request_exception = False
    page = client.get("/boom/").content.decode()
    # Rendered without a request, a form would post without its token and be refused.
    assert "<form" not in page
    assert "csrfmiddlewaretoken" not in page
    other = page.split('data-testid="other-language"')[1]
    assert "Something went wrong" in other
    assert "nothing was saved halfway" in other
    assert '<section lang="en"' in page
    english = _forum_client()
    english.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english.raise_request_exception = False
    page = english.get("/boom/").content.decode()
    assert "<form" not in page
    assert "Noget gik galt" in page.split('data-testid="other-language"')[1]


def test_a_refused_form_token_says_so_in_danish_and_saves_nothing() -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory.create())
    before = Programme.objects.count()
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Formularen er udløbet" in page
    assert 'lang="da"' in page
    assert "CSRF verification failed" not in page
    assert Programme.objects.count() == before
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@override_settings(LANGUAGE_COOKIE_SECURE=True)
def test_the_language_cookie_is_secure_http_only_and_same_site() -> None:
    response = _forum_client().post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_production_settings_mark_the_language_cookie_like_the_session_cookie() -> None:
    # The same rule as the session and CSRF cookies: Secure wherever DEBUG is off.
    assert settings.LANGUAGE_COOKIE_SECURE == settings.SESSION_COOKIE_SECURE
    assert settings.LANGUAGE_COOKIE_HTTPONLY is True
    assert settings.LANGUAGE_COOKIE_SAMESITE == "Lax"
