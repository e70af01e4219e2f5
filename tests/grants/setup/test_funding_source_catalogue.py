"""The region's list of funding sources, kept by staff on pages of their own (not only in the
admin): list, create, edit, delete with confirmation and undo, with the admin's invariants,
through the same services as the admin."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from grants.models import FundingSource
from grants.setup.catalogue import funding_source_delete, funding_source_save
from tests.factories import (
    AdministratorFactory,
    DecisionFactory,
    FinancingLineFactory,
    FundingSourceFactory,
    ProjectFundingSourceFactory,
)
from tests.grants.setup.conftest import queries_of

pytestmark = pytest.mark.django_db

LIST = reverse("grants:fundingsource_list")
CREATE = reverse("grants:fundingsource_create")


def _history_authors(source_pk: int) -> list[tuple[str, int | None]]:
    return list(
        FundingSource.history.filter(id=source_pk)
        .order_by("history_date")
        .values_list("history_type", "history_user_id")
    )


def test_staff_create_a_funding_source_placed_last_and_named_in_its_history(
    client_of: Client, staff: User
) -> None:
    FundingSourceFactory.create(name="EU's Socialfond", order=4)
    response = client_of.post(
        CREATE,
        {
            "name": "Danmarks Erhvervsfremmebestyrelse",
            "kind": "municipal_state",
            "recommendation_phrase": "midlerne fra Danmarks Erhvervsfremmebestyrelse",
            "order": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == LIST
    source = FundingSource.objects.get(name="Danmarks Erhvervsfremmebestyrelse")
    assert source.order == 5
    assert _history_authors(source.pk) == [("+", staff.pk)]


def test_staff_edit_a_funding_source(client_of: Client) -> None:
    source = FundingSourceFactory.create(name="REM", kind="regional")
    url = reverse("grants:fundingsource_update", args=[source.pk])
    assert "REM" in client_of.get(url).content.decode()
    response = client_of.post(
        url,
        {
            "name": "Region Midtjylland REM midler",
            "kind": "regional",
            "recommendation_phrase": "de regionale erhvervsudviklingsmidler",
            "order": "2",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.name, source.order) == ("Region Midtjylland REM midler", 2)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "kind": "esf"}, "Dette felt er påkrævet."),
        ({"name": "Ny kilde", "kind": "lottery"}, "Marker en gyldig valgmulighed."),
        (
            {"name": "eu's socialfond ", "kind": "esf"},
            "Regionen har allerede en finansieringskilde",
        ),
        ({"name": "Ny kilde", "kind": "esf", "order": "-1"}, 'id="id_order_error"'),
    ],
)
def test_bad_funding_source_input_is_refused_with_a_danish_message(
    client_of: Client, data: dict[str, str], message: str
) -> None:
    FundingSourceFactory.create(name="EU's Socialfond")
    response = client_of.post(CREATE, {"order": "0", **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FundingSource.objects.count() == 1


def test_the_service_keeps_the_names_unique_for_the_admin_too(staff: User) -> None:
    FundingSourceFactory.create(name="Private")
    with pytest.raises(ValidationError):
        funding_source_save(source=FundingSource(name="Private", kind="private"), by=staff)


def test_deleting_asks_first_and_then_offers_undo(client_of: Client, staff: User) -> None:
    source = FundingSourceFactory.create(name="Udgået pulje")
    url = reverse("grants:fundingsource_delete", args=[source.pk])
    page = client_of.get(url).content.decode()
    assert "Slet Udgået pulje fra regionens finansieringskilder?" in page
    assert FundingSource.objects.filter(pk=source.pk).exists()
    response = client_of.post(url, follow=True)
    assert not FundingSource.objects.filter(pk=source.pk).exists()
    restore = reverse("grants:fundingsource_restore", args=[source.pk])
    assert f'action="{restore}"' in response.content.decode()
    client_of.post(restore)
    assert FundingSource.objects.get(pk=source.pk).name == "Udgået pulje"
    assert [kind for kind, _by in _history_authors(source.pk)] == ["+", "-", "+"]
    assert {by for _kind, by in _history_authors(source.pk)[1:]} == {staff.pk}


def test_a_source_in_use_cannot_be_deleted_and_the_page_says_by_what(
    client_of: Client, staff: User
) -> None:
    source = FundingSourceFactory.create(name="EU's Socialfond")
    ProjectFundingSourceFactory.create(funding_source=source)
    FinancingLineFactory.create(decision=DecisionFactory.create(), funding_source=source)
    url = reverse("grants:fundingsource_delete", args=[source.pk])
    page = client_of.get(url).content.decode()
    assert "EU&#x27;s Socialfond bruges af" in page
    assert "kan ikke slettes" in page
    assert 'type="submit"' not in page.split('id="main-content"', 1)[1]
    response = client_of.post(url, follow=True)
    assert "kan ikke slettes" in response.content.decode()
    assert FundingSource.objects.filter(pk=source.pk).exists()
    with pytest.raises(ValidationError):
        funding_source_delete(source=source, by=staff)


def test_the_admin_deletes_through_the_service_and_names_the_administrator() -> None:
    admin = AdministratorFactory.create()
    client = Client()
    client.force_login(admin)
    source = FundingSourceFactory.create(name="Midlertidig")
    url = reverse("admin:grants_fundingsource_delete", args=[source.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not FundingSource.objects.filter(pk=source.pk).exists()
    assert _history_authors(source.pk)[-1] == ("-", admin.pk)


def test_the_list_filters_by_name_or_phrase_and_kind(client_of: Client) -> None:
    FundingSourceFactory.create(name="EU's Socialfond", kind="esf")
    FundingSourceFactory.create(
        name="REM", kind="regional", recommendation_phrase="de regionale erhvervsudviklingsmidler"
    )
    page = client_of.get(LIST, {"q": "erhvervsudvikling"}).content.decode()
    assert ">REM</a>" in page
    assert "Socialfond" not in page.split("<table", 1)[1]
    page = client_of.get(LIST, {"kind": "esf"}).content.decode()
    assert "EU&#x27;s Socialfond" in page
    assert ">REM</a>" not in page


def test_the_list_shows_how_many_projects_chose_each_source(client_of: Client) -> None:
    source = FundingSourceFactory.create(name="Kommune/Stat")
    ProjectFundingSourceFactory.create_batch(3, funding_source=source)
    page = client_of.get(LIST).content.decode()
    edit = reverse("grants:fundingsource_update", args=[source.pk])
    row = page.split(f'<a href="{edit}">', 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'<td class="amount">(\d+)</td>', row) == [str(source.order), "3"]


def test_the_list_reads_as_many_queries_for_many_sources_as_for_two(client_of: Client) -> None:
    for _ in range(2):
        ProjectFundingSourceFactory.create()
    small = queries_of(client_of, LIST)
    for _ in range(12):
        ProjectFundingSourceFactory.create()
    assert queries_of(client_of, LIST) == small


def test_the_programmes_and_a_projects_sources_link_to_the_catalogue(client_of: Client) -> None:
    choice = ProjectFundingSourceFactory.create()
    programmes = client_of.get(reverse("grants:programme_list")).content.decode()
    assert f'href="{LIST}"' in programmes
    chosen = reverse("grants:projectfundingsource_list", args=[choice.project_id])
    assert f'href="{LIST}"' in client_of.get(chosen).content.decode()
