"""Validators shared by every app: CVR numbers, the shape of a CPR number, plausible years."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr
from stdnum.exceptions import ValidationError as StdnumError

MIN_YEAR = 2000
MAX_YEAR = 2100


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
