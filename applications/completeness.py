"""What a request still lacks before it can be submitted: plain data in, messages out.

The same findings are shown on the request's page while it is drafted and refuse its
submission, so the applicant reads beforehand exactly what the submit button would say.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from core.numbers import format_kroner


@dataclass(frozen=True)
class RequestFacts:
    """A request as plain data: what completeness needs to know of it."""

    is_application: bool
    title: str
    description: str
    first_year: int | None
    last_year: int | None
    # (area id, year) -> kroner; (funding source id, year) -> kroner.
    budget: Mapping[tuple[int, int], int] = field(default_factory=dict)
    financing: Mapping[tuple[int, int], int] = field(default_factory=dict)
    # Applications: the organisations' roles and whether each has a CVR number.
    organisations: Sequence[tuple[str, bool]] = ()
    # The call's indicators (id -> name) and those the application has set a target for.
    required_indicators: Mapping[int, str] = field(default_factory=dict)
    targets: frozenset[int] = frozenset()
    # A change request that asks for no money (time extension, partner, other) needs no grid.
    needs_figures: bool = True


def yearly_difference(
    budget: Mapping[tuple[int, int], int], financing: Mapping[tuple[int, int], int]
) -> dict[int, int]:
    """Budget minus financing, per year that has either, 0 where they balance."""
    difference: dict[int, int] = defaultdict(int)
    for (_key, year), value in budget.items():
        difference[year] += value
    for (_key, year), value in financing.items():
        difference[year] -= value
    return dict(sorted(difference.items()))


def missing(facts: RequestFacts) -> list[str]:
    """Every reason the request cannot be submitted yet, in the order of its page."""
    problems: list[str] = []
    if not facts.title.strip():
        problems.append(_("Give the request a title."))
    if not facts.description.strip():
        problems.append(
            _("Describe the project.") if facts.is_application else _("Give the justification.")
        )
    if facts.first_year is None or facts.last_year is None:
        problems.append(_("Give the period: the first and the last year."))
    if facts.is_application:
        roles = [role for role, _has_cvr in facts.organisations]
        if "applicant" not in roles:
            problems.append(_("Name the applicant organisation."))
        if any(not has_cvr for _role, has_cvr in facts.organisations):
            problems.append(_("Give the CVR number of every organisation."))
        for indicator_id, name in facts.required_indicators.items():
            if indicator_id not in facts.targets:
                problems.append(_("Set a target for %(indicator)s.") % {"indicator": name})
    if facts.needs_figures:
        if not any(facts.budget.values()) and not any(facts.financing.values()):
            problems.append(_("Enter the budget and its financing."))
        years: set[int] = set()
        if facts.first_year is not None and facts.last_year is not None:
            years = set(range(facts.first_year, facts.last_year + 1))
        outside = sorted(
            {
                year
                for (_k, year), value in [*facts.budget.items(), *facts.financing.items()]
                if value and years and year not in years
            }
        )
        if outside:
            problems.append(
                _("The grid has amounts outside the period: %(years)s.")
                % {"years": ", ".join(str(year) for year in outside)}
            )
        for year, difference in yearly_difference(facts.budget, facts.financing).items():
            if difference:
                problems.append(
                    _(
                        "Budget and financing do not balance in %(year)s "
                        "(difference %(difference)s kr.)."
                    )
                    % {"year": year, "difference": format_kroner(difference)}
                )
    return problems
