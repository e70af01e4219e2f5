"""Every money input, on the pages and in the admin, is one text field read by one parser.

An outside probe found "180.000" typed into the spending forms stored as 180 kr. without a word
(they were number inputs), and "15,00" in the flat rate read as 1500. Here each kind of money
input is opened (a text input with a number keyboard and an echo beside it, never
`type=number`), given the amount table's cases (tests/core/amount_cases.json) and hostile text,
and the stored value read back: the amount the table says, or nothing stored and the refusal,
which quotes the text, shown at the field.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from core import model_fields
from core.amounts import Mode
from core.fields import AmountField, PercentField
from grants.models import BudgetLine, Case, GrantDecision, Recommendation
from grants.services import decision_save_lines
from spending.models import ExpenditureLine, Payment, SpendingReport
from spending.services import payments
from spending.services import reports as report_services
from tests.core.test_amounts import CASES, case_id
from tests.factories import CaseFactory, DecisionFactory
from tests.spending.world import World, build_world

pytestmark = pytest.mark.django_db

Data = dict[str, Any]


@dataclass
class Money:
    """The spending tests' world, with a draft decision on a case, a draft report with a line,
    and a submitted report whose line awaits review."""

    world: World
    draft: GrantDecision
    case: Case
    report: SpendingReport
    submitted: SpendingReport
    line: ExpenditureLine

    def client(self, who: str) -> Client:
        client = Client()
        client.force_login(getattr(self.world, who))
        return client


def build_money() -> Money:
    world = build_world()
    draft = DecisionFactory.create(project=world.project, first_year=2017, last_year=2018)
    decision_save_lines(
        decision=draft,
        budget={(world.area.pk, 2017): 1_000_000},
        financing={(world.source.pk, 2017): 1_000_000},
        by=world.staff,
    )
    case = CaseFactory.create(project=world.project)
    draft.cases.add(case)
    report = world.report(
        period_start=datetime.date(2017, 7, 1), period_end=datetime.date(2017, 12, 31)
    )
    submitted = world.report()
    line = world.line(submitted, amount=400_000)
    assert isinstance(line, ExpenditureLine)
    report_services.report_submit(report=submitted, by=world.secretariat)
    # Paid already, so that a recovery (a payment below 0) can be proposed.
    advance = payments.payment_propose(
        project=world.project,
        funding_source=world.source,
        kind=Payment.Kind.ADVANCE,
        amount=100_000,
        dated=datetime.date(2017, 3, 1),
        report=None,
        note="",
        by=world.staff,
    )
    payments.payment_authorise(payment=advance, by=world.other_staff)
    return Money(world, draft, case, report, submitted, line)


@pytest.fixture
def money() -> Money:
    return build_money()


@dataclass(frozen=True)
class Input:
    """One kind of money input: who opens it where, how its form is posted, what it stores."""

    kind: str
    who: str
    mode: Mode
    page: Callable[[Money], str]
    name: Callable[[Money], str]
    post: Callable[[Money, str], tuple[str, Data]]
    stored: Callable[[Money], object]
    signed: bool = False


def _rows(prefix_data: Data) -> Data:
    return {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        **{f"rows-0-{key}": value for key, value in prefix_data.items()},
    }


def _grid(unit: str) -> Callable[[Money, str], tuple[str, Data]]:
    def post(m: Money, text: str) -> tuple[str, Data]:
        data = {
            "version": str(GrantDecision.objects.get(pk=m.draft.pk).version),
            "unit": unit,
            "shown_unit": unit,
            f"b_{m.world.area.pk}_2017": text,
            f"f_{m.world.source.pk}_2017": "1.000.000" if unit == "kr" else "1.000",
        }
        return reverse("grants:decision_budget", args=[m.draft.pk]), data

    return post


def _grid_page(m: Money) -> str:
    return reverse("grants:decision_budget", args=[m.draft.pk])


def _grid_page_in_thousands(m: Money) -> str:
    return f"{_grid_page(m)}?unit=1000"


def _cell(m: Money) -> str:
    return f"b_{m.world.area.pk}_2017"


def _budget(m: Money) -> object:
    return list(BudgetLine.objects.filter(decision=m.draft).values_list("amount", flat=True))


def _recommendations(m: Money) -> str:
    return reverse("grants:case_recommendations", args=[m.case.pk, m.draft.pk])


def _disbursements(m: Money) -> str:
    return reverse("grants:case_disbursements", args=[m.case.pk, m.draft.pk])


def _line_create(m: Money) -> str:
    return reverse("spending:line_create", args=[m.report.pk])


def _line_post(m: Money, text: str) -> tuple[str, Data]:
    return _line_create(m), {
        "spent_on": "2017-08-01",
        "paid_on": "2017-08-05",
        "effort_area": m.world.area.pk,
        "cost_category": m.world.external.pk,
        "description": "Mentorforløb",
        "invoice_number": "F-9",
        "amount": text,
    }


def _report_update(m: Money) -> str:
    return reverse("spending:report_update", args=[m.report.pk])


def _report_post(m: Money, text: str) -> tuple[str, Data]:
    return _report_update(m), {
        "period_start": "2017-07-01",
        "period_end": "2017-12-31",
        "status_text": "",
        "forecast": text,
    }


def _review_post(m: Money, text: str) -> tuple[str, Data]:
    prefix = f"line-{m.line.pk}"
    return reverse("spending:line_review", args=[m.line.pk]), {
        f"{prefix}-outcome": "reduced",
        f"{prefix}-accepted_amount": text,
        f"{prefix}-reason": "Fakturaen dækker også 2016.",
    }


def _payment_create(m: Money) -> str:
    return reverse("spending:payment_create", args=[m.world.project.pk])


def payment_kind(text: str) -> str:
    """A payment below 0 is a correction (a recovery)."""
    return "correction" if text.strip().startswith(("-", "−")) else "advance"


def _payment_post(m: Money, text: str) -> tuple[str, Data]:
    return _payment_create(m), {
        "funding_source": m.world.source.pk,
        "kind": payment_kind(text),
        "amount": text,
        "dated": "2017-09-01",
    }


def _category_update(m: Money) -> str:
    return reverse("spending:category_update", args=[m.world.flat.pk])


def _category_post(m: Money, text: str) -> tuple[str, Data]:
    return _category_update(m), {
        "code": "FLAT18",
        "name": "Indirekte omkostninger",
        "kind": "flat_rate",
        "rate_percent": text,
        "base": m.world.salary.pk,
        "order": "0",
    }


FINANCE = {
    "auditor_threshold": "500.000",
    "final_share_percent": "10",
    "underspend_percent": "75",
    "overspend_tolerance_percent": "10",
    "payment_behind_percent": "25",
}


def _finance_update(m: Money) -> str:
    return reverse("spending:finance_update", args=[m.world.project.programme_id])


def _finance_post(name: str) -> Callable[[Money, str], tuple[str, Data]]:
    def post(m: Money, text: str) -> tuple[str, Data]:
        return _finance_update(m), {**FINANCE, name: text}

    return post


def _finance_value(name: str) -> Callable[[Money], object]:
    def stored(m: Money) -> object:
        m.world.finance.refresh_from_db()
        return getattr(m.world.finance, name)

    return stored


def _admin_payment_post(m: Money, text: str) -> tuple[str, Data]:
    return reverse("admin:spending_payment_add"), {
        "project": m.world.project.pk,
        "funding_source": m.world.source.pk,
        "kind": payment_kind(text),
        "amount": text,
        "dated": "2017-09-01",
        "note": "",
    }


def _admin_finance_post(m: Money, text: str) -> tuple[str, Data]:
    url = reverse("admin:spending_programmefinance_change", args=[m.world.finance.pk])
    return url, {**FINANCE, "programme": m.world.project.programme_id, "underspend_percent": text}


def _amounts(model: Any, **lookup: Any) -> Callable[[Money], object]:
    def stored(m: Money) -> object:
        filters = {key: value(m) for key, value in lookup.items()}
        return list(model.objects.filter(**filters).order_by("pk").values_list("amount", flat=True))

    return stored


def _refreshed(getter: Callable[[Money], Any], name: str) -> Callable[[Money], object]:
    def stored(m: Money) -> object:
        obj = getter(m)
        obj.refresh_from_db()
        return getattr(obj, name)

    return stored


INPUTS = [
    Input("grid", "staff", Mode.KRONER, _grid_page, _cell, _grid("kr"), _budget),
    Input(
        "grid in 1.000 kr.",
        "staff",
        Mode.THOUSANDS,
        _grid_page_in_thousands,
        _cell,
        _grid("1000"),
        _budget,
    ),
    Input(
        "recommendation",
        "staff",
        Mode.KRONER,
        _recommendations,
        lambda m: "rows-0-amount",
        lambda m, text: (
            _recommendations(m),
            _rows(
                {
                    "funding_source": m.world.source.pk,
                    "amount": text,
                    "first_year": "2017",
                    "last_year": "2018",
                }
            ),
        ),
        _amounts(Recommendation, decision=lambda m: m.draft),
    ),
    Input(
        "disbursement",
        "staff",
        Mode.KRONER,
        _disbursements,
        lambda m: "rows-0-amount",
        lambda m, text: (_disbursements(m), _rows({"year": "2017", "amount": text})),
        lambda m: list(m.draft.disbursements.values_list("amount", flat=True)),
    ),
    Input(
        "expenditure line",
        "secretariat",
        Mode.KRONER,
        _line_create,
        lambda m: "amount",
        _line_post,
        _amounts(ExpenditureLine, report=lambda m: m.report),
    ),
    Input(
        "forecast",
        "secretariat",
        Mode.KRONER,
        _report_update,
        lambda m: "forecast",
        _report_post,
        _refreshed(lambda m: m.report, "forecast"),
    ),
    Input(
        "reviewer's amount",
        "staff",
        Mode.KRONER,
        lambda m: m.submitted.get_absolute_url(),
        lambda m: f"line-{m.line.pk}-accepted_amount",
        _review_post,
        _refreshed(lambda m: m.line, "accepted_amount"),
    ),
    Input(
        "payment",
        "staff",
        Mode.KRONER,
        _payment_create,
        lambda m: "amount",
        _payment_post,
        _amounts(Payment, project=lambda m: m.world.project),
        signed=True,
    ),
    Input(
        "flat rate",
        "staff",
        Mode.PERCENT,
        _category_update,
        lambda m: "rate_percent",
        _category_post,
        _refreshed(lambda m: m.world.flat, "rate_percent"),
    ),
    Input(
        "auditor threshold",
        "staff",
        Mode.KRONER,
        _finance_update,
        lambda m: "auditor_threshold",
        _finance_post("auditor_threshold"),
        _finance_value("auditor_threshold"),
    ),
    Input(
        "programme finance percent",
        "staff",
        Mode.PERCENT,
        _finance_update,
        lambda m: "final_share_percent",
        _finance_post("final_share_percent"),
        _finance_value("final_share_percent"),
    ),
    Input(
        "admin payment",
        "admin",
        Mode.KRONER,
        lambda m: reverse("admin:spending_payment_add"),
        lambda m: "amount",
        _admin_payment_post,
        _amounts(Payment, project=lambda m: m.world.project),
        signed=True,
    ),
    Input(
        "admin finance percent",
        "admin",
        Mode.PERCENT,
        lambda m: reverse("admin:spending_programmefinance_change", args=[m.world.finance.pk]),
        lambda m: "underspend_percent",
        _admin_finance_post,
        _finance_value("underspend_percent"),
    ),
]

# Every money input of the admin's change forms, beside those typed into above.
ADMIN_PAGES = [
    ("admin:spending_expenditureline_add", lambda m: [], ["amount"]),
    ("admin:spending_spendingreport_add", lambda m: [], ["forecast"]),
    ("admin:spending_costcategory_add", lambda m: [], ["rate_percent"]),
    (
        "admin:spending_programmefinance_change",
        lambda m: [m.world.finance.pk],
        list(FINANCE),
    ),
    (
        "admin:grants_grantdecision_change",
        lambda m: [m.draft.pk],
        ["budget_lines-0-amount", "financing_lines-0-amount"],
    ),
    ("admin:grants_recommendation_add", lambda m: [], ["amount"]),
    ("admin:grants_disbursement_add", lambda m: [], ["amount"]),
]


# Wide integer and decimal columns that hold no money: a file's size in bytes, the id of the
# object a notification points to.
NOT_MONEY = {("jobs.Job", "result_size"), ("notifications.Notification", "target_id")}
MONEY_FIELDS = (
    model_fields.AmountField,
    model_fields.SignedAmountField,
    model_fields.PercentField,
)


def test_every_money_column_is_read_through_the_amount_fields() -> None:
    money_columns = (models.BigIntegerField, models.DecimalField, models.FloatField)
    checked = 0
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for column in model._meta.concrete_fields:
            if column.primary_key or not isinstance(column, money_columns):
                continue
            if (model._meta.label, column.name) in NOT_MONEY:
                continue
            assert isinstance(column, MONEY_FIELDS), (model._meta.label, column.name)
            assert isinstance(column.formfield(), AmountField | PercentField)
            checked += 1
    assert checked >= 15


def _input_tag(html: str, name: str) -> str:
    tags = re.findall(rf'<input[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert len(tags) == 1, f"{len(tags)} inputs named {name}"
    return tags[0]


def _assert_amount_input(html: str, name: str, mode: Mode) -> None:
    tag = _input_tag(html, name)
    assert 'type="text"' in tag
    assert re.search(r'inputmode="(numeric|decimal|text)"', tag)
    assert f'data-amount="{mode}"' in tag
    echo = re.search(r'data-amount-echo="([^"]+)"', tag)
    assert echo is not None
    assert re.search(rf'<(span|p)[^>]*id="{echo.group(1)}"[^>]*aria-live="polite"', html)


# Money inputs by name, on any page: a grid cell, or a name ending as the money columns do.
MONEY_NAME = re.compile(r"^[bf]_\d+_\d+$|(amount|forecast|threshold|percent)$")


def _assert_no_number_input_for_money(html: str) -> None:
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'\bname="([^"]*)"', tag)
        if name and MONEY_NAME.search(name.group(1)):
            assert 'type="number"' not in tag, tag


@pytest.mark.parametrize("field", INPUTS, ids=lambda f: f.kind)
def test_every_money_input_is_text_with_a_number_keyboard_and_an_echo(
    money: Money, field: Input
) -> None:
    response = money.client(field.who).get(field.page(money))
    assert response.status_code == 200
    _assert_amount_input(response.text, field.name(money), field.mode)
    _assert_no_number_input_for_money(response.text)


@pytest.mark.parametrize(("url", "args", "names"), [pytest.param(*p, id=p[0]) for p in ADMIN_PAGES])
def test_the_admin_types_every_amount_into_the_same_input(
    money: Money, url: str, args: Callable[[Money], list[int]], names: list[str]
) -> None:
    response = money.client("admin").get(reverse(url, args=args(money)))
    assert response.status_code == 200
    for name in names:
        mode = Mode.PERCENT if name.endswith("percent") else Mode.KRONER
        _assert_amount_input(response.text, name, mode)
    _assert_no_number_input_for_money(response.text)
    assert "/static/js/amounts.js" in response.text


def refusal_of(field: Input, text: str) -> str | None:
    """The message the input's field gives `text` in Danish, or None if it reads it."""
    reader = (
        PercentField(required=False)
        if field.mode == Mode.PERCENT
        else AmountField(required=False, mode=field.mode, negative=field.signed)
    )
    with translation.override("da"):
        try:
            reader.clean(text)
        except ValidationError as refusal:
            return str(refusal.messages[0])
    return None


def _post(money: Money, field: Input, text: str) -> str:
    url, data = field.post(money, text)
    response = money.client(field.who).post(url, data, follow=True)
    assert response.status_code == 200, f"{field.kind}, {text!r}: {response.status_code}"
    return str(response.content.decode())


def cases_for(field: Input) -> list[dict[str, Any]]:
    """The table's rows marked for typing into each field, that a field of its kind reads:
    a signed field (a payment) reads the signed rows, and those whose sign does not matter."""
    return [
        case
        for case in CASES
        if case.get("browser")
        and case["language"] == "da"
        and case["mode"] == field.mode
        and (
            case.get("signed", False) == field.signed
            or (field.signed and case.get("refusal") != "negative")
        )
    ]


TABLE_CASES = [(field, case) for field in INPUTS for case in cases_for(field)]


@pytest.mark.parametrize(
    ("field", "case"), TABLE_CASES, ids=lambda x: x.kind if isinstance(x, Input) else case_id(x)
)
def test_each_money_input_stores_what_the_table_says_or_shows_the_refusal(
    money: Money, field: Input, case: dict[str, Any]
) -> None:
    before = field.stored(money)
    page = _post(money, field, case["text"])
    after = field.stored(money)
    if "refusal" in case:
        message = refusal_of(field, case["text"])
        assert message is not None
        assert escape(message) in page
        assert after == before
        return
    value = Decimal(case["value"]) if field.mode == Mode.PERCENT else case["value"]
    assert after == value or (isinstance(after, list) and after[-1:] == [value]), after


# Text a careless user, a pasted document or an attacker types into a money input.
HOSTILE = [
    "1.5",
    "12.00",
    "1,234,5",
    "180,000",
    "12,5",
    "15,555",
    "١٢٣",
    "１２",
    "²",
    "-1",
    "−5",
    "1e3",
    "NaN",
    "inf",
    "0x10",
    "10**20",
    str(10**20),
    "9" * 5000,
    "x" * 5000,
    "\x00",
    "1\x00",
    "%",
    "\u202e",
    "<b>1</b>",
    "'; drop table x; --",
    "1 000 000 kr. og lidt til",
]


@pytest.mark.parametrize("field", INPUTS, ids=lambda f: f.kind)
def test_hostile_text_in_a_money_input_is_refused_at_the_field_and_nothing_is_saved(
    money: Money, field: Input
) -> None:
    before = field.stored(money)
    refused = 0
    for text in HOSTILE:
        message = refusal_of(field, text)
        if message is None:
            continue  # a real amount for this input ("-1" is a payment's recovery)
        page = _post(money, field, text)
        assert escape(message) in page, f"{field.kind}: no message for {text!r}"
        assert field.stored(money) == before, f"{field.kind}: {text!r} was saved"
        refused += 1
    assert refused >= len(HOSTILE) - 3


def test_the_grid_shows_its_cells_in_the_unit_they_are_typed_in(money: Money) -> None:
    client = money.client("staff")
    url = reverse("grants:decision_budget", args=[money.draft.pk])
    page = client.get(f"{url}?unit=1000").text
    tag = _input_tag(page, f"b_{money.world.area.pk}_2017")
    assert 'value="1.000"' in tag and 'data-amount="thousands"' in tag
    assert 'inputmode="decimal"' in tag
    assert 'data-refuse-thousands-decimals="' in page and 'data-read-kroner="' in page


def test_the_flat_rate_is_shown_as_its_hint_writes_it(money: Money) -> None:
    page = money.client("staff").get(_category_update(money)).text
    assert 'value="18,00"' in _input_tag(page, "rate_percent")
    assert "fx 18,00 eller 40,00" in page


def test_a_user_of_the_english_pages_types_amounts_the_english_way(money: Money) -> None:
    client = money.client("secretariat")
    client.cookies["django_language"] = "en"
    url, data = _line_post(money, "180,000")
    assert client.post(url, data).status_code == 302
    assert ExpenditureLine.objects.filter(report=money.report).get().amount == 180_000
    url, data = _line_post(money, "180.000")
    page = client.post(url, data).content.decode()
    assert escape("“180.000” is not an amount in whole kroner") in page
