"""The ESF age band on entry, computed from the birth year alone: no database."""

from __future__ import annotations

from datetime import date

import pytest

from participants.esf import (
    AgeBand,
    EntryBeforeBirthError,
    age_band,
    age_band_on_entry,
    age_on_entry,
    entry_warning,
)


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
    with pytest.raises(EntryBeforeBirthError, match="2020"):
        age_band(2020, date(2019, 6, 1))


def test_pages_get_no_band_and_a_warning_for_an_entry_before_the_birth_year() -> None:
    # What a page or report shows for a record stored before the rule refused it.
    assert age_band_on_entry(2020, date(2019, 6, 1)) is None
    assert entry_warning(2020, date(2019, 6, 1)) == (
        "Det første forløb begynder den 1. juni 2019, før fødselsåret 2020: alderen ved start "
        "kan ikke beregnes. Ret forløbets startdato eller deltagerens fødselsår."
    )


def test_pages_get_the_band_and_no_warning_for_a_good_entry() -> None:
    assert age_band_on_entry(1990, date(2019, 6, 1)) is AgeBand.FROM_25_TO_54
    assert age_band_on_entry(2019, date(2019, 1, 1)) is AgeBand.BELOW_25  # the same year
    assert entry_warning(2019, date(2019, 1, 1)) is None


def test_before_the_first_course_there_is_neither_band_nor_warning() -> None:
    assert age_band_on_entry(1990, None) is None
    assert entry_warning(1990, None) is None


def test_every_band_has_a_label() -> None:
    assert all(str(band.label) for band in AgeBand)
