"""Documents and pages name people by name and write dates the Danish way.

Prose writes a date out ("11. august 2017"), tables write it short ("07.12.2026"), workbooks hold
real dates shown "dd.mm.yyyy"; a one-year period reads "2021"; a person is "Mette Kjær", never
the login "regional2" (which is shown only for an account that has no name).
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from openpyxl import load_workbook

from core.people import name_of, person_name
from core.periods import year_span
from grants.cases.pdf import case_pdf
from grants.cases.presentation import case_presentation
from grants.models import Case, CaseAttachment, EffortArea, Project
from spending.models import Payment
from spending.services import payments
from tests.factories import DecisionFactory, ProjectFactory, StaffFactory, UserFactory
from tests.grants.cases.test_case_pdf import pdf_text
from tests.participants.world import build_world, client_for
from tests.spending.world import build_world as spending_world

DAY = datetime.date(2026, 12, 7)


# The helpers --------------------------------------------------------------------------------


def test_the_danish_formats_are_prose_and_short() -> None:
    with translation.override("da"):
        assert date_format(DAY) == "7. december 2026"
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "07.12.2026"
        assert date_format(datetime.datetime(2026, 12, 7, 9, 5), "DATETIME_FORMAT") == (
            "7. december 2026 09:05"
        )
    with translation.override("en"):
        assert date_format(DAY) == "7 December 2026"
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "07.12.2026"


def test_a_one_year_period_is_one_year() -> None:
    assert year_span(2021, 2021) == "2021"
    assert year_span(2019, 2020) == "2019–2020"
    assert year_span(2021, None) == "2021"


@pytest.mark.django_db
def test_a_person_is_named_by_name_and_by_login_only_without_one() -> None:
    named = UserFactory.create(username="regional2", first_name="Mette", last_name="Kjær")
    nameless = UserFactory.create(username="secretariat", first_name="", last_name="")
    assert person_name(named) == "Mette Kjær"
    assert person_name(nameless) == "secretariat"
    assert person_name(None) == "–"
    assert name_of("", "", "regional2") == "regional2"
    assert name_of("Mette", "Kjær", "regional2") == "Mette Kjær"


# Pages and documents ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_payments_page_names_proposer_and_authoriser() -> None:
    world = spending_world()
    proposer = StaffFactory.create(username="regional", first_name="Karen", last_name="Elsgaard")
    authoriser = StaffFactory.create(username="regional2", first_name="Mette", last_name="Kjær")
    payment = payments.payment_propose(
        project=world.project,
        funding_source=world.source,
        kind=Payment.Kind.ADVANCE,
        amount=100_000,
        dated=DAY,
        by=proposer,
    )
    payments.payment_authorise(payment=payment, by=authoriser)
    page = client_for(world.staff).get(reverse("spending:payment_list")).content.decode()
    assert "Karen Elsgaard" in page and "Mette Kjær" in page
    assert ">regional<" not in page and ">regional2<" not in page
    assert "07.12.2026" in page  # the payment's date, in a table


@pytest.mark.django_db
def test_the_case_pdf_writes_dates_out_and_no_dash_for_an_area_without_description(
    seed: Project, tmp_path: Path
) -> None:
    case = Case.objects.get()
    assert EffortArea.objects.filter(project=seed, name="Indslusning").update(description="") == 1
    dated = CaseAttachment.objects.filter(case=case).exclude(dated=None).first()
    assert dated is not None and dated.dated is not None
    text = " ".join(pdf_text(case_pdf(case_presentation(case)), tmp_path).split())
    with translation.override("da"):
        written = date_format(dated.dated)
    assert f"{dated.title} dateret {written}" in text
    assert dated.dated.isoformat() not in text
    assert "Indslusning –" not in text and "Indslusning" in text
    # The seed case's figures stay exact.
    assert "i alt 12 mio. kr. i perioden 2018 til 2020" in text


@pytest.mark.django_db
def test_a_one_year_decision_reads_one_year_on_its_page(staff_client: Client) -> None:
    decision = DecisionFactory.create(
        project=ProjectFactory.create(), first_year=2021, last_year=2021
    )
    page = staff_client.get(decision.get_absolute_url()).content.decode()
    assert "2021–2021" not in page
    assert "<dd>2021" in page


@pytest.mark.django_db
def test_the_course_workbook_holds_real_dates_shown_the_danish_way() -> None:
    world = build_world()
    response = client_for(world.secretary).get(reverse("participants:course_export"))
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    dates = [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, datetime.date | datetime.datetime)
    ]
    assert dates, "the export holds dates"
    assert {cell.number_format for cell in dates} == {"dd.mm.yyyy"}
