"""No download is kept in a cache: exports hold personal data and undecided budgets."""

from __future__ import annotations

import pytest
from django.http import HttpResponseBase
from django.urls import reverse

from grants.models import Project
from tests.participants.world import build_world, client_for, grant

pytestmark = pytest.mark.django_db


def _not_stored(response: HttpResponseBase) -> None:
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= cache_control


def test_the_course_export_with_participant_references_is_not_stored() -> None:
    world = build_world()
    _not_stored(client_for(world.secretary).get(reverse("participants:course_export")))


def test_the_data_subject_export_is_not_stored() -> None:
    world = build_world()
    grant(world.secretary, "view_special_categories")
    url = reverse("participants:participant_export_personal_data", args=[world.participant.pk])
    _not_stored(client_for(world.secretary).get(url))


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "pdf"])
def test_a_budget_export_is_not_stored(seed: Project, fmt: str) -> None:
    world = build_world()
    url = reverse("grants:budget_table_export", args=["project", seed.pk, fmt])
    _not_stored(client_for(world.staff).get(url))
