"""Validators and constraints shared by the grants models."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
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


def year_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}), name=name
    )
