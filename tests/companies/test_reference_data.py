"""The reference data the companies migration loads."""

from __future__ import annotations

import pytest

from companies.models import Industry, Municipality

pytestmark = pytest.mark.django_db


def test_the_19_municipalities_of_region_midtjylland_with_their_codes() -> None:
    codes = dict(Municipality.objects.values_list("code", "name"))
    assert len(codes) == 19
    assert codes["751"] == "Aarhus"
    assert codes["657"] == "Herning"
    assert codes["760"] == "Ringkøbing-Skjern"
    assert codes["741"] == "Samsø"
    assert codes["615"] == "Horsens"
    assert all(len(code) == 3 and code.isdigit() for code in codes)


def test_the_case_papers_four_industries() -> None:
    assert set(Industry.objects.values_list("name", flat=True)) >= {
        "Landbrug",
        "Turisme",
        "Små håndværkervirksomheder",
        "Tekstil og mode",
    }


def test_a_municipality_can_be_added() -> None:
    # The list is extendable: a new municipality is a row, not code.
    Municipality.objects.create(code="101", name="København")
    assert Municipality.objects.count() == 20
