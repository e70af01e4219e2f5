"""Constraints shared by the grants models."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.validators import MAX_YEAR, MIN_YEAR


def year_check(field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}), name=name
    )
