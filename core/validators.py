"""Validators shared by every app: CVR numbers, the shape of a CPR number, plausible years
and dates."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr
from stdnum.exceptions import ValidationError as StdnumError

# The years a project may run in (a decision's first and last year, a budget's columns).
MIN_YEAR = 2000
MAX_YEAR = 2100

# The years any stored date may lie in. Dates reach back before the projects (a company's
# inclusion work, an attachment's date, a course of someone born in 1950), but not before
# the earliest birth year a participant may have (their constraint holds 1900 too); and no
# date lies after the last year a project may run. Everything outside is a typing slip
# (0001-01-01, 9999-12-31) that breaks date arithmetic and every period it falls into.
MIN_DATE_YEAR = 1900
MIN_DATE = date(MIN_DATE_YEAR, 1, 1)
MAX_DATE = date(MAX_YEAR, 12, 31)


def validate_cvr(value: str) -> None:
    """A Danish CVR number: eight digits with a modulus-11 check digit."""
    try:
        cvr.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid CVR number (eight digits with a valid check digit)."),
            code="invalid_cvr",
            params={"value": value},
        ) from exc


# Six digits of a birth date and four more, with or without a dash or a space: a CPR number.
CPR_SHAPE = re.compile(r"(?<!\d)\d{6}[\s-]?\d{4}(?!\d)")


def validate_not_cpr(value: str) -> None:
    """Refuse anything shaped like a CPR number: the project never stores one."""
    if CPR_SHAPE.search(value):
        raise ValidationError(
            _("This looks like a CPR number. Use the project's own reference, never a CPR number."),
            code="cpr_number",
        )


def validate_plausible_date(value: date | None) -> None:
    """Refuse a date outside MIN_DATE–MAX_DATE: the one rule for every date field."""
    if value is not None and not MIN_DATE <= value <= MAX_DATE:
        raise ValidationError(
            _("The date must lie between %(first)s and %(last)s."),
            code="implausible_date",
            params={"first": MIN_DATE.year, "last": MAX_DATE.year},
        )


def validate_not_in_future(value: date | None) -> None:
    """Refuse a date after today: for what is recorded once it has happened (an end, an outcome)."""
    if value and value > timezone.localdate():
        raise ValidationError(_("The date cannot lie in the future."), code="future")


def validate_past_date(value: date | None) -> None:
    """A plausible date no later than today: one message for one slip, the range's first."""
    validate_plausible_date(value)
    validate_not_in_future(value)


# The same bounds for the browser's date picker (`<input type="date" min=... max=...>`).
DATE_INPUT_BOUNDS = {"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()}
