"""The EU Social Fund's participant data computed from what the project stores.

Regulation (EU) No 1304/2013, Annex I counts participants by age on entry: below 25 years,
25–54, and above 54. The project keeps only the birth year, never the date of birth, so the age
on entry is the age the participant reaches in the calendar year of entry: entry year minus
birth year. Someone born in 1994 who enters on 1 March 2019 counts as 25 even if their
birthday falls later that year. The rule is the same for every participant and every report.
"""

from __future__ import annotations

import enum
from datetime import date

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

YOUNG_BELOW = 25
OLDER_ABOVE = 54


class AgeBand(enum.StrEnum):
    BELOW_25 = "below_25"
    FROM_25_TO_54 = "25_54"
    ABOVE_54 = "above_54"

    @property
    def label(self) -> Promise:
        return AGE_BAND_LABELS[self]


AGE_BAND_LABELS: dict[AgeBand, Promise] = {
    AgeBand.BELOW_25: _("below 25 years"),
    AgeBand.FROM_25_TO_54: _("25–54 years"),
    AgeBand.ABOVE_54: _("above 54 years"),
}


class EntryBeforeBirthError(ValueError):
    """The entry date lies before the birth year: no age on entry can be computed.

    Every path that stores a course refuses one starting before its participant's birth year
    (`OnboardingCourse.clean`, `Participant.clean`); a record stored before that rule, or
    around it, is shown with `entry_warning` instead of an age band.
    """


def age_on_entry(birth_year: int, entry: date) -> int:
    """The age reached in the year of entry: `entry.year - birth_year`."""
    if birth_year > entry.year:
        raise EntryBeforeBirthError(
            f"Birth year {birth_year} lies after the entry date {entry:%Y-%m-%d}."
        )
    return entry.year - birth_year


def age_band(birth_year: int, entry: date) -> AgeBand:
    """The ESF age band of a participant born in `birth_year` who enters on `entry`."""
    age = age_on_entry(birth_year, entry)
    if age < YOUNG_BELOW:
        return AgeBand.BELOW_25
    if age > OLDER_ABOVE:
        return AgeBand.ABOVE_54
    return AgeBand.FROM_25_TO_54


def age_band_on_entry(birth_year: int, entry: date | None) -> AgeBand | None:
    """The age band for a page or a report: None before the first course, and None when the
    stored entry lies before the birth year (`entry_warning` then says so)."""
    if entry is None or entry_warning(birth_year, entry) is not None:
        return None
    return age_band(birth_year, entry)


def entry_warning(birth_year: int, entry: date | None) -> str | None:
    """Why the age on entry cannot be computed from what is stored, or None when it can."""
    if entry is None or birth_year <= entry.year:
        return None
    return _(
        "The first course starts on %(date)s, before the birth year %(year)s: the age on entry "
        "cannot be computed. Correct the course's start date or the participant's birth year."
    ) % {"date": date_format(entry, "DATE_FORMAT"), "year": birth_year}
