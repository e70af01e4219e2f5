"""The expenditure import reads an amount cell as every money input reads typed text.

An outside probe found "١٢٣" imported as 123 kr.: a text cell is now read by the amount field
(`core.fields.AmountField`), and a number cell must be whole kroner within the same limits.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from spending.models import ExpenditureLine
from tests.spending.test_import import GOOD, _upload, _xlsx
from tests.spending.world import World

pytestmark = pytest.mark.django_db


def _row(amount: object) -> list[object]:
    return [*GOOD[:-1], amount]


@pytest.fixture
def secretariat(world: World) -> Client:
    client = Client()
    client.force_login(world.secretariat)
    return client


def test_text_and_number_cells_are_read_as_typed_amounts(world: World, secretariat: Client) -> None:
    report = world.report()
    cells: list[object] = ["180.000", "180 000 kr.", "12.000,00", "1.500,-", 40_000, 2_500.0]
    response = _upload(secretariat, report, _xlsx([_row(cell) for cell in cells]))
    assert response.status_code == 302
    assert list(report.lines.order_by("pk").values_list("amount", flat=True)) == [
        180_000,
        180_000,
        12_000,
        1_500,
        40_000,
        2_500,
    ]


@pytest.mark.parametrize(
    ("cell", "code", "message"),
    [
        ("١٢٣", "digits", "“١٢٣” har andre cifre end 0–9"),
        ("１２３", "digits", "“１２３” har andre cifre end 0–9"),
        ("1.5", "ambiguous", "“1.5” er ikke et beløb i hele kroner: det kan læses på"),
        ("180,000", "ambiguous", "“180,000” er ikke et beløb i hele kroner"),
        ("12.000,50", "decimals", "“12.000,50” er ikke hele kroner"),
        (12.5, "decimals", "“12,5” er ikke hele kroner"),
        ("-5", "negative", "“-5” er negativt"),
        (-5, "negative", "“-5” er negativt"),
        (10**11, "too_large", "“100000000000” ligger ud over grænsen på 10.000.000.000 kr."),
        ("abc", "invalid", "“abc” er ikke et beløb i hele kroner"),
        (True, "invalid", "er ikke et beløb i hele kroner"),
        (datetime.datetime(2017, 1, 1), "invalid", "er ikke et beløb i hele kroner"),
    ],
)
def test_a_cell_that_is_no_amount_is_refused_with_its_row_and_nothing_is_saved(
    world: World, secretariat: Client, cell: object, code: str, message: str
) -> None:
    report = world.report()
    response = _upload(secretariat, report, _xlsx([GOOD, _row(cell)]))
    assert response.status_code == 200
    errors = [(e.row, e.column, e.code) for e in response.context["row_errors"]]
    assert errors == [(3, "amount", code)]
    assert message in response.context["row_errors"][0].message
    assert not ExpenditureLine.objects.exists()
