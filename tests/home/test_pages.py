"""The footer's pages are public, in both languages, and say what a public-sector site owes
its users; the favicon is where browsers look for it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _page(name: str, language: str = "da") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def test_every_page_links_the_accessibility_statement_and_the_privacy_policy_in_its_footer() -> (
    None
):
    page = _page("login")
    footer = page.split("<footer>")[1]
    assert f'href="{reverse("home:accessibility")}"' in footer
    assert f'href="{reverse("home:privacy")}"' in footer
    assert "Tilgængelighedserklæring" in footer
    assert "Privatlivspolitik" in footer


def test_the_accessibility_statement_says_conformance_tests_limits_and_where_to_complain() -> None:
    page = _page("home:accessibility")
    assert "<h1>Tilgængelighedserklæring</h1>" in page
    assert "WCAG) 2.1 på niveau AA" in page
    assert "axe-core" in page and "1366" in page and "390" in page
    assert 'data-testid="limitations"' in page
    assert "mailto:" in page
    assert "Digitaliseringsstyrelsen" in page and "https://www.was.digst.dk/" in page


def test_the_privacy_policy_names_the_data_its_basis_retention_and_the_rights() -> None:
    page = _page("home:privacy")
    assert "<h1>Privatlivspolitik</h1>" in page
    assert "særlige kategorier" in page
    assert "artikel 6, stk. 1, litra e" in page and "artikel 9, stk. 2, litra g" in page
    assert "opbevares" in page
    assert "eksportere" in page and "slette" in page
    assert "databeskyttelsesrådgiver" in page and "Datatilsynet" in page


def test_the_footers_pages_are_in_english_too() -> None:
    assert "<h1>Accessibility statement</h1>" in _page("home:accessibility", "en")
    assert "<h1>Privacy policy</h1>" in _page("home:privacy", "en")


def test_the_footers_pages_have_breadcrumbs_back_to_the_front_page() -> None:
    page = _page("home:privacy")
    crumbs = page.split('aria-label="Brødkrumme"')[1].split("</nav>")[0]
    assert f'href="{reverse("home:home")}">Forside</a>' in crumbs
    assert 'aria-current="page"' in crumbs


def test_the_favicon_is_linked_and_answered_at_the_address_browsers_ask() -> None:
    page = _page("login")
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in page
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
