"""Writes of indicators, a programme's choice of them, and a decision's targets and breakdowns.

Keyword-only and atomic, validated with `full_clean`, the author named for the audit history
(`grants.setup.services._save`); they raise `ValidationError` and save nothing when refused.
What they guard beyond the database's constraints:

- an indicator's way of measuring cannot change once targets use it (their figures would
  silently change meaning);
- a programme keeps every indicator its decisions have targets for;
- a decision sets targets only for indicators its programme has chosen, once each;
- a breakdown is by a dimension the indicator's measure can count, and the parts of one
  dimension add up to no more than the target.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from core import audit
from grants.models import (
    Dimension,
    GrantDecision,
    Indicator,
    Programme,
    ProgrammeIndicator,
    Target,
    TargetBreakdown,
)
from grants.models.indicators import CATEGORIES


def _industries() -> models.QuerySet[models.Model]:
    """The industries a breakdown can name (companies sit above grants: reached by the field)."""
    related = TargetBreakdown._meta.get_field("industry").related_model
    assert isinstance(related, type) and issubclass(related, models.Model)
    return related._default_manager.order_by("name")


def indicator_save(*, indicator: Indicator, by: AbstractBaseUser) -> Indicator:
    """Create or change an indicator. A reported one has no measure; a computed one needs one."""
    with transaction.atomic():
        if indicator.measurement == Indicator.Measurement.REPORTED:
            indicator.measure = ""
        elif not indicator.measure:
            raise ValidationError(
                {
                    "measure": ValidationError(
                        _("Choose what the application counts for a computed indicator."),
                        code="measure_missing",
                    )
                }
            )
        if indicator.pk is not None:
            before = Indicator.objects.select_for_update().get(pk=indicator.pk)
            changed = (before.measurement, before.measure) != (
                indicator.measurement,
                indicator.measure,
            )
            if changed and Target.objects.filter(indicator=indicator).exists():
                raise ValidationError(
                    {
                        "measurement": ValidationError(
                            _(
                                "Targets are set for this indicator, so how it is measured cannot "
                                "change: create a new indicator instead."
                            ),
                            code="in_use",
                        )
                    }
                )
        return audit.save(indicator, by=by)


def programme_indicators_set(
    *, programme: Programme, indicators: Iterable[Indicator], by: AbstractBaseUser
) -> None:
    """Make `indicators` the ones `programme`'s decisions may set targets for."""
    wanted = {indicator.pk for indicator in indicators}
    with transaction.atomic():
        chosen = {
            choice.indicator_id: choice
            for choice in ProgrammeIndicator.objects.select_for_update().filter(programme=programme)
        }
        dropped = set(chosen) - wanted
        in_use = list(
            Indicator.objects.filter(
                pk__in=dropped, targets__decision__project__programme=programme
            )
            .distinct()
            .order_by("code")
        )
        if in_use:
            raise ValidationError(
                {
                    "indicators": ValidationError(
                        _(
                            "The programme's decisions have targets for %(names)s, so the "
                            "programme keeps these indicators."
                        )
                        % {"names": ", ".join(str(indicator) for indicator in in_use)},
                        code="in_use",
                    )
                }
            )
        for pk in dropped:
            audit.delete(chosen[pk], by=by)
        for pk in sorted(wanted - set(chosen)):
            audit.save(ProgrammeIndicator(programme=programme, indicator_id=pk), by=by)


def target_add(
    *, decision: GrantDecision, indicator: Indicator, value: int, by: AbstractBaseUser
) -> Target:
    """Set a target for one of the decision's programme's indicators."""
    with transaction.atomic():
        if not ProgrammeIndicator.objects.filter(
            programme_id=decision.project.programme_id, indicator=indicator
        ).exists():
            raise ValidationError(
                {
                    "indicator": ValidationError(
                        _("The decision's programme has not chosen this indicator."),
                        code="not_chosen",
                    )
                }
            )
        if Target.objects.filter(decision=decision, indicator=indicator).exists():
            raise ValidationError(
                {
                    "indicator": ValidationError(
                        _("The decision already has a target for this indicator."), code="unique"
                    )
                }
            )
        return audit.save(Target(decision=decision, indicator=indicator, value=value), by=by)


# A breakdown part as the form reads it: the dimension, the industry (for an industry) and the
# category (for a gender or an age band).
Part = tuple[Dimension, Any, str]


def parse_part(indicator: Indicator, part: str) -> Part | None:
    """A breakdown choice "gender:female" or "industry:12" read, if the indicator allows it."""
    dimension_code, _sep, category = part.partition(":")
    if dimension_code not in {d.value for d in indicator.dimensions}:
        return None
    dimension = Dimension(dimension_code)
    if dimension == Dimension.INDUSTRY:
        industry = _industries().filter(pk=int(category)).first() if category.isdigit() else None
        return (dimension, industry, "") if industry is not None else None
    return (dimension, None, category) if category in CATEGORIES[dimension] else None


def part_choices(indicator: Indicator) -> list[tuple[str, str]]:
    """The parts a target of `indicator` may be broken down into, as (value, label)."""
    choices: list[tuple[str, str]] = []
    for dimension in indicator.dimensions:
        if dimension == Dimension.INDUSTRY:
            choices += [
                (f"industry:{pk}", f"{dimension.label}: {name}")
                for pk, name in _industries().values_list("pk", "name")
            ]
        else:
            choices += [
                (f"{dimension.value}:{code}", f"{dimension.label}: {label}")
                for code, label in CATEGORIES[dimension].items()
            ]
    return choices


def _check_parts_fit(target: Target, dimension: str, value: int, exclude: int | None) -> None:
    others = TargetBreakdown.objects.filter(target=target, dimension=dimension)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    taken = others.aggregate(total=Sum("value"))["total"] or 0
    if taken + value > target.value:
        raise ValidationError(
            {
                "value": ValidationError(
                    _(
                        "The parts by %(dimension)s would add up to %(total)s, more than the "
                        "target of %(target)s."
                    )
                    % {
                        "dimension": Dimension(dimension).label,
                        "total": taken + value,
                        "target": target.value,
                    },
                    code="parts_exceed_target",
                )
            }
        )


def breakdown_set(
    *,
    target: Target,
    dimension: Dimension,
    industry: Any,
    category: str,
    value: int,
    by: AbstractBaseUser,
) -> TargetBreakdown:
    """Set the value of one part of `target` (add it, or change the part's value)."""
    with transaction.atomic():
        target = Target.objects.select_for_update().select_related("indicator").get(pk=target.pk)
        if dimension not in target.indicator.dimensions:
            raise ValidationError(
                {
                    "part": ValidationError(
                        _("This indicator's measure cannot be broken down by %(dimension)s.")
                        % {"dimension": dimension.label},
                        code="dimension_not_supported",
                    )
                }
            )
        part = TargetBreakdown.objects.filter(
            target=target, dimension=dimension, industry=industry, category=category
        ).first() or TargetBreakdown(
            target=target, dimension=dimension, industry=industry, category=category, value=0
        )
        _check_parts_fit(target, dimension, value, exclude=part.pk)
        part.value = value
        return audit.save(part, by=by)


def breakdown_remove(*, part: TargetBreakdown, by: AbstractBaseUser) -> None:
    with transaction.atomic():
        audit.delete(part, by=by)
