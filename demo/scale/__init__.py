"""The scale data set: a region's worth of projects, companies, participants and courses.

Built on top of the demo (`load_demo`) for benchmarks at the size the region works at: 500
projects in 5 programmes (1,500 grant decisions whose budget and financing balance year by
year, 500 cases, 6,000 targets), 20,000 companies, about 200,000 participants and 250,000
onboarding courses, 50,000 of them in the demo project Rummelig imidt. `scale` shrinks every
count (0.002 for a test); the same seed gives the same data.

Rows are written with `bulk_create` in batches, with their first ("created") audit-history
record written in bulk beside them, so the whole set takes minutes. Bulk creation skips
`save`, so the generator itself keeps the models' invariants: every decision balances, every
CVR number has a valid check digit, courses end after they start and start years after the
participant was born.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import transaction

from demo.scale.common import (
    COMPANIES,
    COURSES,
    DEMO_COURSES,
    DEMO_PROJECT,
    PROGRAMME_PREFIX,
    PROGRAMMES,
    REFERENCE_PREFIX,
    ScaleCounts,
    already_built,
    beyond_demo,
)
from demo.scale.grant_steps import GrantSteps
from demo.scale.people_steps import PeopleSteps

__all__ = [
    "COMPANIES",
    "COURSES",
    "DEMO_COURSES",
    "DEMO_PROJECT",
    "PROGRAMMES",
    "PROGRAMME_PREFIX",
    "REFERENCE_PREFIX",
    "ScaleCounts",
    "already_built",
    "beyond_demo",
    "build_scale_data",
]


class _Builder(GrantSteps, PeopleSteps):
    """Every step of the build, in the order `build_scale_data` runs them."""


@transaction.atomic
def build_scale_data(
    *, seed: int, scale: float = 1.0, report: Callable[[str], None] | None = None
) -> ScaleCounts:
    """Add the scale data set to a database holding the demo; same seed, same data.

    One transaction: a build that fails leaves nothing behind.
    """
    rng = random.Random(seed)  # noqa: S311 - benchmark data, not secrets
    builder = _Builder(rng, scale, report or (lambda line: None))
    programmes, plans = builder.projects()
    cases = builder.grants(plans)
    companies = builder.companies(plans)
    builder.people(plans)
    return ScaleCounts(
        programmes=programmes,
        projects=len(plans),
        decisions=builder.decisions,
        cases=cases,
        targets=builder.targets,
        companies=companies,
        participants=builder.participants,
        courses=builder.courses,
    )
