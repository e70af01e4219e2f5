"""Who reaches the set-up pages: regional staff and administrators, nobody else.

The permission matrix (tests/test_permission_matrix.py) holds every URL × role; here the same
refusals are asked of a project's own secretariat with every method, and of the menu.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from grants.models import EffortArea, Organisation, Programme, ProjectFundingSource
from tests.factories import (
    AdministratorFactory,
    EffortAreaFactory,
    ForumMemberFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectFundingSourceFactory,
    SecretariatFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(db: None) -> dict[str, list[str]]:
    project = ProjectFactory.create(name="Eget projekt")
    area = EffortAreaFactory.create(project=project)
    choice = ProjectFundingSourceFactory.create(project=project)
    organisation = OrganisationFactory.create()
    member = SecretariatFactory.create(username="member")
    MembershipFactory.create(user=member, project=project)

    def url(name: str, *args: int) -> str:
        return reverse(f"grants:{name}", args=args)

    return {
        "get": [
            url("programme_list"),
            url("programme_create"),
            url("programme_update", project.programme_id),
            url("organisation_list"),
            url("organisation_create"),
            url("organisation_update", organisation.pk),
            url("project_create"),
            url("project_update", project.pk),
            url("effortarea_list", project.pk),
            url("effortarea_create", project.pk),
            url("effortarea_update", area.pk),
            url("projectfundingsource_list", project.pk),
            # The confirmation pages of the actions that retire, delete or remove.
            url("effortarea_retire", area.pk),
            url("effortarea_delete", area.pk),
            url("projectfundingsource_remove", choice.pk),
        ],
        "post": [
            url("programme_create"),
            url("programme_update", project.programme_id),
            url("organisation_create"),
            url("organisation_update", organisation.pk),
            url("project_create"),
            url("project_update", project.pk),
            url("effortarea_create", project.pk),
            url("effortarea_update", area.pk),
            url("effortarea_move", area.pk),
            url("effortarea_retire", area.pk),
            url("effortarea_delete", area.pk),
            url("projectfundingsource_add", project.pk),
            url("projectfundingsource_move", choice.pk),
            url("projectfundingsource_remove", choice.pk),
        ],
    }


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["member", "forum"])
def test_the_secretariat_and_the_forum_are_refused_every_set_up_page(
    urls: dict[str, list[str]], who: str
) -> None:
    user = User.objects.get(username="member") if who == "member" else ForumMemberFactory.create()
    client = _client(user)
    before = (
        Programme.objects.count(),
        Organisation.objects.count(),
        EffortArea.objects.count(),
        ProjectFundingSource.objects.count(),
    )

    for url in urls["get"]:
        assert client.get(url).status_code in (403, 404), url
    for url in urls["post"]:
        assert client.post(url, {"name": "X", "direction": "up"}).status_code in (403, 404), url

    after = (
        Programme.objects.count(),
        Organisation.objects.count(),
        EffortArea.objects.count(),
        ProjectFundingSource.objects.count(),
    )
    assert after == before


def test_an_unknown_area_or_source_is_a_404_for_staff(client_of: Client) -> None:
    for name in ("effortarea_update", "projectfundingsource_list", "effortarea_list"):
        assert client_of.get(reverse(f"grants:{name}", args=[999_999])).status_code == 404
    for name in ("effortarea_move", "projectfundingsource_remove"):
        assert client_of.post(reverse(f"grants:{name}", args=[999_999])).status_code == 404


def test_the_one_off_actions_take_post_only(client_of: Client, urls: dict[str, list[str]]) -> None:
    actions = [u for u in urls["post"] if u not in urls["get"]]
    for url in actions:
        assert client_of.get(url).status_code == 405, url


def test_the_menu_names_programmes_and_organisations_for_staff_and_administrators_only(
    client_of: Client, urls: dict[str, list[str]]
) -> None:
    entries = (reverse("grants:programme_list"), reverse("grants:organisation_list"))
    home = reverse("grants:project_list")

    for client in (client_of, _client(AdministratorFactory.create())):
        page = client.get(home).content.decode()
        assert all(f'href="{url}"' in page for url in entries)
    for user in (User.objects.get(username="member"), ForumMemberFactory.create()):
        page = _client(user).get(home).content.decode()
        assert not any(f'href="{url}"' in page for url in entries)
