"""The amount table (amount_cases.json) read by the parser and by the form fields.

The same table is read by the browser's parser (static/js/amounts.js) in
tests/browser/test_amount_fields.py, so the echo and the save can never read a text apart.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from core import amounts
from core.amounts import Code, Mode
from core.fields import AmountField, PercentField

TABLE = Path(__file__).with_name("amount_cases.json")


def amount_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = json.loads(TABLE.read_text(encoding="utf-8"))["cases"]
    return cases


CASES = amount_cases()


def case_id(case: dict[str, Any]) -> str:
    extras = "".join(f"-{key}" for key in ("signed", "places") if key in case)
    return f"{case['language']}-{case['mode']}{extras}-{case['text']!a}"


def parse(case: dict[str, Any]) -> int | Decimal | None:
    """The row's text read by the parser, in the row's language."""
    with translation.override(case["language"]):
        group, decimal = amounts.separators()
    if case["mode"] == Mode.PERCENT:
        return amounts.parse_percent(
            case["text"], group=group, decimal=decimal, places=case.get("places", 2)
        )
    return amounts.parse_kroner(
        case["text"],
        group=group,
        decimal=decimal,
        thousands=case["mode"] == Mode.THOUSANDS,
        signed=case.get("signed", False),
    )


def expected(case: dict[str, Any]) -> int | Decimal | None:
    value = case["value"]
    return Decimal(value) if isinstance(value, str) else value


def field_for(case: dict[str, Any]) -> AmountField | PercentField:
    if case["mode"] == Mode.PERCENT:
        return PercentField(required=False, places=case.get("places", 2))
    return AmountField(required=False, mode=Mode(case["mode"]), negative=case.get("signed", False))


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_parser_reads_each_case_of_the_table(case: dict[str, Any]) -> None:
    if "refusal" in case:
        with pytest.raises(amounts.AmountRefused) as refused:
            parse(case)
        assert refused.value.code == case["refusal"]
    else:
        assert parse(case) == expected(case)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_the_form_field_cleans_each_case_and_quotes_a_refused_text(case: dict[str, Any]) -> None:
    field = field_for(case)
    with translation.override(case["language"]):
        if "refusal" not in case:
            assert field.clean(case["text"]) == expected(case)
            return
        with pytest.raises(ValidationError) as refusal:
            field.clean(case["text"])
    assert refusal.value.code == case["refusal"]
    assert f"“{amounts.quoted(case['text'])}”" in refusal.value.messages[0]


@pytest.mark.parametrize("mode", list(Mode))
def test_the_table_holds_every_refusal_of_every_kind_of_field(mode: Mode) -> None:
    refusals = {case["refusal"] for case in CASES if case["mode"] == mode and "refusal" in case}
    assert refusals == set(Code)
    for language in ("da", "en"):
        assert any(c["mode"] == mode and c["language"] == language for c in CASES)


@pytest.mark.parametrize(
    ("text", "mode", "message"),
    [
        (
            "1.5",
            Mode.KRONER,
            "“1.5” er ikke et beløb i hele kroner: det kan læses på mere end én måde. "
            "Skriv fx 180.000 eller 180000.",
        ),
        ("12,5", Mode.KRONER, "“12,5” er ikke hele kroner: angiv beløbet uden øre."),
        (
            "١٢٣",
            Mode.KRONER,
            "“١٢٣” har andre cifre end 0–9: skriv tallet med cifrene 0–9.",
        ),
        ("-5", Mode.KRONER, "“-5” er negativt: beløbet kan ikke være under 0 kr."),
        (
            "10.000.000.001",
            Mode.KRONER,
            "“10.000.000.001” ligger ud over grænsen på 10.000.000.000 kr.",
        ),
        (
            "1.5",
            Mode.THOUSANDS,
            "“1.5” er ikke et beløb i 1.000 kr.: det kan læses på mere end én måde. "
            "Skriv fx 1.500 eller 1,5.",
        ),
        (
            "1,2345",
            Mode.THOUSANDS,
            "“1,2345” er ikke hele kroner: i 1.000 kr. højst tre decimaler.",
        ),
        (
            "15.00",
            Mode.PERCENT,
            "“15.00” er ikke en procentsats: den kan læses på mere end én måde. "
            "Skriv fx 15 eller 15,5.",
        ),
        ("15,555", Mode.PERCENT, "“15,555” har for mange decimaler: angiv højst 2."),
        ("150", Mode.PERCENT, "“150” er mere end 100 %."),
    ],
)
def test_a_refusal_says_in_danish_what_it_read(text: str, mode: Mode, message: str) -> None:
    field = PercentField() if mode == Mode.PERCENT else AmountField(mode=mode)
    with translation.override("da"), pytest.raises(ValidationError) as refusal:
        field.clean(text)
    assert refusal.value.messages == [message]


def test_a_long_text_is_quoted_in_part() -> None:
    with translation.override("da"), pytest.raises(ValidationError) as refusal:
        AmountField().clean("x" * 500)
    assert refusal.value.messages[0].startswith(f"“{'x' * 30}…” er ikke et beløb")


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if "value" in c and c["value"] is not None and c["mode"] != Mode.PERCENT],
    ids=case_id,
)
def test_a_stored_amount_is_shown_so_that_it_reads_back_the_same(case: dict[str, Any]) -> None:
    field = field_for(case)
    with translation.override(case["language"]):
        shown = field.prepare_value(case["value"])
        assert field.clean(shown) == case["value"]


@pytest.mark.parametrize("language", ["da", "en"])
def test_a_stored_percentage_is_shown_so_that_it_reads_back_the_same(language: str) -> None:
    field = PercentField()
    with translation.override(language):
        for value in (Decimal("18.00"), Decimal("15.50"), Decimal("0.01"), Decimal("100.00")):
            assert field.clean(field.prepare_value(value)) == value


def test_the_input_is_text_with_a_keyboard_for_numbers_and_an_echo() -> None:
    class PaymentForm(forms.Form):
        amount = AmountField(negative=True)

    with translation.override("en"):
        html = str(PaymentForm(initial={"amount": -1500})["amount"])
    assert 'value="-1,500"' in html
    assert 'type="text"' in html and 'type="number"' not in html
    assert 'inputmode="text"' in html  # a signed amount: a number pad has no minus
    assert 'data-amount-group=","' in html and 'data-amount-decimal="."' in html
    assert "data-amount-signed" in html
    assert '<span class="amount-echo" id="id_amount_echo" aria-live="polite"' in html
    assert 'data-refuse-kroner-ambiguous="“{text}” is not an amount in whole kroner' in html
    assert 'data-read-kroner="Read as {number} kr."' in html
