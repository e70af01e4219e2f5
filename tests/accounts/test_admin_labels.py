"""The admin names every input it shows without a label beside it (accounts.admin_site)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.factories import IndustryAssociationFactory, LabourMarketAreaFactory, UserFactory

pytestmark = pytest.mark.django_db


class Inputs(HTMLParser):
    """Every form control of a page, by name, with its attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: dict[str, dict[str, str | None]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag in {"input", "select", "textarea"} and found.get("type") != "hidden":
            self.controls[str(found.get("name"))] = found


def controls(client: Client, url: str) -> dict[str, dict[str, str | None]]:
    response = client.get(url)
    assert response.status_code == 200
    parser = Inputs()
    parser.feed(response.content.decode())
    return parser.controls


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(UserFactory.create(is_staff=True, is_superuser=True))
    return client


def test_a_tabular_inlines_inputs_are_named_by_their_column(admin_client: Client) -> None:
    association = IndustryAssociationFactory.create(name="Vestjysk Landboforening")
    url = reverse("admin:companies_industry_change", args=[association.industry_id])
    found = controls(admin_client, url)
    row = {name: attrs for name, attrs in found.items() if "-0-" in name}
    assert row, f"no inline row among {sorted(found)}"
    assert all(attrs.get("aria-label") for attrs in row.values()), row
    # The new row's template, copied by the admin's script when a row is added, too.
    template = {name: attrs for name, attrs in found.items() if "__prefix__" in name}
    assert template and all(attrs.get("aria-label") for attrs in template.values())


def test_a_lists_editable_column_is_named(admin_client: Client) -> None:
    LabourMarketAreaFactory.create()
    found = controls(admin_client, reverse("admin:companies_municipality_changelist"))
    selects = [attrs for name, attrs in found.items() if name.endswith("-labour_market_area")]
    assert selects, sorted(found)
    assert all(attrs.get("aria-label") for attrs in selects)


def test_the_two_inputs_of_a_date_and_time_are_named_apart(admin_client: Client) -> None:
    user = User.objects.get(is_superuser=True)
    found = controls(admin_client, reverse("admin:auth_user_change", args=[user.pk]))
    date, time = found["last_login_0"].get("aria-label"), found["last_login_1"].get("aria-label")
    assert date and time and date != time
    # A field with a label of its own beside it keeps it, with no second name.
    assert "aria-label" not in found["username"]
