"""What every step of the scale build shares: the counts, the names, the bulk writer."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from django.db import models
from django.utils import timezone

from companies.models import Company, Industry, Municipality
from grants.models import (
    FundingSource,
    Programme,
    Project,
)
from participants.models import Category, Participant

DEMO_PROJECT = "Rummelig imidt"
PROGRAMME_PREFIX = "Skalaprogram"
PROJECT_PREFIX = "Skalaprojekt"
REFERENCE_PREFIX = "SK-"
# CVR numbers from 50000000 on: the demo's start at 30000000, the tests' at 10000000.
CVR_FIRST = 5_000_000

# The generated programmes and how many projects each gets at scale 1. The demo's programme
# gets `DEMO_PROGRAMME_PROJECTS` more, so that it holds 100 with Rummelig imidt; one programme
# of 40 times the overview at a middling size.
PROGRAMMES = [
    (f"{PROGRAMME_PREFIX} Nord", 40),
    (f"{PROGRAMME_PREFIX} Syd", 120),
    (f"{PROGRAMME_PREFIX} Øst", 120),
    (f"{PROGRAMME_PREFIX} Vest", 120),
]
DEMO_PROGRAMME_PROJECTS = 99
# The demo's own 280 companies and about 1,000 courses come on top of these.
COMPANIES = 19_720
DEMO_COMPANIES = 2_700  # generated companies that also work with Rummelig imidt
DEMO_COURSES = 49_000
COURSES = 200_000  # in the generated projects, about 400 each
ORGANISATIONS = 60
BATCH = 5_000

AREA_NAMES = [
    "Virksomhedsnetværk",
    "Indslusning",
    "Mentorordning",
    "Opkvalificering",
    "Socialøkonomi",
    "Brancheindsats",
    "Jobrotation",
]
PURPOSES = [
    "Flere borgere på kanten af arbejdsmarkedet i job gennem forløb i lokale virksomheder.",
    "Virksomheder i netværk tager et socialt ansvar og åbner døren for nye medarbejdere.",
    "Ledige med handicap i ordinære job og fleksjob gennem mentorstøtte.",
]
_SURNAMES = [
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen",
    "Sørensen", "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen",
]  # fmt: skip
_TRADES = [
    "Tømrer", "Murer", "VVS", "El-service", "Malerfirma", "Landbrug", "Gartneri", "Hotel",
    "Camping", "Kro", "Tekstil", "Design", "Logistik", "Rengøring", "Kantine", "Handel",
]  # fmt: skip
_FORMS = ["ApS", "A/S", "I/S", ""]
FIRST_START = date(2016, 2, 1)
LAST_START = date(2020, 9, 30)
LAST_END = date(2020, 12, 31)
# The latest first course of one who takes two: the second then starts by LAST_START.
SECOND_BY = date(2019, 12, 31)
# Of a participant's last course, this share still runs (no end, no outcome yet).
RUNNING_SHARE = 0.02

Model = TypeVar("Model", bound=models.Model)


@dataclass(frozen=True)
class ScaleCounts:
    """What the build added."""

    programmes: int
    projects: int
    decisions: int
    cases: int
    targets: int
    companies: int
    participants: int
    courses: int


def scaled(count: int, scale: float, least: int = 1) -> int:
    """`count` at `scale`, never below `least`."""
    return max(least, round(count * scale))


def already_built() -> bool:
    """Whether this database holds an earlier build's rows (its programmes)."""
    return Programme.objects.filter(name__startswith=PROGRAMME_PREFIX).exists()


def beyond_demo() -> list[str]:
    """What the database holds besides the demo data, in words ([] when nothing)."""
    found = []
    projects = Project.objects.exclude(name=DEMO_PROJECT).count()
    if projects:
        found.append(f"{projects} other projects")
    participants = Participant.objects.exclude(
        project__name=DEMO_PROJECT, reference__startswith="RI-"
    ).count()
    if participants:
        found.append(f"{participants} participants outside the demo")
    companies = Company.objects.exclude(projects__name=DEMO_PROJECT).count()
    if companies:
        found.append(f"{companies} companies outside the demo")
    return found


def random_day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def save_in_bulk(model: type[Model], rows: Sequence[Model], *, when: Any) -> list[Model]:
    """Insert `rows` in batches, and their first audit-history record when the model has one
    (as `populate_history` would give them)."""
    created = model._default_manager.bulk_create(rows, batch_size=BATCH)
    history = getattr(model, "history", None)
    if history is not None:
        history.bulk_history_create(
            created, batch_size=BATCH, default_date=when, default_change_reason="scale data"
        )
    return created


@dataclass
class Plan:
    """A generated project and what the later steps need of it."""

    project: Project
    municipalities: list[Municipality]
    companies: list[Company] = field(default_factory=list)
    courses: int = 0


class BuildState:
    """The build's state, shared by its steps."""

    def __init__(self, rng: random.Random, scale: float, report: Callable[[str], None]) -> None:
        self.rng = rng
        self.scale = scale
        self.report = report
        self.when = timezone.now()
        self.demo = Project.objects.select_related("programme").get(name=DEMO_PROJECT)
        self.sources = list(FundingSource.objects.order_by("order", "pk")[:3])
        self.industries = list(Industry.objects.order_by("name"))
        self.municipalities = list(
            Municipality.objects.filter(labour_market_area__isnull=False).order_by("code")
        )
        self.categories: dict[str, list[Category]] = {}
        for category in Category.objects.filter(active=True).order_by("kind", "order", "pk"):
            self.categories.setdefault(category.kind, []).append(category)
        self.demo_companies: list[Company] = []
        self.decisions = 0
        self.targets = 0
        self.participants = 0
        self.courses = 0
