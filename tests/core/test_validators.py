"""The shared validators: one plausible-date rule for every date field, and no future end."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.validators import (
    DATE_INPUT_BOUNDS,
    MAX_DATE,
    MAX_YEAR,
    MIN_DATE,
    validate_not_in_future,
    validate_past_date,
    validate_plausible_date,
)
from core.widgets import DateInput


@pytest.mark.parametrize("value", [MIN_DATE, date(1950, 6, 1), date(2019, 3, 1), MAX_DATE, None])
def test_plausible_dates_pass(value: date | None) -> None:
    validate_plausible_date(value)


@pytest.mark.parametrize(
    "value",
    [date.min, date(1, 1, 1), date(1899, 12, 31), date(2101, 1, 1), date(9999, 12, 31), date.max],
)
def test_dates_outside_the_range_are_refused_in_danish(value: date) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_plausible_date(value)
    assert caught.value.code == "implausible_date"
    assert caught.value.messages == ["Datoen skal ligge mellem 1900 og 2100."]


def test_the_range_ends_with_the_last_year_a_project_may_run() -> None:
    assert MIN_DATE.isoformat() == "1900-01-01"
    assert (MAX_DATE.year, MAX_DATE.month, MAX_DATE.day) == (MAX_YEAR, 12, 31)


def test_a_date_after_today_is_refused() -> None:
    validate_not_in_future(timezone.localdate())
    with pytest.raises(ValidationError) as caught:
        validate_not_in_future(timezone.localdate() + timedelta(days=1))
    assert caught.value.messages == ["Datoen kan ikke ligge i fremtiden."]


def test_the_date_picker_offers_only_plausible_dates() -> None:
    html = DateInput().render("day", date(2019, 3, 1))
    assert 'type="date"' in html
    assert 'min="1900-01-01"' in html and 'max="2100-12-31"' in html
    assert 'value="2019-03-01"' in html
    assert DATE_INPUT_BOUNDS == {"min": "1900-01-01", "max": "2100-12-31"}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (date(9999, 12, 31), "Datoen skal ligge mellem 1900 og 2100."),  # one message, not two
        (date(1, 1, 1), "Datoen skal ligge mellem 1900 og 2100."),
        (date(2100, 1, 1), "Datoen kan ikke ligge i fremtiden."),
    ],
)
def test_a_past_date_is_plausible_and_not_after_today(value: date, message: str) -> None:
    validate_past_date(timezone.localdate())
    with pytest.raises(ValidationError) as caught:
        validate_past_date(value)
    assert caught.value.messages == [message]
