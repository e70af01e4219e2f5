"""The autocomplete for long selects: its field finds the row by a chosen id or by the typed
text (without JavaScript), its JSON views answer from the user's own rows, never an error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from companies.choices import CompanyField
from companies.models import Company
from grants.models import Case
from grants.suggest import CaseField
from meetings.models import AgendaItem
from tests.factories import (
    CaseFactory,
    CompanyFactory,
    MembershipFactory,
    ProjectFactory,
    SecretariatFactory,
    StaffFactory,
)
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_field_takes_the_chosen_id_or_finds_the_row_by_its_text() -> None:
    hotel = CompanyFactory.create(name="Fjordhotellet")
    CompanyFactory.create(name="Fjordbageriet")
    field = CompanyField(queryset=Company.objects.all())
    assert field.clean({"pk": str(hotel.pk), "text": "anything"}) == hotel
    # Without JavaScript only the text comes: a part that names one row, or its CVR number.
    assert field.clean({"pk": "", "text": "hotel"}) == hotel
    assert field.clean({"pk": "", "text": hotel.cvr}) == hotel
    # The label a suggestion shows names its row too.
    assert field.clean({"pk": "", "text": f"Fjordhotellet ({hotel.cvr})"}) == hotel
    with pytest.raises(ValidationError) as several:
        field.clean({"pk": "", "text": "fjord"})
    assert several.value.code == "ambiguous"
    with pytest.raises(ValidationError) as none:
        field.clean({"pk": "", "text": "nowhere"})
    assert none.value.code == "not_found"


def test_an_id_outside_the_users_rows_is_refused() -> None:
    mine, other = CaseFactory.create(), CaseFactory.create()
    field = CaseField(queryset=Case.objects.filter(pk=mine.pk))
    assert field.clean({"pk": str(mine.pk), "text": ""}) == mine
    for pk in (str(other.pk), "abc", "9" * 30):
        with pytest.raises(ValidationError):
            field.clean({"pk": pk, "text": ""})


def test_the_widget_shows_the_chosen_rows_label_and_keeps_its_id() -> None:
    case = CaseFactory.create(title="Robotter i Randers")
    field = CaseField(queryset=Case.objects.all())
    html = field.widget.render("case", case.pk, attrs={"id": "id_case"})
    assert f'value="Robotter i Randers ({case.project.name})"' in html
    assert f'<input type="hidden" name="case" value="{case.pk}"' in html
    assert 'name="case_text"' in html and 'role="listbox"' in html
    assert 'src="/static/js/autocomplete.js"' in html
    # The combobox's role is the script's to set: without it the field is a plain text field.
    assert 'role="combobox"' not in html


def test_the_case_choices_are_the_users_own_cases() -> None:
    mine = ProjectFactory.create(name="Robotter")
    theirs = ProjectFactory.create(name="Robotter andetsteds")
    CaseFactory.create(title="Ansøgning", project=mine)
    CaseFactory.create(title="Ansøgning", project=theirs)
    url = reverse("grants:case_choices")
    staff = _client(StaffFactory.create()).get(url, {"q": "robotter"}).json()
    assert [r["label"] for r in staff["results"]] == [
        "Ansøgning (Robotter)",
        "Ansøgning (Robotter andetsteds)",
    ]
    secretary = SecretariatFactory.create()
    MembershipFactory.create(user=secretary, project=mine)
    answer = _client(secretary).get(url, {"q": "robotter"})
    labels = [r["label"] for r in answer.json()["results"]] if answer.status_code == 200 else []
    assert "Ansøgning (Robotter andetsteds)" not in labels


def test_the_company_choices_answer_any_text_without_an_error() -> None:
    hotel = CompanyFactory.create(name="Fjordhotellet")
    client = _client(StaffFactory.create())
    url = reverse("companies:company_choices")
    assert client.get(url, {"q": "hotel"}).json() == {
        "results": [{"id": hotel.pk, "label": f"Fjordhotellet ({hotel.cvr})"}]
    }
    for text in ("", "   ", "\x00", "x" * 500, "%", "_"):
        response = client.get(url, {"q": text})
        assert response.status_code == 200
        assert isinstance(response.json()["results"], list)
    assert client.get(url, {"q": "x" * 500}).json() == {"results": []}


def test_a_case_is_put_on_the_agenda_by_its_typed_title_without_javascript() -> None:
    meeting = MeetingFactory.create()
    case = CaseFactory.create(title="Grøn omstilling i Herning")
    client = _client(StaffFactory.create())
    url = reverse("meetings:item_add", args=[meeting.pk])
    client.post(url, {"case": "", "case_text": "omstilling", "kind": "decision"})
    assert AgendaItem.objects.filter(meeting=meeting, case=case).exists()
