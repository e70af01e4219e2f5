"""The ESF age band on entry, computed from the birth year alone: no database."""

from __future__ import annotations

from datetime import date

import pytest

from participants.esf import AgeBand, age_band, age_on_entry


@pytest.mark.parametrize(
    ("birth_year", "entry", "band"),
    [
        (2000, date(2019, 6, 1), AgeBand.BELOW_25),  # 19
        (1995, date(2019, 12, 31), AgeBand.BELOW_25),  # 24: the last year below 25
        (1994, date(2019, 1, 1), AgeBand.FROM_25_TO_54),  # 25 on the first day of the year
        (1970, date(2019, 6, 1), AgeBand.FROM_25_TO_54),
        (1965, date(2019, 6, 1), AgeBand.FROM_25_TO_54),  # 54: still in the middle band
        (1964, date(2019, 1, 1), AgeBand.ABOVE_54),  # 55
        (1940, date(2019, 6, 1), AgeBand.ABOVE_54),
    ],
)
def test_age_band_follows_the_esf_bands(birth_year: int, entry: date, band: AgeBand) -> None:
    assert age_band(birth_year, entry) is band


def test_age_on_entry_is_the_age_reached_in_the_year_of_entry() -> None:
    # Born some day in 1994, entering on 2 January 2019: counted as 25 all year.
    assert age_on_entry(1994, date(2019, 1, 2)) == 25
    assert age_on_entry(1994, date(2019, 12, 31)) == 25


def test_the_same_participant_changes_band_with_the_year_of_entry() -> None:
    assert age_band(1995, date(2019, 12, 31)) is AgeBand.BELOW_25
    assert age_band(1995, date(2020, 1, 1)) is AgeBand.FROM_25_TO_54


def test_a_birth_year_after_entry_is_an_error() -> None:
    with pytest.raises(ValueError, match="2020"):
        age_band(2020, date(2019, 6, 1))


def test_every_band_has_a_label() -> None:
    assert all(str(band.label) for band in AgeBand)
